"""Staff sign-in: password, then (when the user has a device, or 2FA is required) a TOTP
code; and `staff_required`, the guard on every staff page.

Between the two steps the user is *not* signed in: the session only remembers who passed
the password step ("pending"), for a few minutes. So no page, API call or admin view
ever sees a half-signed-in user, whatever decorator it uses."""

from datetime import datetime, timedelta
from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from minfu.org.selectors import is_staff_member

PENDING_SESSION_KEY = "minfu_pending_sign_in"
PENDING_LIFETIME = timedelta(minutes=5)


def two_factor_required() -> bool:
    return bool(getattr(settings, "MINFU_REQUIRE_2FA", False))


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_verified(user) -> bool:
    """Whether this session passed a second factor (django-otp's flag)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def is_fully_signed_in(request) -> bool:
    """Signed in, and verified by a second factor when the installation requires one."""
    user = request.user
    if not user.is_authenticated:
        return False
    return is_verified(user) or not two_factor_required()


# -- the pending step between password and code -------------------------------------------

def pending_begin(request, user, next_url: str) -> None:
    request.session.cycle_key()  # a new session id once the password is proven
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "next": next_url,
        "since": timezone.now().isoformat(),
    }


def pending_user(request):
    """The user who passed the password step in this session a moment ago, or None."""
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending:
        return None
    since = datetime.fromisoformat(pending["since"])
    if timezone.now() - since > PENDING_LIFETIME:
        pending_clear(request)
        return None
    user = auth.get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def pending_next_url(request) -> str:
    return (request.session.get(PENDING_SESSION_KEY) or {}).get("next", "")


def pending_clear(request) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


def sign_in(request, user, *, device: TOTPDevice | None = None) -> str:
    """Complete the sign-in and return where the user was going (the page that sent them
    to sign in, if any). With `device`, the session counts as verified (django-otp)."""
    next_url = pending_next_url(request)
    pending_clear(request)
    if device is not None:
        user.otp_device = device  # django-otp stores it in the session on login
    auth.login(request, user, backend=user.backend)
    return next_url


# -- guessing protection for the code step --------------------------------------------------

def _credentials(user) -> dict:
    return {"username": user.get_username()}


def lockout_response(request, user):
    """django-axes's locked-out page (HTTP 429) when this account and address are locked;
    None otherwise. The code step shares the password step's failure count."""
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        return get_lockout_response(request, None, _credentials(user))
    return None


def record_failed_code(request, user) -> None:
    """Count a wrong code as a failed sign-in, so guessing codes locks out like guessing
    passwords (django-axes listens to this signal)."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)


# -- the guard on staff pages ------------------------------------------------------------

def staff_access_denial(request):
    """The response that refuses `request`, or None when it may see staff pages: signed in
    (with a second factor when required) and a superuser or holder of a membership."""
    if not is_fully_signed_in(request):
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if not is_staff_member(request.user):
        return render(request, "web/staff/no_access.html", status=403)
    return None


def staff_required(view):
    """Decorator for staff views (use instead of `login_required`)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        denial = staff_access_denial(request)
        if denial is not None:
            return denial
        return view(request, *args, **kwargs)

    return guarded


class StaffRequiredMixin:
    """Class-based views: the same guard as `staff_required`."""

    def dispatch(self, request, *args, **kwargs):
        denial = staff_access_denial(request)
        if denial is not None:
            return denial
        return super().dispatch(request, *args, **kwargs)
