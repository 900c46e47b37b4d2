"""Guards of the open survey and rating pages against repeat and automated answers,
without an external CAPTCHA: a per-browser cookie (one response per wave and browser,
enforced by a unique constraint), a per-address fixed-window limit in the cache, a
honeypot field and a minimum time between showing and sending the form.

Settings: `MINFU_SURVEY_RATE` (`<submissions>/<seconds>` per address, default 20/3600)
and `MINFU_SURVEY_MIN_SECONDS` (default 3)."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from minfu.core.errors import ValidationFailed
from minfu.records.throttle import attempt, parse_rate

BROWSER_COOKIE = "minfu_survey_browser"
COOKIE_MAX_AGE = 400 * 24 * 3600
_STARTED_SALT = "minfu.surveys.form-started"
_RATE_KEY_PREFIX = "minfu:surveys:submit"
MAX_FORM_AGE = 24 * 3600


def browser_key(request) -> tuple[str, bool]:
    """(the browser's key, whether it is new and must be set as a cookie)."""
    key = request.COOKIES.get(BROWSER_COOKIE, "")
    if len(key) == 32 and all(char in "0123456789abcdef" for char in key):
        return key, False
    return secrets.token_hex(16), True


def remember_browser(response, key: str) -> None:
    response.set_cookie(BROWSER_COOKIE, key, max_age=COOKIE_MAX_AGE, httponly=True,
                        samesite="Lax", secure=not settings.DEBUG)


def form_started_stamp() -> str:
    return signing.dumps(time.time(), salt=_STARTED_SALT)


def min_seconds() -> float:
    return settings.MINFU_SURVEY_MIN_SECONDS


def check_human(*, honeypot: str, started: str, now: float | None = None) -> None:
    """Refuse a filled honeypot, a missing or forged start stamp, and a form sent faster
    than a person can read it."""
    now = time.time() if now is None else now
    if honeypot:
        raise ValidationFailed(_("The form could not be accepted."), code="honeypot")
    try:
        shown_at = float(signing.loads(started or "", salt=_STARTED_SALT, max_age=MAX_FORM_AGE))
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise ValidationFailed(_("The form has expired; please fill it in again."),
                               code="stale_form") from error
    if now - shown_at < min_seconds():
        raise ValidationFailed(_("The form was sent too quickly; please check your answers "
                                 "and send it again."), code="too_fast")


def submission_allowed(client: str | None, *, now: float | None = None) -> bool:
    """Count one submission by `client` and say whether it is within the limit."""
    rate = parse_rate(settings.MINFU_SURVEY_RATE, setting="MINFU_SURVEY_RATE")
    return attempt(key_prefix=_RATE_KEY_PREFIX, client=client, rate=rate, now=now).allowed


def kiosk_token(*, unit_id: int, service_type_id: int | None) -> str:
    """The signed part of a counter tablet's URL: which unit (and service) it rates."""
    return signing.dumps({"u": unit_id, "s": service_type_id}, salt="minfu.surveys.kiosk",
                         compress=True)


def kiosk_target(token: str) -> tuple[int, int | None] | None:
    try:
        data = signing.loads(token, salt="minfu.surveys.kiosk")
        return int(data["u"]), (int(data["s"]) if data.get("s") else None)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def counter_token(*, wave_id: int, unit_id: int | None) -> str:
    """The signed part of a counter QR link: the wave and the unit whose counter it is."""
    return signing.dumps({"w": wave_id, "u": unit_id}, salt="minfu.surveys.counter",
                         compress=True)


def counter_target(token: str) -> tuple[int, int | None] | None:
    try:
        data = signing.loads(token, salt="minfu.surveys.counter")
        return int(data["w"]), (int(data["u"]) if data.get("u") else None)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
