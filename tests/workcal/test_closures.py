"""Closures (停止上班): who may record them, whom they affect, and the calendar cache."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minfu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.org.models import Locality, Role
from minfu.workcal import selectors, services
from minfu.workcal.models import Closure, PendingRecount
from minfu.workcal.periods import Period, PeriodUnit
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user, superuser
from tests.workcal.factories import ClosureFactory

D = dt.date
pytestmark = pytest.mark.django_db
ONE_WORKING_DAY = Period(1, PeriodUnit.WORKING_DAYS)


def admin_in(locality, role=Role.AGENCY_ADMIN):
    organisation = OrganisationFactory(locality=locality)
    return staff_user(UnitFactory(organisation=organisation), role), organisation


def test_a_closure_makes_the_day_off_for_that_locality_only():
    taipei_admin, taipei = admin_in(Locality.TAIPEI)
    _kaohsiung_admin, kaohsiung = admin_in(Locality.KAOHSIUNG)
    monday = D(2025, 7, 7)
    assert selectors.due_for(organisation=taipei, start=D(2025, 7, 4),
                             period=ONE_WORKING_DAY) == monday

    closure = services.closure_create(locality=Locality.TAIPEI, date=monday,
                                      notice_reference="臺北市政府 公告", actor=taipei_admin)

    assert selectors.due_for(organisation=taipei, start=D(2025, 7, 4),
                             period=ONE_WORKING_DAY) == D(2025, 7, 8)
    assert selectors.due_for(organisation=kaohsiung, start=D(2025, 7, 4),
                             period=ONE_WORKING_DAY) == monday
    assert closure.created_by == taipei_admin and closure.version == 1
    event = AuditEvent.objects.get(action="closure.created")
    assert event.after["date"] == "2025-07-07" and event.actor == taipei_admin


def test_a_partial_closure_counts_as_the_whole_day_for_hours_too():
    admin, taipei = admin_in(Locality.TAIPEI)
    services.closure_create(locality=Locality.TAIPEI, date=D(2025, 7, 7),
                            starts_at=dt.time(12), ends_at=dt.time(17, 30),
                            notice_reference="下午停止上班", actor=admin)
    calendar = selectors.calendar_for(taipei)
    start = dt.datetime(2025, 7, 4, 17, 0, tzinfo=calendar.tz)
    assert calendar.add_office_hours(start, 1) == dt.datetime(2025, 7, 8, 9, 0,
                                                              tzinfo=calendar.tz)


def test_quality_coordinators_may_record_closures_but_officers_may_not():
    coordinator, _taipei = admin_in(Locality.TAIPEI, Role.QUALITY_COORDINATOR)
    officer, _other = admin_in(Locality.TAIPEI, Role.OFFICER)
    services.closure_create(locality=Locality.TAIPEI, date=D(2025, 7, 7),
                            notice_reference="公告", actor=coordinator)
    with pytest.raises(PermissionDenied):
        services.closure_create(locality=Locality.TAIPEI, date=D(2025, 7, 8),
                                notice_reference="公告", actor=officer)


def test_an_administrator_may_not_record_closures_of_another_locality():
    kaohsiung_admin, _kaohsiung = admin_in(Locality.KAOHSIUNG)
    assert selectors.closure_localities_for(kaohsiung_admin) == {Locality.KAOHSIUNG}
    with pytest.raises(PermissionDenied):
        services.closure_create(locality=Locality.TAIPEI, date=D(2025, 7, 7),
                                notice_reference="公告", actor=kaohsiung_admin)


def test_one_closure_per_locality_and_day():
    ClosureFactory(date=D(2025, 7, 7))
    with pytest.raises(Conflict) as raised:
        ClosureFactory(date=D(2025, 7, 7))
    assert raised.value.code == "closure_exists"
    ClosureFactory(date=D(2025, 7, 7), locality=Locality.NEW_TAIPEI)


@pytest.mark.parametrize(("starts_at", "ends_at", "field"), [
    (dt.time(12), None, "ends_at"),
    (None, dt.time(12), "ends_at"),
    (dt.time(14), dt.time(12), "ends_at"),
])
def test_times_are_both_given_or_neither_and_in_order(starts_at, ends_at, field):
    with pytest.raises(ValidationFailed) as raised:
        ClosureFactory(starts_at=starts_at, ends_at=ends_at)
    assert field in raised.value.details


def test_a_notice_reference_is_required():
    with pytest.raises(ValidationFailed) as raised:
        ClosureFactory(notice_reference="  ")
    assert "notice_reference" in raised.value.details


def test_a_stale_update_is_refused_and_a_fresh_one_recounts():
    admin, taipei = admin_in(Locality.TAIPEI)
    closure = ClosureFactory(date=D(2025, 7, 7))
    services.closure_update(closure=closure, expected_version=1, locality=Locality.TAIPEI,
                            date=D(2025, 7, 8), notice_reference="更正", actor=admin)
    assert closure.version == 2
    assert selectors.due_for(organisation=taipei, start=D(2025, 7, 4),
                             period=Period(2, PeriodUnit.WORKING_DAYS)) == D(2025, 7, 9)
    with pytest.raises(Conflict):
        services.closure_update(closure=closure, expected_version=1, locality=Locality.TAIPEI,
                                date=D(2025, 7, 9), notice_reference="再更正", actor=admin)


def test_deleting_a_closure_restores_the_day():
    admin, taipei = admin_in(Locality.TAIPEI)
    closure = ClosureFactory(date=D(2025, 7, 7))
    for stale in (5, None):
        with pytest.raises(Conflict):
            services.closure_delete(closure=closure, expected_version=stale, actor=admin)
    assert Closure.objects.filter(pk=closure.pk).exists()
    services.closure_delete(closure=closure, expected_version=1, actor=admin)
    assert selectors.due_for(organisation=taipei, start=D(2025, 7, 4),
                             period=ONE_WORKING_DAY) == D(2025, 7, 7)
    assert AuditEvent.objects.filter(action="closure.deleted").count() == 1


def test_staff_see_the_closures_of_their_localities_only():
    taipei_officer, _taipei = admin_in(Locality.TAIPEI, Role.OFFICER)
    kaohsiung_officer, _kaohsiung = admin_in(Locality.KAOHSIUNG, Role.OFFICER)
    closure = ClosureFactory(date=D(2025, 7, 7))
    assert list(selectors.closures_for(taipei_officer)) == [closure]
    assert list(selectors.closures_for(kaohsiung_officer)) == []
    with pytest.raises(NotFound):
        selectors.closure_get_for(kaohsiung_officer, closure.pk)
    with pytest.raises(NotFound):
        selectors.closure_get_for(taipei_officer, closure.pk, to_manage=True)
    assert selectors.closure_get_for(superuser(), closure.pk, to_manage=True) == closure


def test_the_calendar_is_read_once_per_change_not_per_deadline():
    _admin, taipei = admin_in(Locality.TAIPEI)
    first = selectors.calendar_for(taipei)
    with CaptureQueriesContext(connection) as queries:
        for day in range(1, 28):
            selectors.due_for(organisation=taipei, start=D(2025, 3, day), period=ONE_WORKING_DAY)
    assert len(queries) == 0
    assert selectors.calendar_for(taipei) is first


def test_a_committed_change_makes_every_process_rebuild(django_capture_on_commit_callbacks):
    _admin, taipei = admin_in(Locality.TAIPEI)
    token = selectors.calendar_version()
    with django_capture_on_commit_callbacks(execute=True):
        ClosureFactory(date=D(2025, 7, 7))
    assert selectors.calendar_version() != token
    assert not selectors.calendar_for(taipei).is_working_day(D(2025, 7, 7))


def test_office_hours_come_from_settings(settings):
    settings.MINFU_OFFICE_HOURS = "09:00-12:00, 13:00-18:00"
    assert selectors.office_hours() == ((dt.time(9), dt.time(12)), (dt.time(13), dt.time(18)))
    settings.MINFU_OFFICE_HOURS = "nine to five"
    with pytest.raises(ImproperlyConfigured):
        selectors.office_hours()


def test_a_closure_leaves_a_pending_recount_that_the_recount_after_the_commit_clears(
        django_capture_on_commit_callbacks, monkeypatch):
    admin, _taipei = admin_in(Locality.TAIPEI)
    heard = []
    monkeypatch.setattr(services, "CLOSURE_LISTENERS",
                        [lambda **kwargs: heard.append(kwargs) or 0])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.closure_create(locality=Locality.TAIPEI, date=D(2025, 7, 7),
                                notice_reference="公告", actor=admin)
    pending = PendingRecount.objects.get()
    assert (pending.locality, pending.requested_by) == (Locality.TAIPEI, admin)
    assert heard == []  # nothing is recounted inside the closure's transaction
    for callback in callbacks:
        callback()
    assert heard == [{"locality": Locality.TAIPEI, "actor": admin}]
    assert not PendingRecount.objects.exists()
    assert services.pending_recounts_run() == 0 and len(heard) == 1


def test_a_recount_requested_again_while_running_stays_pending(monkeypatch):
    def closure_changes_meanwhile(**kwargs):
        PendingRecount.objects.update(requested_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
        return 0

    monkeypatch.setattr(services, "CLOSURE_LISTENERS", [closure_changes_meanwhile])
    ClosureFactory(date=D(2025, 7, 7))
    assert PendingRecount.objects.filter(locality=Locality.TAIPEI).exists()
