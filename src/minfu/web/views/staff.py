"""Staff sign-in (password, then a TOTP code or enrolment of an authenticator) and the
staff home page."""

import base64

from django.contrib import messages
from django.contrib.auth import login as django_login
from django.contrib.auth import logout as django_logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from minfu.core.errors import DomainError
from minfu.core.qr import qr_code_data_uri
from minfu.org import auth, services
from minfu.org.selectors import organisations_for, own_memberships, units_for
from minfu.web.auth_forms import OtpTokenForm, StaffAuthenticationForm
from minfu.web.work import work_for


class StaffLoginView(auth_views.LoginView):
    template_name = "web/staff/login.html"
    authentication_form = StaffAuthenticationForm

    def dispatch(self, request, *args, **kwargs):
        if auth.is_fully_signed_in(request):
            return redirect(self.get_success_url())
        if request.user.is_authenticated:
            # Signed in before a second factor became required: start again.
            django_logout(request)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        device = auth.confirmed_totp_device(user)
        if device is None and not auth.two_factor_required():
            auth.pending_clear(self.request)
            self.request.session.cycle_key()
            django_login(self.request, user)
            return redirect(self.get_success_url())
        auth.pending_begin(self.request, user, self.get_redirect_url())
        return redirect("web:staff-otp" if device else "web:staff-otp-enrol")


def _safe_next(request, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return resolve_url("web:staff-home")


def _back_to_login(request):
    messages.info(request, _("Please sign in again."))
    return redirect("web:staff-login")


@sensitive_post_parameters("token")
@never_cache
def otp_verify(request):
    """Second step: the code from the authenticator app."""
    user = auth.pending_user(request)
    if user is None:
        return _back_to_login(request)
    device = auth.confirmed_totp_device(user)
    if device is None:
        return redirect("web:staff-otp-enrol")
    locked = auth.lockout_response(request, user)
    if locked is not None:
        return locked
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            return redirect(_safe_next(request, auth.sign_in(request, user, device=device)))
        # Every refused attempt counts, also those refused by django-otp's throttling.
        auth.record_failed_code(request, user)
        form.add_error("token", _("The code is not correct. Enter the newest code from "
                                  "your authenticator app.") if allowed else
                       _("Too many wrong codes. Wait a minute, then enter the newest code."))
    return render(request, "web/staff/otp_verify.html", {"form": form})


def _enrolling_user(request):
    """Who is setting up an authenticator: the user between password and code, or a
    signed-in user adding one of their own accord. None when neither applies."""
    user = auth.pending_user(request)
    if user is None and auth.is_fully_signed_in(request):
        user = request.user
    if user is None or auth.confirmed_totp_device(user) is not None:
        return None
    return user


def _grouped_secret(device) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("token")
@never_cache
def otp_enrol(request):
    """Set up an authenticator app: scan the QR code (or type the key), enter a code."""
    user = _enrolling_user(request)
    if user is None:
        if auth.is_fully_signed_in(request):
            return redirect("web:staff-home")
        return _back_to_login(request)
    signing_in = not request.user.is_authenticated
    if signing_in:
        locked = auth.lockout_response(request, user)
        if locked is not None:
            return locked
    device = services.totp_device_start(user=user)
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        except DomainError as error:
            if signing_in:
                auth.record_failed_code(request, user)
            form.add_error("token", str(error.message))
        else:
            if signing_in:
                return redirect(_safe_next(request, auth.sign_in(request, user, device=device)))
            otp_login(request, device)
            messages.success(request, _("Two-step verification is on for your account."))
            return redirect("web:staff-home")
    return render(request, "web/staff/otp_enrol.html", {
        "form": form,
        "qr_code": qr_code_data_uri(device.config_url),
        "secret": _grouped_secret(device),
        "required": auth.two_factor_required(),
        "signing_in": signing_in,
    })


@auth.staff_required
def home(request):
    user = request.user
    return render(request, "web/staff/home.html", {
        "work": work_for(user, timezone.localdate()),
        "organisations": organisations_for(user),
        "units": units_for(user),
        "memberships": own_memberships(user),
        "has_authenticator": auth.confirmed_totp_device(user) is not None,
        "two_factor_required": auth.two_factor_required(),
    })
