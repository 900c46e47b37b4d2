"""Sessions without Redis (minfu.web.sessions, the default) and with it
(minfu.web.cached_sessions): a session nothing changed in is written again only once its
last save is REFRESH_SECONDS old, so paging through a queue costs no write per page;
the idle timeout still ends a session left alone."""

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minfu.web import cached_sessions, sessions
from tests.org.factories import UnitFactory, staff_user

pytestmark = pytest.mark.django_db

ENGINES = ["minfu.web.sessions", "minfu.web.cached_sessions"]


def _writes(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(query["sql"].startswith(("UPDATE", "INSERT")) for query in queries.captured_queries
               if "django_session" in query["sql"])


@pytest.mark.parametrize("engine", ENGINES)
def test_paging_writes_the_session_once_a_minute(client, settings, engine):
    settings.SESSION_ENGINE = engine
    url = reverse("web:staff-home")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(staff_user(UnitFactory()))
        client.get(url)
        assert _writes(client, url) == 0
        clock.shift(sessions.REFRESH_SECONDS - 2)  # the save's time is kept in seconds
        assert _writes(client, url) == 0
        clock.shift(3)
        assert _writes(client, url) == 1
        assert _writes(client, url) == 0


@pytest.mark.parametrize("store", [sessions.SessionStore, cached_sessions.SessionStore])
def test_a_change_is_written_at_once(store):
    session = store()
    session["lang"] = "en"
    session.save()
    again = store(session.session_key)
    again["lang"] = "zh-hant"
    again.save()
    assert store(session.session_key)["lang"] == "zh-hant"


def test_a_session_left_alone_past_the_idle_timeout_ends(client, settings):
    client.force_login(staff_user(UnitFactory()))
    url = reverse("web:staff-home")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get(url).status_code == 200
        clock.shift(settings.SESSION_COOKIE_AGE + 1)
        assert client.get(url).status_code == 302


def test_a_new_session_is_one_insert_without_asking_whether_its_key_is_taken():
    session = sessions.SessionStore()
    session["lang"] = "en"
    with CaptureQueriesContext(connection) as queries:
        session.save()
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert "SELECT" not in statements and statements.count("INSERT") == 1
    assert Session.objects.filter(session_key=session.session_key).exists()
