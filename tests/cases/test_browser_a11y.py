"""The applications pages in a real browser: axe-core finds no WCAG 2.1 A/AA violation on
the citizens' pages (form, receipt, lookup, progress with a deficiency notice, supplement,
withdrawal) and the officers' (queues, case detail with its action forms, counter
intake); the application form can be filled and sent with the keyboard alone, and works
with JavaScript off. Shared checks: tests/web/test_browser_a11y.py."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from minfu.cases import services
from minfu.cases.forms_public import upload_items
from minfu.catalog import demo as catalog_demo
from minfu.catalog.models import ServiceTypeVersion
from minfu.catalog.questions import Choice, Question
from minfu.org import demo as org_demo
from minfu.org.models import Role
from minfu.workcal.selectors import calendar_for
from tests.cases.factories import VALID_NATIONAL_ID, person, service, submit
from tests.cases.public_support import PDF_BYTES
from tests.catalog.factories import sample_questions
from tests.org.factories import staff_user
from tests.org.test_browser_a11y import assert_accessible as assert_accessible_as_it_is
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, open_page, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A demo service (catalog/demo.py) open online to persons, with three documents to upload.
ORGANISATION, SERVICE = "NTBT", "GIFT-TAX"
APPLY = {"organisation_code": ORGANISATION, "service_code": SERVICE}
SEND = "main form[enctype='multipart/form-data'] button[type=submit]"
PDF_FILE = {"name": "form.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}


@pytest.fixture
def gift_tax() -> ServiceTypeVersion:
    org_demo.load()
    catalog_demo.load()
    cache.clear()  # the lookup rate limit counts per process, across tests
    return ServiceTypeVersion.objects.get(service_type__organisation__code=ORGANISATION,
                                          service_type__code=SERVICE, status="published")


@pytest.fixture
def supervisor(gift_tax):
    return staff_user(gift_tax.responsible_unit, Role.SUPERVISOR)


def awaiting_supplement(version: ServiceTypeVersion, actor):
    """An online case in review with a deficiency notice listing every upload item."""
    case, code = submit(version, applicant=person(email="ming@example.tw"))
    case = services.case_accept(case=case, actor=actor)
    case = services.case_start_review(case=case, actor=actor)
    items = [item.pk for item in upload_items(version)]
    supply_by = calendar_for(case.organisation).add_working_days(timezone.localdate(), 10)
    services.deficiency_notice_issue(case=case, items=items, supplement_due_date=supply_by,
                                     notes={items[0]: "請簽名蓋章"}, note="請於期限內補正。",
                                     actor=actor)
    case.refresh_from_db()
    return case, code


def sign_in_as(page, live_server, user) -> None:
    """The browser gets the session of `user` signed in by the test client."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])


def fill_application(page, version: ServiceTypeVersion, *, email="ming@example.tw") -> None:
    page.fill("#id_applicant_name", "王小明")
    page.fill("#id_national_id", VALID_NATIONAL_ID)
    page.fill("#id_contact_email", email)
    page.check("#id_consent")
    for item in upload_items(version):
        page.set_input_files(f"#id_document_{item.pk}", files=[PDF_FILE])


