"""The read replica (minfu.core.replica): marked reads go to a second database alias, writes
and transactions stay on the primary, a browser that wrote reads the primary for a while,
and a replica that lags or does not answer is left aside. The 'replica' alias here is a
second connection to the test database (what Django's TEST MIRROR does), added for the
test; on PostgreSQL the topology test runs a real streaming replica."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from minfu.core import replica
from minfu.org.models import Organisation

ROUTERS = ["minfu.core.replica.ReplicaRouter"]


@pytest.fixture(scope="module")
def _replica_connection(django_db_setup, django_db_blocker):
    """The alias exists before each test's database set-up, which then allows it."""
    with django_db_blocker.unblock():
        default = connections["default"].settings_dict
    connections.settings[replica.REPLICA] = {
        **default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[replica.REPLICA].close()
    del connections[replica.REPLICA]
    del connections.settings[replica.REPLICA]


@pytest.fixture
def replica_alias(_replica_connection, settings):
    """The 'replica' alias configured, the router on, a fresh health check."""
    settings.DATABASES = {**settings.DATABASES,
                          replica.REPLICA: connections.settings[replica.REPLICA]}
    settings.MINFU_REPLICA_CHECK_SECONDS = 60
    settings.MINFU_REPLICA_MAX_LAG_SECONDS = 10
    replica.health.forget()
    with override_settings(DATABASE_ROUTERS=ROUTERS):
        yield
    replica.health.forget()


def alias_of_read() -> str:
    return Organisation.objects.all().db


# Committed rows (a transaction would keep every read on the primary); both aliases allowed.
pytestmark = [pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
              pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")]


@pytest.fixture
def no_replica(_replica_connection, settings):
    settings.DATABASES = {alias: value for alias, value in settings.DATABASES.items()
                          if alias != replica.REPLICA}


def test_without_a_replica_everything_reads_the_primary(no_replica):
    assert not replica.configured()
    with replica.reads_from_replica():
        assert replica.read_alias() == "default"


def test_only_marked_reads_go_to_the_replica(replica_alias):
    assert alias_of_read() == "default"
    with replica.reads_from_replica():
        assert alias_of_read() == "replica"
    assert alias_of_read() == "default"


def test_the_decorator_marks_a_function(replica_alias):
    @replica.reads_from_replica
    def report():
        return alias_of_read()

    assert report() == "replica"


def test_marked_reads_really_run_on_the_replica_connection(replica_alias):
    with replica.reads_from_replica(), \
            CaptureQueriesContext(connections["replica"]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        list(Organisation.objects.all())

    def reads_of_organisations(queries) -> int:
        return sum("org_organisation" in query["sql"] for query in queries.captured_queries)

    # On PostgreSQL the replica also answers the lag probe first.
    assert reads_of_organisations(on_replica) == 1
    assert len(on_primary) == 0


def test_writes_and_reads_inside_a_transaction_stay_on_the_primary(replica_alias):
    with replica.reads_from_replica():
        with transaction.atomic():
            assert alias_of_read() == "default"
        router = replica.ReplicaRouter()
        assert router.db_for_write(Organisation) == "default"
        assert router.allow_migrate("replica", "org") is False
        assert router.allow_migrate("default", "org") is True


def test_a_lagging_replica_is_left_aside(replica_alias, monkeypatch):
    monkeypatch.setattr(replica, "replica_lag_seconds", lambda: 30.0)
    with replica.reads_from_replica():
        assert alias_of_read() == "default"


def test_a_replica_within_the_lag_limit_serves(replica_alias, monkeypatch):
    monkeypatch.setattr(replica, "replica_lag_seconds", lambda: 2.0)
    with replica.reads_from_replica():
        assert alias_of_read() == "replica"


def test_a_replica_that_does_not_answer_is_left_aside(replica_alias, monkeypatch):
    def down():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(replica, "replica_lag_seconds", down)
    with replica.reads_from_replica():
        assert alias_of_read() == "default"


def test_health_is_checked_once_per_interval(replica_alias, monkeypatch):
    probes = []
    monkeypatch.setattr(replica, "replica_lag_seconds", lambda: probes.append(1) or 0.0)
    with replica.reads_from_replica():
        for _ in range(5):
            alias_of_read()
    assert len(probes) == 1


def test_the_replica_comes_back_after_the_interval(replica_alias, monkeypatch, settings):
    settings.MINFU_REPLICA_CHECK_SECONDS = 0
    lag = [30.0]
    monkeypatch.setattr(replica, "replica_lag_seconds", lambda: lag[0])
    with replica.reads_from_replica():
        assert alias_of_read() == "default"
        lag[0] = 0.5
        assert alias_of_read() == "replica"


# ----- read-your-writes ------------------------------------------------------------------

def _middleware(view):
    return replica.ReadYourWritesMiddleware(view)


def test_a_request_that_wrote_reads_the_primary_and_marks_its_browser(replica_alias):
    seen = []

    def view(request):
        with replica.reads_from_replica():
            seen.append(alias_of_read())
            Organisation.objects.filter(pk=-1).update(phone="x")  # a write (no row)
            seen.append(alias_of_read())
        return HttpResponse()

    response = _middleware(view)(RequestFactory().post("/"))
    assert seen == ["replica", "default"]
    cookie = response.cookies[replica.STICKY_COOKIE]
    assert cookie["max-age"] == 15
    assert cookie["httponly"]


def test_a_browser_that_wrote_lately_reads_the_primary(replica_alias):
    seen = []

    def view(request):
        with replica.reads_from_replica():
            seen.append(alias_of_read())
        return HttpResponse()

    request = RequestFactory().get("/")
    request.COOKIES[replica.STICKY_COOKIE] = "1"
    response = _middleware(view)(request)
    assert seen == ["default"]
    assert replica.STICKY_COOKIE not in response.cookies  # it ages out on its own


def test_a_request_that_only_read_leaves_no_mark(replica_alias):
    def view(request):
        with replica.reads_from_replica():
            list(Organisation.objects.all())
        return HttpResponse()

    response = _middleware(view)(RequestFactory().get("/"))
    assert replica.STICKY_COOKIE not in response.cookies
    assert replica.read_alias() == "default"  # nothing left set after the request


def test_the_middleware_is_not_used_without_a_replica(no_replica):
    from django.core.exceptions import MiddlewareNotUsed

    with pytest.raises(MiddlewareNotUsed):
        _middleware(lambda request: HttpResponse())


def test_a_citizen_who_just_applied_sees_the_receipt_from_the_primary(replica_alias, client):
    """Through the real middleware stack: the lookup is marked for the replica, but a
    browser holding the sticky cookie (set by the submission) reads the primary."""
    from tests.cases.factories import service, submit

    case, code = submit(service())
    lookup = {"number": case.number, "access_code": code}
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.post("/applications/lookup/", lookup)
    assert response.status_code == 302
    assert len(on_replica) >= 1  # a visitor who only reads is served by the replica
    client.cookies[replica.STICKY_COOKIE] = "1"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.post("/applications/lookup/", lookup)
    assert response.status_code == 302
    assert len(on_replica) == 0
