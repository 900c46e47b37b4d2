"""Accessibility of the proposal and session pages in a real browser: axe-core in both
languages, public and staff (tests/web/test_browser_a11y.py has the rules)."""

import pytest

from minfu.participation import proposals_services
from tests.cases.test_browser_a11y import sign_in_as
from tests.org.factories import superuser
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, url_in

from .proposal_factories import agency_unit, open_proposal, participant, proposal, session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def records():
    unit = agency_unit()
    opened = open_proposal(unit, threshold=5)
    proposals_services.proposal_sign(proposal=opened, participant=participant())
    waiting, _code = proposal(unit)
    event = session(unit, capacity=1)
    return {"proposal": opened, "waiting": waiting, "session": event}


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages(live_server, browser_page, records, language):
    for name, kwargs in [("participation:proposal-list", {}),
                         ("participation:proposal-detail", {"pk": records["proposal"].pk}),
                         ("participation:session-list", {}),
                         ("participation:session-detail", {"pk": records["session"].pk})]:
        assert_accessible(browser_page, live_server.url + url_in(language, name, **kwargs))


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages(live_server, browser_page, records, language):
    sign_in_as(browser_page, live_server, superuser())
    for name, kwargs in [("participation:staff-proposal-queue", {}),
                         ("participation:staff-proposal-detail", {"pk": records["waiting"].pk}),
                         ("participation:staff-proposal-detail", {"pk": records["proposal"].pk}),
                         ("participation:staff-session-list", {}),
                         ("participation:staff-session-new", {}),
                         ("participation:staff-session-detail", {"pk": records["session"].pk})]:
        assert_accessible(browser_page, live_server.url + url_in(language, name, **kwargs))
