"""Accessibility in a real browser: axe-core on the main pages in both languages, the
skip link by keyboard, and the core flow with JavaScript off. Runs the system Chromium
(see tests/conftest.py); fails on any WCAG 2.0/2.1 A or AA violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils.translation import override

from minfu.catalog import services
from minfu.catalog.models import ClassificationTag, RequiredDocument
from minfu.workcal.periods import PeriodUnit
from tests.org.factories import UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["zh-hant", "en"]
AXE = Axe()

PAGES = {
    "public home": "web:public-home",
    "catalogue list": "catalog:public-list",
    "processing-period table": "catalog:public-periods",
    "accessibility statement": "web:accessibility",
    "privacy policy": "web:privacy",
    "staff sign-in": "web:staff-login",
}


def url_in(language: str, name: str, **kwargs) -> str:
    with override(language):
        return reverse(name, kwargs=kwargs)


def open_page(page, url: str) -> list[str]:
    """Load `url` and return the console errors it caused (CSP refusals show up there)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    return errors


def assert_accessible(page, url: str) -> None:
    console_errors = open_page(page, url)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                     "resultTypes": ["violations"]})
    violations = results.response["violations"]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found WCAG A/AA violations on {url}:\n{report}"
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    assert page.locator("h1").count() == 1, f"{url} must have exactly one <h1>"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_name", list(PAGES))
def test_page_has_no_wcag_violations(live_server, browser_page, page_name, language):
    assert_accessible(browser_page, live_server.url + url_in(language, PAGES[page_name]))


def publish_demo_service() -> dict:
    """A published service with a checklist, made through the catalogue's own services;
    returns the URL kwargs of its public page."""
    services.classification_tags_seed()
    unit = UnitFactory()
    tags = {scheme: ClassificationTag.objects.filter(scheme=scheme).first()
            for scheme in ClassificationTag.Scheme.values}
    content = services.VersionContent(
        name_zh="營業登記", name_en="Business registration", responsible_unit=unit,
        period_value=7, period_unit=PeriodUnit.WORKING_DAYS, norm_value=3,
        norm_unit=PeriodUnit.WORKING_DAYS,
        channels=("online", "counter"), applicant_kinds=("business",),
        description_zh="辦理營業登記。", description_en="Register a business.",
        legal_basis_zh="營業登記規則第3條", legal_basis_en="Business Registration Rules, art. 3",
        fee_amount=0, where_to_apply_zh="本局各分局", where_to_apply_en="Any branch office",
        topic_tag=tags[ClassificationTag.Scheme.TOPIC],
        policy_tag=tags[ClassificationTag.Scheme.POLICY],
        service_tag=tags[ClassificationTag.Scheme.SERVICE],
        documents=(
            services.DocumentItem(name_zh="申請書", name_en="Application form"),
            services.DocumentItem(
                name_zh="委任書", name_en="Letter of authorisation",
                requirement=RequiredDocument.Requirement.CONDITIONAL,
                condition_zh="委任他人代辦時", condition_en="When someone applies for you"),
            services.DocumentItem(name_zh="公司登記資料", name_en="Company registration record",
                                  fetched_by_agency=True),
        ),
    )
    draft = services.service_type_create(organisation=unit.organisation, code="BIZ-REG",
                                         content=content)
    services.service_type_version_publish(version=draft, expected_version=draft.version)
    return {"organisation_code": unit.organisation.code, "code": "BIZ-REG"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_service_page_has_no_wcag_violations(live_server, browser_page, language):
    kwargs = publish_demo_service()
    url = live_server.url + url_in(language, "catalog:public-detail", **kwargs)
    assert_accessible(browser_page, url)


@pytest.mark.parametrize("language", LANGUAGES)
def test_skip_link_is_first_and_moves_focus_to_main(live_server, browser_page, language):
    open_page(browser_page, live_server.url + url_in(language, "web:public-home"))
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate(
        "({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "skip-link", "href": "#main"}
    assert browser_page.locator(".skip-link").is_visible()  # shown once focused
    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "main"


def test_search_and_language_switch_work_without_javascript(live_server, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        open_page(page, live_server.url + url_in("zh-hant", "web:public-home"))
        page.fill("#home-search", "戶籍")
        page.get_by_role("search").get_by_role("button").click()
        page.wait_for_load_state()
        expected = live_server.url + url_in("zh-hant", "search:public-search")
        assert page.url.startswith(expected) and "q=%E6%88%B6%E7%B1%8D" in page.url
        page.locator(".lang-switch a[hreflang='en']").click()
        page.wait_for_load_state()
        assert page.url.startswith(live_server.url + url_in("en", "search:public-search"))
        assert "q=%E6%88%B6%E7%B1%8D" in page.url
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        context.close()
