"""The catalogue pages with real content in a real browser: axe-core finds no WCAG 2.1
A/AA violation (see tests/web/test_browser_a11y.py for the shared checks)."""

import pytest
from django.conf import settings
from django.test import Client

from minfu.catalog import demo, services
from minfu.catalog.models import ServiceType
from minfu.org import demo as org_demo
from minfu.org.models import Role
from tests.org.factories import staff_user
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_catalogue():
    org_demo.load()
    demo.load()
    return ServiceType.objects.get(organisation__code="NTBT", code="IIT-RETURN")


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_with_content(live_server, browser_page, demo_catalogue, language):
    for name, kwargs in (("catalog:public-list", {}), ("catalog:public-periods", {}),
                         ("catalog:public-detail", {"organisation_code": "NTBT",
                                                    "code": "IIT-RETURN"})):
        assert_accessible(browser_page, live_server.url + url_in(language, name, **kwargs))
    assert browser_page.locator("h1").count() == 1


def test_search_results_and_print_button(live_server, browser_page, demo_catalogue):
    assert_accessible(browser_page, live_server.url + url_in("zh-hant", "catalog:public-list")
                      + "?q=謄本&channel=online")
    assert browser_page.locator(".service-results li").count() >= 2
    detail = url_in("zh-hant", "catalog:public-detail", organisation_code="TPC", code="DRAWBACK")
    assert_accessible(browser_page, live_server.url + detail)
    assert browser_page.locator("button.js-print").is_visible()  # shown by print.js
    browser_page.emulate_media(media="print")
    assert not browser_page.locator(".site-nav").is_visible()
    assert browser_page.locator(".checklist").is_visible()


def test_staff_pages(live_server, browser_page, demo_catalogue):
    unit = demo_catalogue.versions.first().responsible_unit
    client = Client()
    client.force_login(staff_user(unit, Role.AGENCY_ADMIN))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                                       "url": live_server.url}])
    current = demo_catalogue.versions.get(status="published")
    draft = services.service_type_version_new_draft(service_type=demo_catalogue)
    for name, kwargs in (("catalog:staff-list", {}),
                         ("catalog:staff-detail", {"pk": demo_catalogue.pk}),
                         ("catalog:staff-version", {"pk": current.pk}),
                         ("catalog:staff-version-edit", {"pk": draft.pk}),
                         ("catalog:staff-version-publish", {"pk": draft.pk}),
                         ("catalog:staff-import", {}), ("catalog:staff-create", {})):
        assert_accessible(browser_page, live_server.url + url_in("zh-hant", name, **kwargs))