def look_up(page, live_server, language, case, code) -> None:
    open_page(page, live_server.url + url_in(language, "cases:public-lookup"))
    page.fill("#id_number", case.number)
    page.fill("#id_access_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_citizen_pages(live_server, browser_page, gift_tax, supervisor, language):
    page, base = browser_page, live_server.url
    apply_url = base + url_in(language, "cases:public-apply", **APPLY)
    assert_accessible(page, apply_url)
    # sent empty: the errors, linked to their fields
    page.click(SEND)
    page.wait_for_load_state()
    assert page.locator(".form-errors").count() == 1
    name = page.locator("#id_applicant_name")
    assert name.get_attribute("aria-invalid") == "true"
    assert "id_applicant_name_error" in name.get_attribute("aria-describedby")
    assert_accessible_here(page)
    # sent filled in: the receipt
    open_page(page, apply_url)
    fill_application(page, gift_tax)
    page.click(SEND)
    page.wait_for_load_state()
    assert "/applications/receipt/" in page.url
    assert_accessible_here(page)

    case, code = awaiting_supplement(gift_tax, supervisor)
    assert_accessible(page, base + url_in(language, "cases:public-lookup"))
    look_up(page, live_server, language, case, code)
    assert page.url.endswith(url_in(language, "cases:public-progress", number=case.number))
    assert page.locator("#needed-heading").count() == 1  # the deficiency notice is shown
    assert_accessible_here(page)
    for name in ("cases:public-supplement", "cases:public-withdraw"):
        assert_accessible(page, base + url_in(language, name, number=case.number))


@pytest.mark.parametrize("language", LANGUAGES)
def test_staff_pages(live_server, browser_page, gift_tax, supervisor, language):
    page, base = browser_page, live_server.url
    received, _code = submit(gift_tax)
    services.case_assign(cases=[received], officer=supervisor, actor=supervisor)
    in_review = services.case_start_review(
        case=services.case_accept(case=submit(gift_tax)[0], actor=supervisor), actor=supervisor)
    waiting, _code = awaiting_supplement(gift_tax, supervisor)
    sign_in_as(page, live_server, supervisor)
    intake = url_in(language, "cases:staff-intake")
    for address in (url_in(language, "cases:staff-queue"),
                    url_in(language, "cases:staff-unit-queue"),
                    url_in(language, "cases:staff-detail", pk=received.pk),
                    url_in(language, "cases:staff-detail", pk=in_review.pk),
                    url_in(language, "cases:staff-detail", pk=waiting.pk),
                    intake, f"{intake}?service={gift_tax.pk}"):
        assert_accessible(page, base + address)
    # the queues list the cases; the detail of a case in review offers its steps
    open_page(page, base + url_in(language, "cases:staff-unit-queue"))
    assert page.get_by_text(in_review.number).count() >= 1
    open_page(page, base + url_in(language, "cases:staff-detail", pk=in_review.pk))
    assert page.locator("main form[method=post]").count() >= 3
    # counter intake sent empty: the errors
    open_page(page, f"{base}{intake}?service={gift_tax.pk}")
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("main .error").count()
    assert_accessible_here(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_with_the_service_types_own_questions(live_server, browser_page, language):
    """Every kind of question, as the form renders it, and with its errors."""
    version = service(questions=sample_questions() + (
        Question(code="visit_on", kind="date", label_zh="預約日期", label_en="Visit date"),
        Question(code="languages", kind="multiple_choice", label_zh="語言",
                 label_en="Languages", choices=(Choice("zh", "中文", "Chinese"),
                                                 Choice("en", "英文", "English"))),
        Question(code="urgent", kind="yes_no", label_zh="是否急件", label_en="Urgent"),
        Question(code="reference", kind="short_text", label_zh="案號", label_en="Reference"),
    ))
    page = browser_page
    address = live_server.url + url_in(language, "cases:public-apply",
                                       organisation_code=version.service_type.organisation.code,
                                       service_code=version.service_type.code)
    assert_accessible(page, address)
    assert page.locator("[name^='question_']").count() >= 8
    page.fill("[name='question_income_year']", "abc")
    page.click(SEND)
    page.wait_for_load_state()
    assert page.locator("main .error").count()
    assert_accessible_here(page)


def test_application_can_be_sent_with_the_keyboard_alone(live_server, browser_page,
                                                          gift_tax):
    page = browser_page
    open_page(page, live_server.url + url_in("zh-hant", "cases:public-apply", **APPLY))
    tab_to(page, "#id_applicant_name")
    page.keyboard.type("王小明")
    tab_to(page, "#id_national_id")
    page.keyboard.type(VALID_NATIONAL_ID)
    tab_to(page, "#id_contact_email")
    page.keyboard.type("ming@example.tw")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    assert page.is_checked("#id_consent")
    for item in upload_items(gift_tax):
        tab_to(page, f"#id_document_{item.pk}")
        choose_file_with_the_keyboard(page)
    tab_to(page, SEND)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/applications/receipt/" in page.url
    assert page.locator("h1").count() == 1


def test_application_works_without_javascript(live_server, chromium, gift_tax):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        open_page(page, live_server.url + url_in("zh-hant", "cases:public-apply", **APPLY))
        fill_application(page, gift_tax)
        page.click(SEND)
        page.wait_for_load_state()
        assert "/applications/receipt/" in page.url
        number = page.url.rstrip("/").rsplit("/", 1)[-1]
        assert number in page.locator("main").inner_text()
    finally:
        context.close()


# ----- helpers -------------------------------------------------------------------------

def assert_accessible_here(page) -> None:
    """axe on the page as it is now (after a form was sent), not a fresh load."""
    assert_accessible_as_it_is(page)
    assert page.locator("h1").count() == 1


def choose_file_with_the_keyboard(page, attempts: int = 3) -> None:
    """Space on the focused file input opens the file chooser. On a loaded machine
    Chromium now and then drops the first key press, so press again before failing."""
    for attempt in range(attempts):
        try:
            with page.expect_file_chooser(timeout=5000) as chooser:
                page.keyboard.press("Space")
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
            continue
        chooser.value.set_files(files=[PDF_FILE])
        return


def tab_to(page, selector: str, *, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")
