"""The Open311 staff pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation
on the overview (services, keys, requests and their forms), a service's form, the page
that shows a new key once, and a key's page with its use. Shared checks:
tests/web/test_browser_a11y.py."""

import pytest

from minfu.open311.models import ApiKey, Open311Service
from tests.cases.test_browser_a11y import sign_in_as
from tests.open311.factories import admin_of, agency, key_for, petition_service
from tests.web.test_browser_a11y import (
    AXE,
    LANGUAGES,
    WCAG_TAGS,
    assert_accessible,
    open_page,
    url_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages(live_server, browser_page, language):
    page, base = browser_page, live_server.url
    unit = agency("TPC")
    service = petition_service(unit)
    key, _plaintext = key_for(unit)
    sign_in_as(page, live_server, admin_of(unit))
    for address in (url_in(language, "open311-staff:home"),
                    url_in(language, "open311-staff:service-edit", pk=service.pk),
                    url_in(language, "open311-staff:key-detail", pk=key.pk)):
        assert_accessible(page, base + address)
    # Issue a key with the keyboard-reachable form: the key is shown once, accessibly.
    open_page(page, base + url_in(language, "open311-staff:home"))
    page.fill("#id_key-name", "Reporting app")
    page.click("form[action$='keys/issue/'] button[type=submit]")
    shown = page.input_value("#api-key")
    assert shown.startswith("m311_") and ApiKey.objects.count() == 2
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                     "resultTypes": ["violations"]})
    assert results.response["violations"] == []
    assert Open311Service.objects.count() == 1
