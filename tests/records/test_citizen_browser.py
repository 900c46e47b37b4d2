"""One-time form tokens (bound to the browser's CSRF cookie, signed, a day long) and the
signed citizen cookie that carries what a browser proved."""

import datetime as dt
from types import SimpleNamespace

import time_machine
from django.http import HttpResponse
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from minfu.records.access import new_code
from minfu.records.citizen_browser import (
    COOKIE_NAME,
    REMEMBERED,
    CitizenBrowserMiddleware,
    forget,
    form_token,
    proven_pk,
    recall,
    receipt_code_take,
    remember,
    submission_key,
    submitted,
)

NOON = dt.datetime(2025, 3, 3, 12, tzinfo=dt.UTC)


def _browser(secret: str | None = None):
    request = RequestFactory().get("/")
    if secret is not None:
        request.META["CSRF_COOKIE"] = secret
    return request


def test_a_token_gives_the_same_key_back_to_the_browser_it_was_given_to():
    given_to = _browser()
    token = form_token(given_to)  # gives the browser its CSRF cookie
    same_browser = _browser(given_to.META["CSRF_COOKIE"])
    key = submission_key(same_browser, token)
    assert key and key == submission_key(same_browser, token)
    assert key != submission_key(same_browser, form_token(same_browser))


def test_another_browser_a_forged_or_an_empty_token_gets_no_key():
    given_to = _browser()
    token = form_token(given_to)
    assert submission_key(_browser("x" * 32), token) is None
    assert submission_key(_browser(), token) is None  # no CSRF cookie at all
    same_browser = _browser(given_to.META["CSRF_COOKIE"])
    assert submission_key(same_browser, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert submission_key(same_browser, "") is None


def test_a_token_lasts_a_day():
    browser = _browser("s" * 32)
    with time_machine.travel(NOON, tick=False):
        token = form_token(browser)
    with time_machine.travel(NOON + dt.timedelta(hours=23, minutes=59), tick=False):
        assert submission_key(browser, token) is not None
    with time_machine.travel(NOON + dt.timedelta(days=1, seconds=1), tick=False):
        assert submission_key(browser, token) is None


@given(st.lists(st.integers(min_value=0, max_value=60), max_size=80))
def test_remember_keeps_the_newest_entries_last(names):
    request = RequestFactory().get("/")
    for name in names:
        remember(request, "list", name, name * 2)
    kept = recall(request, "list")
    newest_first = list(dict.fromkeys(str(name) for name in reversed(names)))
    assert list(kept) == list(reversed(newest_first[:REMEMBERED]))
    assert all(kept[name] == int(name) * 2 for name in kept)


def _visit(cookie: str | None, view):
    """Run `view(request)` behind the middleware, as a browser carrying `cookie`;
    returns the response."""
    request = RequestFactory().get("/")
    if cookie is not None:
        request.COOKIES[COOKIE_NAME] = cookie

    def respond(request):
        view(request)
        return HttpResponse()

    return CitizenBrowserMiddleware(respond)(request)


def _carried_after(cookie: str | None, key: str) -> dict:
    seen = {}
    _visit(cookie, lambda request: seen.update(recall(request, key)))
    return seen


def test_what_a_browser_proved_comes_back_with_its_cookie():
    response = _visit(None, lambda request: remember(request, "proven", "KL-1140305-0017", 7))
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["max-age"]
    assert _carried_after(cookie.value, "proven") == {"KL-1140305-0017": 7}
    assert _visit(cookie.value, lambda request: recall(request, "proven")).cookies == {}


def test_a_changed_forged_or_expired_cookie_carries_nothing(settings):
    with time_machine.travel(NOON, tick=False):
        cookie = _visit(None, lambda request: remember(request, "proven", "A", 1)) \
            .cookies[COOKIE_NAME].value
    with time_machine.travel(NOON + dt.timedelta(minutes=1), tick=False):
        assert _carried_after(cookie, "proven") == {"A": 1}
        assert _carried_after(cookie.replace(":", "x:", 1), "proven") == {}
        assert _carried_after("not-a-cookie", "proven") == {}
    with time_machine.travel(NOON + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1),
                             tick=False):
        assert _carried_after(cookie, "proven") == {}


def test_forget_takes_an_entry_out_once_and_an_empty_cookie_is_deleted():
    cookie = _visit(None, lambda request: remember(request, "codes", 7, "ABCD")) \
        .cookies[COOKIE_NAME].value
    taken = []
    response = _visit(cookie, lambda request: taken.extend(
        [forget(request, "codes", 7), forget(request, "codes", 7)]))
    assert taken == ["ABCD", None]
    assert response.cookies[COOKIE_NAME].value == ""  # deleted: nothing left to carry


def test_a_full_cookie_stays_well_under_the_browsers_limit():
    """Four full lists (long numbers, random codes) fit in one cookie (4,096 bytes)."""
    def fill(request):
        for index in range(REMEMBERED):
            remember(request, "minfu_cases_proven", f"ABCDEFGH-1151231-{index:05d}", 10**9 + index)
            remember(request, "minfu_cases_receipt_codes", 10**9 + index, new_code())
            remember(request, "minfu_voice_proven", 10**9 + index, f"P-ABCDEFGH-1151231-{index:05d}")
            remember(request, "minfu_voice_receipt_codes", 10**9 + index, new_code())

    cookie = _visit(None, fill).cookies[COOKIE_NAME]
    assert len(cookie.OutputString()) < 2048


def test_a_submitted_record_is_proven_and_its_new_code_shown_once():
    record = SimpleNamespace(pk=7, number="KL-1140305-0017")
    request = RequestFactory().get("/")
    submitted(request, "application", record, "ABCD-EFGH")
    assert proven_pk(request, "application", number=record.number) == record.pk
    assert receipt_code_take(request, "application", record) == "ABCD-EFGH"
    assert receipt_code_take(request, "application", record) is None
    submitted(request, "application", record, None)  # the same form sent again
    assert proven_pk(request, "application", pk=record.pk) == record.pk
    assert receipt_code_take(request, "application", record) is None
    assert proven_pk(request, "petition", pk=record.pk) is None
