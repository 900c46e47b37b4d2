"""Staff sign-in: password, TOTP second factor, enrolment, lockout, session expiry, and
the `staff_required` guard."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from minfu.org.auth import PENDING_SESSION_KEY
from minfu.org.models import Role
from tests.org.factories import DEFAULT_PASSWORD, UserFactory, staff_user, superuser

pytestmark = pytest.mark.django_db

LOGIN = reverse("web:staff-login")
HOME = reverse("web:staff-home")
OTP = reverse("web:staff-otp")
ENROL = reverse("web:staff-otp-enrol")


@pytest.fixture
def officer():
    return staff_user(role=Role.OFFICER, username="officer")


@pytest.fixture
def require_2fa(settings):
    settings.MINFU_REQUIRE_2FA = True


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


def sign_in(client, username, password=DEFAULT_PASSWORD, url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password, **extra})


def signed_in_as(client):
    response = client.get(HOME)
    if response.status_code != 200:
        return None
    return response.wsgi_request.user.get_username()


class TestPasswordOnly:
    def test_staff_member_without_authenticator_signs_in_with_password(self, client, officer):
        response = sign_in(client, "officer")
        assert response.status_code == 302 and response["Location"] == HOME
        assert signed_in_as(client) == "officer"

    def test_goes_back_to_the_page_that_asked_for_sign_in(self, client, officer):
        directory = reverse("org:staff-directory")
        response = client.get(directory)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN) and "next=" in response["Location"]
        response = sign_in(client, "officer", next=directory)
        assert response["Location"] == directory

    def test_no_open_redirect(self, client, officer):
        response = sign_in(client, "officer", next="https://evil.example/")
        assert response["Location"] == HOME

    def test_wrong_password_is_refused(self, client, officer):
        response = sign_in(client, "officer", password="wrong-password-123")
        assert response.status_code == 200
        assert response.context["form"].errors
        assert signed_in_as(client) is None

    def test_account_without_membership_is_refused(self, client):
        UserFactory(username="citizen")
        response = sign_in(client, "citizen")
        assert response.status_code == 200
        assert "no_membership" in response.context["form"].errors.as_data()["__all__"][0].code
        assert signed_in_as(client) is None

    def test_signed_in_user_without_membership_gets_403(self, client):
        client.force_login(UserFactory())
        response = client.get(HOME)
        assert response.status_code == 403
        assert "web/staff/no_access.html" in [t.name for t in response.templates]

    def test_sign_out(self, client, officer):
        sign_in(client, "officer")
        response = client.post(reverse("web:staff-logout"))
        assert response.status_code == 302
        assert signed_in_as(client) is None


class TestSecondFactor:
    def test_user_with_authenticator_must_enter_a_code(self, client, officer):
        device = confirmed_device(officer)
        response = sign_in(client, "officer")
        assert response["Location"] == OTP
        # between the two steps nothing is signed in
        assert signed_in_as(client) is None
        assert client.get(reverse("api:me-list")).status_code in (401, 403)
        response = client.post(OTP, {"token": code_for(device)})
        assert response.status_code == 302 and response["Location"] == HOME
        assert signed_in_as(client) == "officer"
        assert client.get(HOME).wsgi_request.user.is_verified()

    def test_wrong_code_is_refused(self, client, officer):
        device = confirmed_device(officer)
        sign_in(client, "officer")
        response = client.post(OTP, {"token": wrong_code_for(device)})
        assert response.status_code == 200
        assert response.context["form"].errors["token"]
        assert signed_in_as(client) is None

    @pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567"])
    def test_malformed_codes_get_a_form_error(self, client, officer, token):
        confirmed_device(officer)
        sign_in(client, "officer")
        response = client.post(OTP, {"token": token})
        assert response.status_code == 200 and response.context["form"].errors["token"]

    def test_code_with_a_space_is_accepted(self, client, officer):
        device = confirmed_device(officer)
        sign_in(client, "officer")
        code = code_for(device)
        response = client.post(OTP, {"token": f"{code[:3]} {code[3:]}"})
        assert response["Location"] == HOME

    def test_next_url_survives_the_second_step(self, client, officer):
        device = confirmed_device(officer)
        directory = reverse("org:staff-directory")
        sign_in(client, "officer", next=directory)
        response = client.post(OTP, {"token": code_for(device)})
        assert response["Location"] == directory

    def test_code_page_without_password_step_goes_back_to_sign_in(self, client):
        response = client.get(OTP)
        assert response.status_code == 302 and response["Location"] == LOGIN

    def test_pending_step_expires(self, client, officer):
        device = confirmed_device(officer)
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            sign_in(client, "officer")
            traveller.shift(timedelta(minutes=6))
            response = client.post(OTP, {"token": code_for(device)})
        assert response["Location"] == LOGIN
        assert PENDING_SESSION_KEY not in client.session

    def test_session_id_changes_after_the_password(self, client, officer):
        confirmed_device(officer)
        client.get(LOGIN)
        before = client.cookies["sessionid"].value if "sessionid" in client.cookies else None
        sign_in(client, "officer")
        assert client.cookies["sessionid"].value != before


class TestEnrolment:
    def test_required_2fa_without_authenticator_shows_enrolment(self, client, officer,
                                                               require_2fa):
        response = sign_in(client, "officer")
        assert response["Location"] == ENROL
        page = client.get(ENROL)
        html = page.content.decode()
        assert re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,[^"]+"', html)
        assert re.search(r'alt="[^"]{20,}"', html)
        device = TOTPDevice.objects.get(user=officer, confirmed=False)
        assert page.context["secret"].replace(" ", "") in html.replace(" ", "")
        assert signed_in_as(client) is None

        response = client.post(ENROL, {"token": wrong_code_for(device)})
        assert response.status_code == 200 and response.context["form"].errors["token"]
        assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()

        response = client.post(ENROL, {"token": code_for(device)})
        assert response["Location"] == HOME
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(HOME).wsgi_request.user.is_verified()

    def test_reloading_enrolment_keeps_the_same_secret(self, client, officer, require_2fa):
        sign_in(client, "officer")
        first = client.get(ENROL).context["secret"]
        assert client.get(ENROL).context["secret"] == first
        assert TOTPDevice.objects.filter(user=officer).count() == 1

    def test_password_only_session_cannot_reach_staff_pages_when_2fa_is_required(
            self, client, officer, require_2fa):
        client.force_login(officer)  # e.g. signed in before 2FA became required
        response = client.get(HOME)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        response = client.get(LOGIN)
        assert response.status_code == 200
        assert not response.wsgi_request.user.is_authenticated  # logged out to start again

    def test_voluntary_enrolment_then_next_sign_in_asks_for_a_code(self, client, officer):
        sign_in(client, "officer")
        page = client.get(HOME)
        assert ENROL in page.content.decode()
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=officer)
        response = client.post(ENROL, {"token": code_for(device)})
        assert response["Location"] == HOME
        client.post(reverse("web:staff-logout"))
        assert sign_in(client, "officer")["Location"] == OTP

    def test_enrolment_is_not_offered_to_strangers_or_users_with_a_device(self, client,
                                                                          officer):
        assert client.get(ENROL)["Location"] == LOGIN
        confirmed_device(officer)
        client.force_login(officer)
        assert client.get(ENROL)["Location"] == HOME


class TestLockout:
    def test_lockout_after_the_failure_limit_shows_the_page_in_english(self, client, officer,
                                                                      settings):
        url = "/en" + LOGIN
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            assert sign_in(client, "officer", "wrong-password-1", url=url).status_code == 200
        response = sign_in(client, "officer", "wrong-password-1", url=url)
        assert response.status_code == 429
        html = response.content.decode()
        assert 'lang="en"' in html and "Sign-in temporarily locked" in html
        # even the right password is refused now
        response = sign_in(client, "officer", url=url)
        assert response.status_code == 429
        assert signed_in_as(client) is None

    def test_lockout_page_in_chinese_by_default(self, client, officer, settings):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            response = sign_in(client, "officer", "wrong-password-1")
        assert response.status_code == 429
        html = response.content.decode()
        assert 'lang="zh-Hant-TW"' in html
        assert "Sign-in temporarily locked" not in html

    def test_wrong_codes_count_towards_the_lockout(self, client, officer, settings):
        device = confirmed_device(officer)
        sign_in(client, "officer")
        statuses = [client.post(OTP, {"token": wrong_code_for(device)}).status_code
                    for _attempt in range(settings.AXES_FAILURE_LIMIT)]
        assert statuses[-1] == 429
        assert client.post(OTP, {"token": code_for(device)}).status_code == 429
        assert signed_in_as(client) is None

    def test_lockout_is_per_account(self, client, officer, settings):
        staff_user(role=Role.OFFICER, username="colleague")
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "officer", "wrong-password-1")
        assert sign_in(client, "colleague").status_code == 302


class TestSessionExpiry:
    def test_idle_session_expires_and_activity_keeps_it_alive(self, client, officer,
                                                              settings):
        age = timedelta(seconds=settings.SESSION_COOKIE_AGE)
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            sign_in(client, "officer")
            traveller.shift(age - timedelta(minutes=1))
            assert signed_in_as(client) == "officer"  # this request renews the session
            traveller.shift(age - timedelta(minutes=1))
            assert signed_in_as(client) == "officer"
            traveller.shift(age + timedelta(seconds=1))
            response = client.get(HOME)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)

    def test_session_cookie_ends_with_the_browser(self, client, officer, settings):
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        response = sign_in(client, "officer")
        assert response.cookies["sessionid"]["expires"] == ""


class TestAdminSite:
    def test_admin_login_goes_through_the_staff_sign_in(self, client):
        response = client.get(reverse("admin:login"))
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)

    def test_admin_refuses_an_unverified_session_when_2fa_is_required(self, client,
                                                                      require_2fa):
        root = superuser(username="root")
        client.force_login(root)
        assert client.get(reverse("admin:index")).status_code == 302
        client.logout()
        device = confirmed_device(root)
        sign_in(client, "root")
        client.post(OTP, {"token": code_for(device)})
        assert client.get(reverse("admin:index")).status_code == 200

    def test_admin_works_with_password_only_when_2fa_is_not_required(self, client):
        superuser(username="root")
        sign_in(client, "root")
        assert client.get(reverse("admin:index")).status_code == 200


class TestLanguage:
    def test_sign_in_pages_in_both_languages_link_to_each_other(self, client, officer):
        chinese = client.get(LOGIN).content.decode()
        english = client.get("/en" + LOGIN).content.decode()
        assert 'lang="zh-Hant-TW"' in chinese and 'lang="en"' in english
        assert 'href="/en/staff/login/"' in chinese
        assert 'href="/staff/login/"' in english
        assert "Staff sign-in" in english

    def test_code_page_in_english(self, client, officer):
        confirmed_device(officer)
        sign_in(client, "officer", url="/en" + LOGIN)
        html = client.get("/en" + OTP).content.decode()
        assert 'lang="en"' in html and "Enter your verification code" in html
