"""Rollups equal the direct computation for every registered metric (also those other
apps register), the incremental refresh touches only dirty days, and rebuild and refresh
agree."""

import datetime as dt

import pytest
from django.db import transaction

from minfu.core.errors import PermissionDenied, ValidationFailed
from minfu.metrics import registry, selectors, services
from minfu.metrics.models import DirtyDay, Rollup
from minfu.org.models import Role
from tests.metrics.factories import at, case, populate, world
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db

SPAN = (dt.date(2025, 6, 1), dt.date(2025, 12, 31))
PERIODS = [
    (dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
    (dt.date(2025, 7, 2), dt.date(2025, 7, 2)),
    (dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
    (dt.date(2025, 6, 1), dt.date(2025, 12, 31)),
]


@pytest.fixture
def data():
    w = world()
    populate(w)
    services.rollups_rebuild(start=SPAN[0], end=SPAN[1])
    return w


def rollup_rows():
    return sorted(Rollup.objects.values_list(
        "code", "day", "organisation_id", "unit_id", "service_type_id", "channel",
        "numerator", "denominator"))


@pytest.mark.parametrize("code", sorted(registry.metrics()))
def test_rollup_value_equals_direct_value(data, code):
    every = [data.ministry.pk, data.agency_a.pk, data.agency_b.pk]
    filters = [
        {"organisation_ids": every},
        {"organisation_ids": [data.agency_a.pk]},
        {"organisation_ids": [data.agency_b.pk]},
        {"organisation_ids": [data.agency_a.pk], "unit_id": data.unit_a1.pk},
        {"organisation_ids": every, "channel": "online"},
        {"organisation_ids": every, "service_type_id": data.service_a.service_type_id},
    ]
    for start, end in PERIODS:
        for one in filters:
            direct = selectors.metric_value_direct(code=code, start=start, end=end, **one)
            rolled = selectors.metric_value(code=code, start=start, end=end, **one)
            assert rolled == pytest.approx(direct), (start, end, one)


def test_refresh_is_idempotent(data):
    before = rollup_rows()
    services.rollups_refresh(start=SPAN[0], end=SPAN[1])
    services.rollups_refresh(start=SPAN[0], end=SPAN[1])
    assert rollup_rows() == before


def test_touch_marks_the_day_only_after_commit(data, django_capture_on_commit_callbacks,
                                              settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # production: beat refreshes the marked days
    with django_capture_on_commit_callbacks(execute=True):
        services.metrics_touch(day=dt.date(2025, 8, 5))
        services.metrics_touch(days=[dt.date(2025, 8, 5), dt.date(2025, 8, 6)])
    assert sorted(DirtyDay.objects.values_list("day", flat=True)) == [
        dt.date(2025, 8, 5), dt.date(2025, 8, 6)]


def test_touch_in_a_rolled_back_transaction_marks_nothing(data):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.metrics_touch(day=dt.date(2025, 8, 5))
        raise RuntimeError
    assert not DirtyDay.objects.exists()


def test_without_a_worker_a_touch_refreshes_its_day_at_once(
        data, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # `make run`: no beat, dashboards stay live
    new_day = dt.date(2025, 8, 5)
    with django_capture_on_commit_callbacks(execute=True):
        case(data.service_a, data.unit_a1, received=at(new_day), channel="counter")
        services.metrics_touch(day=new_day)
    assert not DirtyDay.objects.exists()
    assert selectors.metric_value(code="cases.received", start=new_day, end=new_day,
                                  organisation_ids=[data.agency_a.pk]) == 1


def test_incremental_refresh_touches_only_dirty_days_and_ends_like_a_rebuild(
        data, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    new_day = dt.date(2025, 8, 5)
    other_day = dt.date(2025, 11, 3)
    with django_capture_on_commit_callbacks(execute=True):
        case(data.service_a, data.unit_a1, received=at(new_day), channel="counter",
             closed=at(new_day, 16), on_time=True, days=1)
        # A row changed on another day without a mark: the refresh must not see it yet.
        case(data.service_b, data.unit_b1, received=at(other_day, 11))
        services.metrics_touch(day=new_day)
    untouched = [row for row in rollup_rows() if row[1] != new_day]

    result = services.rollups_refresh_dirty()

    assert result.days == 1 and not DirtyDay.objects.exists()
    assert [row for row in rollup_rows() if row[1] != new_day] == untouched
    assert selectors.metric_value(code="cases.received", start=new_day, end=new_day,
                                  organisation_ids=[data.agency_a.pk]) == 1
    services.rollups_refresh_days(days=[other_day])
    incremental = rollup_rows()
    services.rollups_rebuild(start=SPAN[0], end=SPAN[1])
    assert rollup_rows() == incremental


def test_scheduled_refresh_covers_yesterday_today_and_dirty_days(data):
    DirtyDay.objects.create(day=dt.date(2025, 7, 1))
    result = services.rollups_refresh_recent(today=dt.date(2025, 12, 31))
    assert result.days == 3


def test_contiguous_ranges():
    d = dt.date
    assert services.contiguous_ranges([d(2025, 1, 3), d(2025, 1, 1), d(2025, 1, 2),
                                       d(2025, 1, 7), d(2025, 1, 3)]) == [
        (d(2025, 1, 1), d(2025, 1, 3)), (d(2025, 1, 7), d(2025, 1, 7))]


def test_rebuild_drops_days_outside_and_needs_the_permission(data):
    Rollup.objects.create(code="cases.received", day=dt.date(2020, 1, 1),
                          organisation=data.agency_a, numerator=99)
    Rollup.objects.create(code="gone.metric", day=dt.date(2025, 7, 1),
                          organisation=data.agency_a, numerator=1)
    officer = staff_user(data.unit_a1, Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.rollups_rebuild(actor=officer, start=SPAN[0], end=SPAN[1])
    admin = staff_user(data.unit_a1, Role.AGENCY_ADMIN)
    services.rollups_rebuild(actor=admin, start=SPAN[0], end=SPAN[1])
    assert not Rollup.objects.filter(day__year=2020).exists()
    assert not Rollup.objects.filter(code="gone.metric").exists()


def test_bad_input_is_refused(data):
    with pytest.raises(ValidationFailed):
        services.rollups_refresh(start=SPAN[1], end=SPAN[0])
    with pytest.raises(ValidationFailed):
        services.rollups_refresh(start=SPAN[0], end=SPAN[1], codes=["no.such"])


@pytest.mark.parametrize("code", sorted(registry.metrics()))
def test_dashboard_from_month_rollups_equals_direct_value(data, code):
    from minfu.metrics.periods import Grain, ReportingPeriod

    ids = [data.agency_a.pk, data.agency_b.pk]
    period = ReportingPeriod(2025, Grain.QUARTER, 3)
    figures = {f.metric.code: f for f in selectors.dashboard(organisation_ids=ids,
                                                             period=period, trend_count=3)}
    for one, value in figures[code].trend:
        direct = selectors.metric_value_direct(code=code, start=one.start, end=one.end,
                                               organisation_ids=ids)
        assert value == pytest.approx(direct), one


def test_demo_load_and_the_command_rebuild_and_refresh(data):
    from django.core.management import call_command

    from minfu.metrics import demo

    demo.load()
    demo.load()
    assert Rollup.objects.filter(code="cases.received").exists()
    before = rollup_rows()
    call_command("refresh_metrics", "--from", "114/07/01", "--to", "2025-07-31")
    call_command("refresh_metrics")
    assert rollup_rows() == before
    from django.core.management.base import CommandError
    with pytest.raises(CommandError):
        call_command("refresh_metrics", "--from", "2025-07-01")
    with pytest.raises(CommandError):
        call_command("refresh_metrics", "--from", "not a day", "--to", "2025-07-01")


def test_admin_lists_rollups_scoped_and_rebuilds(client, data):
    from django.urls import reverse

    from tests.org.factories import superuser

    client.force_login(superuser())
    listing = client.get(reverse("admin:metrics_rollup_changelist"))
    assert listing.status_code == 200
    one = Rollup.objects.first()
    Rollup.objects.exclude(pk=one.pk).delete()
    response = client.post(reverse("admin:metrics_rollup_changelist"),
                           {"action": "rebuild", "_selected_action": [one.pk]}, follow=True)
    assert response.status_code == 200
    assert Rollup.objects.count() > 1  # everything is back
