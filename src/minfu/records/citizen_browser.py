"""What a citizen's browser carries between requests on the public pages, so that a
citizen's visit writes nothing on the server but the records it creates (ADR 0007).

A form token is the idempotency key of one submission, so a double click or a reload
never makes two records. It is signed and bound to the browser's CSRF cookie: handing
out a blank form writes nothing on the server, and a token copied from another browser,
or older than `FORM_TOKEN_MAX_AGE`, is refused (the view shows the answers again with a
fresh token).

The citizen cookie carries short lists (the records this browser proved access to, the
plain access code of a new record until its receipt has shown it), newest last. It is
signed, not encrypted: the browser may read what it was shown anyway, but cannot change
it; HttpOnly, and only over HTTPS where the session cookie is. It lasts until the browser
closes and at most `SESSION_COOKIE_AGE` after the browser last proved something."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

FORM_TOKEN_MAX_AGE = 24 * 60 * 60  # a form filled in over a day still goes through
REMEMBERED = 20  # entries per list; older ones are forgotten first
COOKIE_NAME = "minfu_citizen"
_SALT = "minfu.web.form-token"
_COOKIE_SALT = "minfu.web.citizen-cookie"


def form_token(request) -> str:
    """A new token for a blank form, bound to this browser."""
    get_token(request)  # sets the CSRF cookie the token is bound to, if there is none
    return signing.dumps(secrets.token_urlsafe(18), salt=_salt(request), compress=False)


def submission_key(request, token: str) -> str | None:
    """The idempotency key of the one submission `token` stands for, or None when this
    browser was not given the token or was given it more than a day ago."""
    if not token or not request.META.get("CSRF_COOKIE"):
        return None
    try:
        return signing.loads(token, salt=_salt(request), max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:  # expired tokens included
        return None


def _salt(request) -> str:
    # The CSRF cookie's secret; Django's CSRF middleware has read it (or made it) by now.
    return f"{_SALT}:{request.META.get('CSRF_COOKIE', '')}"


# ----- the citizen cookie ----------------------------------------------------------------

@dataclass
class _Carried:
    lists: dict[str, dict]
    changed: bool = False


def recall(request, key: str) -> dict:
    """The list `key` this browser carries ({name: value}, oldest first); a copy."""
    return dict(_carried(request).lists.get(key, {}))


def remember(request, key: str, name, value) -> None:
    """Put `name: value` last in this browser's list `key`, keeping the newest entries."""
    carried = _carried(request)
    entries = dict(carried.lists.get(key, {}))
    entries.pop(str(name), None)
    entries[str(name)] = value
    carried.lists[key] = dict(list(entries.items())[-REMEMBERED:])
    carried.changed = True


def forget(request, key: str, name):
    """Take `name` out of this browser's list `key`; returns its value or None."""
    carried = _carried(request)
    entries = dict(carried.lists.get(key, {}))
    value = entries.pop(str(name), None)
    if value is not None:
        carried.lists[key] = entries
        carried.changed = True
    return value


def _carried(request) -> _Carried:
    if not hasattr(request, "_citizen_browser"):
        request._citizen_browser = _Carried(_read(request.COOKIES.get(COOKIE_NAME, "")))
    return request._citizen_browser


def _read(cookie: str) -> dict[str, dict]:
    if not cookie:
        return {}
    try:
        lists = signing.loads(cookie, salt=_COOKIE_SALT, max_age=settings.SESSION_COOKIE_AGE)
    except signing.BadSignature:  # forged, from another key, or expired: carries nothing
        return {}
    if not isinstance(lists, dict):
        return {}
    return {key: entries for key, entries in lists.items() if isinstance(entries, dict)}


class CitizenBrowserMiddleware:
    """Writes the citizen cookie when a view changed what the browser carries."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        carried = getattr(request, "_citizen_browser", None)
        if carried is not None and carried.changed:
            _write(response, {key: entries for key, entries in carried.lists.items()
                              if entries})
        return response


def _write(response, lists: dict[str, dict]) -> None:
    patch_vary_headers(response, ("Cookie",))
    if not lists:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    response.set_cookie(COOKIE_NAME, signing.dumps(lists, salt=_COOKIE_SALT, compress=True),
                        secure=settings.SESSION_COOKIE_SECURE, httponly=True,
                        samesite="Lax")


# ----- the records this browser proved access to ---------------------------------------

def _proven_key(kind_code: str) -> str:
    return f"minfu_{kind_code}_proven"


def _receipt_key(kind_code: str) -> str:
    return f"minfu_{kind_code}_receipt_codes"


def prove(request, kind_code: str, record) -> None:
    """This browser submitted `record`, or typed its number and access code."""
    remember(request, _proven_key(kind_code), record.pk, record.number)


def proven_pk(request, kind_code: str, *, pk=None, number: str | None = None) -> int | None:
    """The id of a record of this kind the browser proved, found by id or (the newest
    one) by number; None when it proved no such record."""
    proven = recall(request, _proven_key(kind_code))
    if pk is not None:
        return int(pk) if str(pk) in proven else None
    return next((int(key) for key, value in reversed(proven.items()) if value == number), None)


def submitted(request, kind_code: str, record, code: str | None) -> None:
    """This browser submitted `record`: it is proven here, and a new record's plain
    access code is carried until its receipt has shown it once. `code` is None for a
    double click or a reload of a form already sent: that record comes back, and only
    this browser held the form's token, so it did send it."""
    prove(request, kind_code, record)
    if code is not None:
        remember(request, _receipt_key(kind_code), record.pk, code)


def receipt_code_take(request, kind_code: str, record) -> str | None:
    return forget(request, _receipt_key(kind_code), record.pk)
