"""axe-core on the office calendar's staff pages, in both languages, in the system
Chromium (see tests/conftest.py). Fails on any WCAG 2.0/2.1 A or AA violation."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils.translation import override

from minfu.org.models import Locality, Role
from tests.org.factories import DEFAULT_PASSWORD, OrganisationFactory, UnitFactory, staff_user
from tests.workcal.factories import DATA_DIR, ClosureFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()


def address(live_server, language, name, *args):
    with override(language):
        return live_server.url + reverse(name, args=args)


def assert_accessible(page):
    violations = AXE.run(page, options={
        "runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
    }).response["violations"]
    report = "\n".join(f"- {v['id']}: {v['help']} at "
                       + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                       for v in violations)
    assert not violations, f"WCAG A/AA violations on {page.url}:\n{report}"


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_office_calendar_pages(live_server, browser_page, language):
    admin = staff_user(UnitFactory(organisation=OrganisationFactory(locality=Locality.TAIPEI)),
                       Role.AGENCY_ADMIN, is_superuser=True, is_staff=True)
    closure = ClosureFactory(date=dt.date(2025, 7, 7), starts_at=dt.time(12),
                             ends_at=dt.time(17, 30))
    page = browser_page
    page.goto(address(live_server, language, "web:staff-login"))
    page.fill("#id_username", admin.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    for name, args in [("workcal:staff-closures", ()), ("workcal:staff-closure-create", ()),
                       ("workcal:staff-closure-edit", (closure.pk,)),
                       ("workcal:staff-closure-delete", (closure.pk,)),
                       ("workcal:staff-year", (2025,)), ("workcal:staff-year", (2028,)),
                       ("workcal:staff-import", ())]:
        response = page.goto(address(live_server, language, name, *args))
        assert response is not None and response.ok, name
        assert_accessible(page)
    # The import preview, reached by uploading a file with JavaScript-free form posting.
    page.goto(address(live_server, language, "workcal:staff-import"))
    page.set_input_files("#id_file", str(DATA_DIR / "roc-114-office-calendar.csv"))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("input[name=sha256]").count() == 1
    assert_accessible(page)
