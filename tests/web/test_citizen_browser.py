"""One-time form tokens: bound to the browser's CSRF cookie, signed, a day long."""

import datetime as dt

import time_machine
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from minfu.web.citizen_browser import REMEMBERED, form_token, remember, submission_key

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
    request.session = {}
    for name in names:
        remember(request, "list", name, name * 2)
    kept = request.session.get("list", {})
    newest_first = list(dict.fromkeys(str(name) for name in reversed(names)))
    assert list(kept) == list(reversed(newest_first[:REMEMBERED]))
    assert all(kept[name] == int(name) * 2 for name in kept)
