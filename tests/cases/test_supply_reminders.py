"""Before and after a supply-by date (補正期限): the applicant's reminders on working days
only (make-up Saturdays included), the officers' queue section, digest and step."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minfu.cases import jobs, selectors, services, supply
from minfu.cases.models import Case, CaseEvent
from minfu.notify.models import OutboxMessage
from minfu.org.models import Role
from minfu.records import jobs as record_jobs
from tests.cases.factories import at, officer, service, submit

pytestmark = pytest.mark.django_db

JAN_20 = dt.date(2025, 1, 20)
FRIDAY = dt.date(2025, 2, 7)
MAKE_UP_SATURDAY = dt.date(2025, 2, 8)  # 補行上班
SUNDAY = dt.date(2025, 2, 9)
MONDAY = dt.date(2025, 2, 10)


def paused_case(supply_by: dt.date):
    """An assigned application whose notice asks for documents by `supply_by`."""
    version = service(period_value=20)
    unit = version.responsible_unit
    clerk = officer(unit)
    with time_machine.travel(at(JAN_20), tick=False):
        case, _code = submit(version, received_at=at(JAN_20))
        [case] = services.case_assign(cases=[case], officer=clerk,
                                      actor=officer(unit, Role.SUPERVISOR))
        services.deficiency_notice_issue(
            case=case, items=[version.documents.first().pk], actor=clerk,
            supplement_due_date=supply_by)
    return Case.objects.get(pk=case.pk), clerk


def reminders(case):
    return list(OutboxMessage.objects.filter(event__startswith="case.supply_reminder",
                                             related_id=str(case.pk)).order_by("id"))


def run(day: dt.date):
    with time_machine.travel(at(day, 8), tick=False):
        return jobs.supply_reminders_send(on=day)


@override_settings(MINFU_SUPPLY_REMINDER_WORKING_DAYS=1)
def test_reminded_on_a_make_up_saturday_and_on_the_day_once_each():
    case, _clerk = paused_case(MONDAY)
    assert run(FRIDAY).queued == 0  # two working days before: too early
    assert run(MAKE_UP_SATURDAY).queued == 1  # one working day before
    assert not run(SUNDAY).ran  # a day off: the job does nothing
    assert run(MONDAY).queued == 1  # the day itself
    assert run(MONDAY).queued == 0  # once each
    before, on_the_day = reminders(case)
    assert before.dedupe_key.endswith("supply_reminder:1-before")
    assert on_the_day.dedupe_key.endswith("supply_reminder:1-on_the_day")
    assert "今日" in on_the_day.body and "1個工作天" in before.body
    assert CaseEvent.objects.filter(case=case, action="case.supply.reminded").count() == 2


@override_settings(MINFU_SUPPLY_REMINDER_WORKING_DAYS=1)
def test_a_supply_by_date_on_a_sunday_moves_to_monday():
    case, _clerk = paused_case(dt.date(2025, 2, 16))
    assert run(dt.date(2025, 2, 14)).queued == 1  # Friday, one working day before Monday
    assert run(dt.date(2025, 2, 17)).queued == 1  # Monday, the last day
    assert [m.dedupe_key.rsplit("-", 1)[1] for m in reminders(case)] == ["before",
                                                                         "on_the_day"]


def test_a_supplied_case_is_not_reminded():
    case, clerk = paused_case(MONDAY)
    with time_machine.travel(at(FRIDAY), tick=False):
        services.case_supplement_receive(case=case, documents=(), actor=clerk,
                                         paper_items=[case.service_type_version.documents
                                                      .first().pk])
    assert run(MONDAY).queued == 0


def test_officers_see_the_lapsed_case_in_queue_digest_and_steps(client):
    case, clerk = paused_case(MONDAY)
    tuesday = dt.date(2025, 2, 11)
    with time_machine.travel(at(tuesday), tick=False):
        client.force_login(clerk)
        page = client.get(reverse("cases:staff-queue"))
        detail = client.get(reverse("cases:staff-detail", args=[case.pk])).content.decode()
    assert [c.pk for c in page.context["supply_lapsed"]] == [case.pk]
    assert page.context["supply_lapsed_count"] == 1
    assert "action-supply_lapsed" in detail
    with time_machine.travel(at(MONDAY), tick=False):  # the last day: not yet lapsed
        page = client.get(reverse("cases:staff-queue"))
        assert list(page.context["supply_lapsed"]) == []
        assert page.context["supply_lapsed_count"] == 0
    with time_machine.travel(at(tuesday, 8), tick=False):
        jobs.officer_digests_send(on=tuesday)
    [digest] = OutboxMessage.objects.filter(event="case.officer_digest")
    assert case.number in digest.body and "補正期限已過" in digest.body


def test_the_review_on_the_record_resumes_the_clock_after_the_supply_by_date():
    case, clerk = paused_case(MONDAY)
    with time_machine.travel(at(MONDAY), tick=False), pytest.raises(Exception) as refused:
        services.case_supply_lapsed(case=case, actor=clerk)
    assert refused.value.code == "supply_not_lapsed"
    with time_machine.travel(at(dt.date(2025, 2, 13)), tick=False):
        case = services.case_supply_lapsed(case=Case.objects.get(pk=case.pk), actor=clerk)
    assert case.state == "in_review"
    pause = case.pauses.get()
    assert timezone.localtime(pause.ended_at).date() == dt.date(2025, 2, 11)  # the day after the last day


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dates(dt.date(2025, 1, 2), dt.date(2025, 11, 15)),
       st.integers(0, 40), st.integers(0, 5))
def test_reminders_fall_on_working_days_before_or_on_the_last_day(on, ahead, days_before):
    calendar = record_jobs.national_calendar()
    supply_by = on + dt.timedelta(days=ahead)
    last = supply.last_day(supply_by, calendar)
    assert calendar.is_working_day(last) and last >= supply_by
    reminder = supply.reminder_due(on, supply_by, calendar, days_before=days_before)
    if reminder == supply.Reminder.ON_THE_DAY:
        assert on == last
    elif reminder == supply.Reminder.BEFORE:
        assert on < last and supply.working_days_left(on, supply_by, calendar) <= days_before
    assert supply.has_lapsed(supply_by, on, calendar) == (
        supply_by <= supply.last_lapsed_supply_by(on, calendar))


def test_the_queue_shows_the_first_lapsed_cases_and_counts_them_all():
    first, clerk = paused_case(MONDAY)
    version = first.service_type_version
    with time_machine.travel(at(JAN_20), tick=False):
        second, _code = submit(version, received_at=at(JAN_20))
        [second] = services.case_assign(cases=[second], officer=clerk,
                                        actor=officer(version.responsible_unit, Role.SUPERVISOR))
        services.deficiency_notice_issue(
            case=second, items=[version.documents.first().pk], actor=clerk,
            supplement_due_date=dt.date(2025, 2, 11))
    with time_machine.travel(at(dt.date(2025, 2, 13)), tick=False):
        shown, count = selectors.supply_lapsed_first(clerk, mine=True,
                                                     today=timezone.localdate(), shown=1)
    assert [case.pk for case in shown] == [first.pk] and count == 2
