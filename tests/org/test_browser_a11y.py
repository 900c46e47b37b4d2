"""axe-core on the staff sign-in steps and the organisation pages, in both languages,
in the system Chromium (see tests/conftest.py). Fails on any WCAG 2.0/2.1 A or AA
violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils.translation import override
from django_otp.plugins.otp_totp.models import TOTPDevice

from minfu.org import demo
from minfu.org.models import Membership, Organisation, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()


def url(live_server, language, name, *args):
    with override(language):
        return live_server.url + reverse(name, args=args)


def assert_accessible(page, address=None):
    """axe on `address`, or on the page as it is when None."""
    if address is not None:
        response = page.goto(address)
        assert response is not None and response.ok, address
    address = page.url
    violations = AXE.run(page, options={
        "runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
    }).response["violations"]
    report = "\n".join(f"- {v['id']}: {v['help']} at "
                       + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                       for v in violations)
    assert not violations, f"WCAG A/AA violations on {address}:\n{report}"


def sign_in(page, live_server, language, username, password=demo.DEMO_PASSWORD):
    page.goto(url(live_server, language, "web:staff-login"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_organisation_pages_and_enrolment(live_server, browser_page, language):
    demo.load()
    page = browser_page
    sign_in(page, live_server, language, "ntbt-admin")
    ntbt = Organisation.objects.get(code="NTBT")
    unit = Unit.objects.get(organisation=ntbt, code="SVC")
    membership = Membership.objects.get(user__username="ntbt-officer")
    pages = [("web:staff-home", ()), ("org:staff-directory", ()),
             ("org:staff-organisation", (ntbt.pk,)), ("web:staff-otp-enrol", ()),
             ("org:staff-organisation-edit", (ntbt.pk,)),
             ("org:staff-unit-create", (ntbt.pk,)),
             ("org:staff-unit-edit", (unit.pk,)),
             ("org:staff-membership-grant", (ntbt.pk,)),
             ("org:staff-membership-revoke", (membership.pk,)),
             ("org:staff-authenticator-reset", (membership.pk,))]
    # The forms share one layout: in English the first pages suffice (keeps it quick).
    for name, args in pages if language == "zh-hant" else pages[:5]:
        assert_accessible(page, url(live_server, language, name, *args))
    # a form with errors
    page.goto(url(live_server, language, "org:staff-unit-create", ntbt.pk))
    page.fill("#id_code", "SVC")
    page.click("main button[type=submit]")
    page.locator(".error").first.wait_for()  # the answer to the POST has arrived
    assert_accessible(page)


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_code_step_and_locked_out_page(live_server, browser_page, language, settings):
    demo.load()
    officer = Membership.objects.get(user__username="tpc-officer").user
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    page = browser_page
    sign_in(page, live_server, language, "tpc-officer")
    assert page.url.endswith("/login/code/")
    assert_accessible(page)
    page.fill("#id_token", "000000")
    page.click("main button[type=submit]")
    page.locator(".error").first.wait_for()  # the answer to the POST has arrived
    assert_accessible(page)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(page, live_server, language, "tpc-supervisor", password="wrong-password-1")
    with page.expect_response(lambda r: r.request.method == "POST") as last:
        sign_in(page, live_server, language, "tpc-supervisor", password="wrong-password-1")
    assert last.value.status == 429
    assert page.locator("h1").count() == 1
    assert_accessible(page)
