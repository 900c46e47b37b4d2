"""History partitioned by month on PostgreSQL (core.partitions, ADR 0015): the months
exist, rows go to their month, a record's timeline reads only the months from its
receipt on, the job creates months ahead (moving rows that waited in the default
partition), old months detach. The month arithmetic is checked everywhere."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from minfu.cases.models import Case, CaseEvent
from minfu.core import partitions
from minfu.core.models import AuditEvent
from minfu.records.events import history_of
from minfu.voice.models import PetitionEvent
from tests.cases import factories

TABLES = ("cases_caseevent", "voice_petitionevent", "core_auditevent",
          "appointments_appointmentevent", "participation_commentevent",
          "participation_proposalevent")


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2200, 1, 1)))
def test_months_follow_each_other_and_names_read_back(day):
    month = partitions.month_start(day)
    following = partitions.next_month(month)
    assert following.day == 1 and 28 <= (following - month).days <= 31
    assert partitions.partition_month(partitions.partition_name("t", month)) == month
    assert partitions.months(day, following) == [month, following]


def test_the_partitioned_models_are_the_history_tables():
    assert {model._meta.db_table for model in partitions.partitioned_models()} == set(TABLES)


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the history is partitioned on PostgreSQL only")


def _partition_of(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT tableoid::regclass::text FROM "{table}" WHERE id = %s', [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_history_tables_are_partitioned_with_months_ahead(postgres):
    today = dt.date.today()
    with connection.cursor() as cursor:
        for table in TABLES:
            assert partitions.is_partitioned(cursor, table)
            names = {partition.name for partition in partitions.partitions(cursor, table)}
            assert f"{table}_default" in names
            assert partitions.partition_name(table, partitions.month_start(today)) in names


@pytest.mark.django_db
def test_events_go_to_the_partition_of_their_month_and_old_ones_to_the_default(postgres):
    case, _code = factories.submit(factories.service())
    event = CaseEvent.objects.filter(case=case).first()
    month = partitions.month_start(dt.date.today())
    assert _partition_of("cases_caseevent", event.pk) == \
        partitions.partition_name("cases_caseevent", month)
    old = CaseEvent.objects.create(case=case, organisation_id=case.organisation_id,
                                   action=event.action, actor_kind="system",
                                   occurred_at=event.occurred_at - dt.timedelta(days=3650))
    assert _partition_of("cases_caseevent", old.pk) == "cases_caseevent_default"
    assert AuditEvent.objects.exists() and PetitionEvent._meta.db_table == TABLES[1]


@pytest.mark.django_db
def test_a_timeline_reads_only_the_months_from_the_receipt_on(postgres):
    case, _code = factories.submit(factories.service())
    with connection.cursor() as cursor:
        # Old months, as on a database with years of history.
        for months_back in (24, 12):
            month = partitions.month_start(dt.date.today() - dt.timedelta(days=31 * months_back))
            partitions.partition_create(cursor, "cases_caseevent", "occurred_at", month)
    sql, params = history_of(Case.objects.get(pk=case.pk)).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    scanned = set(re.findall(r"cases_caseevent_p\d{6}", plan))
    this_month = partitions.partition_name("cases_caseevent",
                                           partitions.month_start(dt.date.today()))
    assert this_month in scanned
    assert all(partitions.partition_month(name) >= partitions.month_start(
        dt.date.today() - dt.timedelta(days=40)) for name in scanned), plan


@pytest.mark.django_db
def test_the_job_creates_months_ahead_and_moves_waiting_rows_out_of_the_default(postgres):
    case, _code = factories.submit(factories.service())
    far = dt.date.today() + dt.timedelta(days=366)
    waiting = CaseEvent.objects.create(
        case=case, organisation_id=case.organisation_id, action="case.submitted",
        actor_kind="system",
        occurred_at=dt.datetime.combine(far, dt.time(12), tzinfo=dt.UTC))
    assert _partition_of("cases_caseevent", waiting.pk) == "cases_caseevent_default"

    created = partitions.partitions_ensure(today=far, ahead=1)

    assert created == 2 * len(TABLES)  # far's month and the next, for each table
    assert _partition_of("cases_caseevent", waiting.pk) == \
        partitions.partition_name("cases_caseevent", partitions.month_start(far))
    assert partitions.partitions_ensure(today=far, ahead=1) == 0  # safe to run twice


@pytest.mark.django_db
def test_old_months_detach_and_stay_as_plain_tables(postgres):
    month = partitions.month_start(dt.date.today() - dt.timedelta(days=800))
    with connection.cursor() as cursor:
        partitions.partition_create(cursor, "core_auditevent", "occurred_at", month)
    out = io.StringIO()
    call_command("history_partitions", "detach", "--before",
                 f"{partitions.next_month(month):%Y-%m}", stdout=out)
    name = partitions.partition_name("core_auditevent", month)
    assert name in out.getvalue()
    with connection.cursor() as cursor:
        assert name not in {p.name for p in partitions.partitions(cursor, "core_auditevent")}
        cursor.execute("SELECT to_regclass(%s)", [name])
        assert cursor.fetchone()[0] is not None  # detached, not dropped


@pytest.mark.django_db
def test_a_generator_gets_the_months_of_the_history_it_will_write(postgres):
    today = dt.date.today()
    since = today - dt.timedelta(days=400)
    partitions.partitions_ensure(since=since, ahead=0)
    with connection.cursor() as cursor:
        names = {p.name for p in partitions.partitions(cursor, "voice_petitionevent")}
    assert {partitions.partition_name("voice_petitionevent", month)
            for month in partitions.months(since, today)} <= names
