"""What a citizen's browser carries between requests on the public forms that create a
record (an application, a petition).

A form token is the idempotency key of one submission, so a double click or a reload
never makes two records. It is signed and bound to the browser's CSRF cookie: handing
out a blank form writes nothing on the server, and a token copied from another browser,
or older than `FORM_TOKEN_MAX_AGE`, is refused (the view shows the answers again with a
fresh token).

The session remembers short lists per browser (the records it proved access to, the
plain access code until the receipt has shown it), newest last."""

from __future__ import annotations

import secrets

from django.core import signing
from django.middleware.csrf import get_token

FORM_TOKEN_MAX_AGE = 24 * 60 * 60  # a form filled in over a day still goes through
REMEMBERED = 20  # entries per list; older ones are forgotten first
_SALT = "minfu.web.form-token"


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


def remember(request, key: str, name, value) -> None:
    """Put `name: value` last in the session's list `key`, keeping the newest entries."""
    entries = dict(request.session.get(key, {}))
    entries.pop(str(name), None)
    entries[str(name)] = value
    request.session[key] = dict(list(entries.items())[-REMEMBERED:])
