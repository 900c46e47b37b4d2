"""Accessibility of the participation pages in a real browser: axe-core finds no WCAG 2.1
A/AA violation in either language, on the public pages (a consultation with comments, a
hidden one and an answer; a poll with results; the verify pages) and the staff pages."""

import pytest
from django.conf import settings
from django.test import Client

from minfu.org.models import Role
from minfu.participation import services
from tests.org.factories import UnitFactory, staff_user
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, url_in

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _activities():
    item = factories.consultation()
    manager = staff_user(UnitFactory(organisation=item.organisation),
                         Role.QUALITY_COORDINATOR)
    shown, _code = services.comment_submit(consultation=item, body="建議延長服務時間",
                                           participant=factories.participant())
    hidden, _code = services.comment_submit(consultation=item, body="不當言論",
                                            participant=factories.participant("b@e.org"))
    services.comment_answer(comment=shown, actor=manager, answer="將試辦", verdict="adopted",
                            expected_version=shown.version)
    services.comment_hide(comment=hidden, actor=manager, reason="abuse",
                          expected_version=hidden.version)
    poll = factories.poll(organisation=item.organisation, hidden=False)
    services.ballot_cast(poll=poll, participant=factories.participant(),
                         option_ids=[poll.options.first().pk])
    return item, poll, manager


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_wcag_violations(live_server, browser_page, language):
    item, poll, _manager = _activities()
    for name, kwargs in (("participation:public-index", {}),
                         ("participation:public-consultation", {"pk": item.pk}),
                         ("participation:public-poll", {"pk": poll.pk})):
        assert_accessible(browser_page, live_server.url + url_in(language, name, **kwargs))
    verify = url_in(language, "participation:verify") + f"?activity={item.activity_key}"
    assert_accessible(browser_page, live_server.url + verify)


def test_staff_pages_have_no_wcag_violations(live_server, browser_page):
    item, poll, manager = _activities()
    client = Client()
    client.force_login(manager)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                                       "url": live_server.url}])
    for name, kwargs in (("participation:staff-list", {}),
                         ("participation:staff-consultation", {"pk": item.pk}),
                         ("participation:staff-poll", {"pk": poll.pk})):
        assert_accessible(browser_page, live_server.url + url_in("zh-hant", name, **kwargs))
