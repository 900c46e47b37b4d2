"""The cached_db session engine without the existence check before a new session, and
working from the database while Redis is down."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minfu.core.outages import CacheUnavailable
from minfu.web import sessions
from minfu.web.cached_sessions import SessionStore
from tests.org.factories import UnitFactory, staff_user

pytestmark = pytest.mark.django_db


def test_a_new_session_is_one_insert_and_reads_back():
    session = SessionStore()
    session["lang"] = "en"
    with CaptureQueriesContext(connection) as queries:
        session.save()
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert "SELECT" not in statements and statements.count("INSERT") == 1
    assert SessionStore(session.session_key)["lang"] == "en"


def test_a_key_already_taken_is_drawn_again_and_the_old_session_kept(monkeypatch):
    taken = SessionStore()
    taken["who"] = "first"
    taken.save()
    draws = iter([taken.session_key, "n" * 32])
    monkeypatch.setattr(sessions, "get_random_string", lambda *args: next(draws))
    second = SessionStore()
    second["who"] = "second"
    second.save()
    assert second.session_key == "n" * 32
    assert SessionStore(taken.session_key)["who"] == "first"
    assert Session.objects.count() == 2


# ----- Redis down -------------------------------------------------------------------------

def test_with_redis_down_sessions_are_kept_in_the_database(redis_down):
    session = SessionStore()
    session["lang"] = "en"
    session.save()
    assert SessionStore(session.session_key)["lang"] == "en"
    assert Session.objects.filter(session_key=session.session_key).exists()


def test_with_redis_down_ending_a_session_fails_and_leaves_it_whole(redis_down):
    """Else the copy in Redis would sign the browser back in once Redis answers again."""
    session = SessionStore()
    session["who"] = "officer"
    session.save()
    with pytest.raises(CacheUnavailable):
        SessionStore(session.session_key).flush()
    assert SessionStore(session.session_key)["who"] == "officer"


def test_with_redis_down_a_signed_in_officer_still_works_and_signing_out_is_503(
        client, redis_down, settings):
    settings.SESSION_ENGINE = "minfu.web.cached_sessions"
    client.force_login(staff_user(UnitFactory()))
    assert client.get(reverse("web:staff-home")).status_code == 200
    signed_out = client.post(reverse("web:staff-logout"))
    assert signed_out.status_code == 503 and signed_out["Retry-After"]
    assert client.get(reverse("web:staff-home")).status_code == 200
