"""The cached_db session engine without the existence check before a new session."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minfu.web import cached_sessions
from minfu.web.cached_sessions import SessionStore

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
    monkeypatch.setattr(cached_sessions, "get_random_string", lambda *args: next(draws))
    second = SessionStore()
    second["who"] = "second"
    second.save()
    assert second.session_key == "n" * 32
    assert SessionStore(taken.session_key)["who"] == "first"
    assert Session.objects.count() == 2
