"""The daily jobs: officers' digest and overdue escalation, on office working days only."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from minfu.cases import jobs, services, tasks
from minfu.notify.models import OutboxMessage
from minfu.org.models import Role
from minfu.records import jobs as record_jobs
from tests.cases.factories import at, officer, service, submit

pytestmark = pytest.mark.django_db

JAN_24 = dt.date(2025, 1, 24)  # five working days later is 02-07, after the New Year
MAKE_UP_SATURDAY = dt.date(2025, 2, 8)  # 補行上班
SUNDAY = dt.date(2025, 2, 9)
PEACE_MEMORIAL_DAY = dt.date(2025, 2, 28)  # a Friday off
MARCH_3 = dt.date(2025, 3, 3)  # a Monday


def assigned_case(received_on: dt.date, *, version=None, clerk=None):
    """A five-day application received on `received_on`, assigned to `clerk`."""
    version = version or service(period_value=5, norm_value=2)
    unit = version.responsible_unit
    clerk = clerk or officer(unit)
    case, _ = submit(version, received_at=at(received_on))
    [case] = services.case_assign(cases=[case], officer=clerk,
                                  actor=officer(unit, Role.SUPERVISOR))
    return case, clerk


def digests():
    return list(OutboxMessage.objects.filter(event="case.officer_digest"))


def escalations():
    return list(OutboxMessage.objects.filter(event="case.overdue_escalation"))


def test_the_office_calendar_decides_which_days_the_jobs_run():
    assert record_jobs.is_office_day(MAKE_UP_SATURDAY)
    assert not record_jobs.is_office_day(SUNDAY)
    assert not record_jobs.is_office_day(PEACE_MEMORIAL_DAY)


def test_a_make_up_saturday_runs_both_jobs():
    case, clerk = assigned_case(JAN_24)
    out = StringIO()
    call_command("run_daily_jobs", "--date", MAKE_UP_SATURDAY.isoformat(), stdout=out)
    [digest] = digests()
    assert digest.recipient == clerk.email and case.number in digest.body
    assert "已逾期" in digest.body  # due 02-07
    assert {m.related_id for m in escalations()} == {str(case.pk)}
    assert "digest: ran for 2025-02-08, 1 item(s)" in out.getvalue()


@pytest.mark.parametrize("day_off", [SUNDAY, PEACE_MEMORIAL_DAY])
def test_nothing_is_sent_on_a_sunday_or_a_holiday(day_off):
    assigned_case(JAN_24)
    out = StringIO()
    call_command("run_daily_jobs", "--date", day_off.isoformat(), stdout=out)
    assert digests() == [] and escalations() == []
    assert "skipped" in out.getvalue()


def test_the_beat_tasks_use_todays_date_in_taipei():
    assigned_case(JAN_24)
    with time_machine.travel(at(SUNDAY, 8), tick=False):
        assert tasks.send_officer_digests() == 0
        assert tasks.escalate_overdue_cases() == 0
    with time_machine.travel(at(MAKE_UP_SATURDAY, 8), tick=False):
        assert tasks.send_officer_digests() == 1
        assert tasks.escalate_overdue_cases() == 1


def test_digest_lists_the_officers_cases_due_within_two_working_days():
    due_monday, clerk = assigned_case(MARCH_3)  # due 03-10
    due_later, _ = assigned_case(dt.date(2025, 3, 5), version=due_monday.service_type_version,
                                clerk=clerk)
    someone_elses, other_clerk = assigned_case(MARCH_3)
    paused, _ = assigned_case(MARCH_3, version=due_monday.service_type_version, clerk=clerk)
    services.case_pause_start(case=paused, reason="waiting for the land office",
                              legal_basis="§51", actor=clerk)
    with time_machine.travel(at(dt.date(2025, 3, 6), 8), tick=False):
        result = jobs.officer_digests_send(on=dt.date(2025, 3, 6))  # Thursday: up to 03-10
    assert result.queued == 2
    mine = OutboxMessage.objects.get(event="case.officer_digest", recipient=clerk.email)
    assert due_monday.number in mine.body and "114/03/10" in mine.body
    assert due_later.number not in mine.body and paused.number not in mine.body
    assert someone_elses.number not in mine.body
    assert mine.dedupe_key == f"digest:{clerk.pk}:2025-03-06"
    assert jobs.officer_digests_send(on=dt.date(2025, 3, 6)).queued == 0  # once a day


def test_escalation_tells_each_supervisor_once_per_case_per_day():
    case, _ = assigned_case(MARCH_3)  # due 03-10
    first = officer(case.unit, Role.SUPERVISOR)  # assigned_case made one supervisor already
    open_in_time, _ = assigned_case(dt.date(2025, 3, 7))
    with time_machine.travel(at(dt.date(2025, 3, 11), 8), tick=False):
        assert jobs.overdue_cases_escalate(on=dt.date(2025, 3, 11)).queued == 2
        assert jobs.overdue_cases_escalate(on=dt.date(2025, 3, 11)).queued == 0
    messages = escalations()
    assert first.email in {m.recipient for m in messages} and len(messages) == 2
    assert all(m.related_id == str(case.pk) for m in messages)
    assert case.number in messages[0].body and "114年3月10日" in messages[0].body
    assert open_in_time.number not in "".join(m.body for m in messages)
    with time_machine.travel(at(dt.date(2025, 3, 12), 8), tick=False):
        assert jobs.overdue_cases_escalate(on=dt.date(2025, 3, 12)).queued == 2


def test_a_bad_date_is_refused_plainly():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("run_daily_jobs", "--date", "114/03/05")
