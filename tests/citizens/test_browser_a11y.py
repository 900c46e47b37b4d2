"""axe-core on the citizen pages, in both languages, signed out and signed in (with
an application, a petition and a vote in a poll in the account, and a form showing its
errors)."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from minfu.citizens.session import SESSION_CITIZEN, SESSION_STAMP
from minfu.participation import services as participation_services
from tests.cases import factories as case_factories
from tests.citizens.factories import citizen
from tests.participation import factories as participation_factories
from tests.voice import factories as voice_factories
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGNED_OUT = ["citizens:sign-in"]
SIGNED_IN = ["citizens:my-records", "citizens:claim", "citizens:preferences",
             "citizens:export", "citizens:close"]


def _signed_in(page, live_server):
    account = citizen()
    case_factories.submit(case_factories.service(), owner=account)
    voice_factories.submit(voice_factories.agency_unit(), owner=account)
    poll = participation_factories.poll()  # a row with no number: named by its title
    participation_services.ballot_cast(
        poll=poll, participant=participation_factories.participant(account.email),
        option_ids=[poll.options.first().pk])
    session = SessionStore()
    session[SESSION_CITIZEN], session[SESSION_STAMP] = account.pk, account.session_stamp
    session.create()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": session.session_key, "url": live_server.url}])
    return account


@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_pages_have_no_wcag_violations(live_server, browser_page, language, settings):
    settings.MINFU_OIDC_DISCOVERY_URL = "http://localhost:1/.well-known/openid-configuration"
    settings.MINFU_OIDC_CLIENT_ID = "axe"
    for name in SIGNED_OUT:
        assert_accessible(browser_page, live_server.url + url_in(language, name))
    _signed_in(browser_page, live_server)
    for name in SIGNED_IN:
        assert_accessible(browser_page, live_server.url + url_in(language, name))
    # A form with its errors: the error summary and the fields' messages.
    browser_page.goto(live_server.url + url_in(language, "citizens:preferences"))
    browser_page.fill("#id_phone", "")
    browser_page.check("#id_notify_by_sms")
    with browser_page.expect_navigation():
        browser_page.click("main button[type=submit]:not(.button-secondary)")
    assert browser_page.locator(".error-summary").count() == 1
