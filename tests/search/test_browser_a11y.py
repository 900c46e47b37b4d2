"""The search pages with results in a real browser: axe-core finds no WCAG 2.1 A/AA
violation (see tests/web/test_browser_a11y.py for the shared checks)."""

import pytest
from django.conf import settings
from django.test import Client

from minfu.catalog import demo
from minfu.org import demo as org_demo
from minfu.org.models import Role, Unit
from minfu.search import index
from tests.org.factories import staff_user
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed_catalogue():
    org_demo.load()
    demo.load()
    index.rebuild()


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_search_pages(live_server, browser_page, indexed_catalogue, language):
    url = live_server.url + url_in(language, "search:public-search")
    assert_accessible(browser_page, url)
    assert_accessible(browser_page, url + ("?q=passport" if language == "en" else "?q=護照"))
    assert browser_page.locator(".search-results mark").count() >= 1
    assert_accessible(browser_page, url + "?q=量子力學")


def test_staff_search_page(live_server, browser_page, indexed_catalogue):
    client = Client()
    client.force_login(staff_user(Unit.objects.first(), Role.AGENCY_ADMIN))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                                       "url": live_server.url}])
    assert_accessible(browser_page, live_server.url + url_in("zh-hant", "search:staff-search")
                      + "?q=稅")
