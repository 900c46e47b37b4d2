import importlib
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

# Tests do not time things: on a shared, loaded machine an example may take seconds, and
# hypothesis's per-example deadline (200 ms) would fail a correct rule.
hypothesis_settings.register_profile("minfu", deadline=None)
hypothesis_settings.load_profile("minfu")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (zh-Hant), whatever the previous test in
    this worker activated; tests about English pages ask for it themselves."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MINFU_SMS_FILE_PATH = str(tmp_path / "sent-sms")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limits count in the cache per time window, and tests that travel to one
    day share a window: each test starts with no counts (the cache is per process)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The real hasher costs a good part of a second per password; tests need no
    # resistance to brute force, and sign-in tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _shipped_office_calendar(request):
    """Transactional tests (live server, browser) flush every table, the office days the
    data migration loaded included; put the shipped calendar back for any test that uses
    the database, so that deadlines count the same whatever ran before."""
    # Open the test's database access first (autouse fixtures run before the others).
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("_django_db_marker")
    elif "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from minfu.workcal.selectors import covered_years
    from minfu.workcal.services import shipped_calendar_years

    if shipped_calendar_years() <= set(covered_years()):
        return
    # Exactly what the data migration does (no audit events), for the missing years.
    from django.apps import apps

    migration = importlib.import_module("minfu.workcal.migrations.0002_import_shipped_calendar")
    migration.import_shipped_files(apps, None)


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Office calendars, published services and blank forms are kept per process
    (core.process_cache); a test's rolled-back rows must not leak into the next test.
    A cache not yet imported holds nothing to forget."""
    from minfu.core.process_cache import forget_all

    forget_all()
    yield
    forget_all()


# Browser tests (`@pytest.mark.browser`) drive the system Chromium through Playwright;
# Playwright's own browser download is never used. Without Chromium they skip, except
# in CI (CI=true), where a missing browser is a failure: the accessibility checks must run.
CHROMIUM_PATH = os.environ.get("MINFU_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _browser_unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    """The system Chromium, launched once per test session."""
    if not Path(CHROMIUM_PATH).is_file():
        _browser_unavailable(f"no Chromium at {CHROMIUM_PATH}")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _browser_unavailable(f"Playwright is not installed ({exc})")
    # Playwright's sync API keeps an event loop on this thread; Django refuses ORM calls
    # next to a running loop unless told that the caller is synchronous after all.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH,
                                                     args=CHROMIUM_ARGS)
            except PlaywrightError as exc:
                _browser_unavailable(f"Chromium at {CHROMIUM_PATH} did not start: {exc}")
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context and page per test (no cookies carried over)."""
    context = chromium.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def redis_down(settings):
    """The cache is Redis, and Redis is down: nothing listens on port 1, so every call is
    refused at once. Each test starts with the backend's pause after a failure forgotten
    (so the first call fails and is logged) and no counts kept by the throttle."""
    from minfu.core import redis_cache
    from minfu.records import throttle

    redis_cache.forget_failures()
    throttle._local_counts.clear()
    settings.CACHES = {"default": {"BACKEND": "minfu.core.redis_cache.SharedClientRedisCache",
                                   "LOCATION": "redis://127.0.0.1:1"}}
    yield
    redis_cache.forget_failures()
    throttle._local_counts.clear()
