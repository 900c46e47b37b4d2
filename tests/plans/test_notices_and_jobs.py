"""The e-mails of progress reporting: reports asked for when a period opens, a returned
report, and the daily reminder (due soon, then overdue; working days only; once each)."""

import datetime as dt

import pytest

from minfu.notify.models import MessageTemplate, OutboxMessage
from minfu.plans import jobs, notices, services
from minfu.plans.models import ProgressReport
from tests.org.factories import superuser
from tests.plans.factories import (
    action_under,
    agency_with_units,
    coordinator,
    plan_for,
    quarter,
    supervisor,
)

pytestmark = pytest.mark.django_db

# The 2025 first quarter is due on Thursday 10 April; 3 and 4 April are days off
# (Children's Day, Tomb-Sweeping Day), 5 and 6 April a weekend.
TOO_EARLY, DAY_OFF, DUE_SOON = dt.date(2025, 4, 2), dt.date(2025, 4, 4), dt.date(2025, 4, 7)
OVERDUE, LATER = dt.date(2025, 4, 11), dt.date(2025, 4, 14)


class Setting:
    """A published 2025 plan with two actions for two units, its first quarter opened."""

    def __init__(self):
        self.agency, self.units = agency_with_units()
        self.supervisors = [supervisor(unit) for unit in self.units[:2]]
        self.coordinator = coordinator(self.units[2])
        plan = plan_for(self.agency)
        action_under(plan, None, "辦理服務禮儀訓練", self.units[:2])
        self.plan = services.plan_publish(actor=superuser(), plan=plan,
                                          expected_version=plan.version)
        self.period = quarter(self.plan)
        services.period_open(actor=superuser(), period=self.period)


def _to(event: str) -> list[str]:
    return sorted(OutboxMessage.objects.filter(event=event).values_list("recipient", flat=True))


def test_opening_a_period_asks_each_units_supervisors_once():
    setting = Setting()
    asked = OutboxMessage.objects.filter(event=notices.REQUESTED)
    assert _to(notices.REQUESTED) == sorted(user.email for user in setting.supervisors)
    message = asked.get(recipient=setting.supervisors[0].email)
    assert setting.units[0].name_zh in message.body and "114年4月10日" in message.body
    assert services.period_open(actor=superuser(), period=setting.period) == 0
    assert asked.count() == 2  # opening again tells nobody again


def test_a_returned_report_tells_who_submitted_it_why():
    setting = Setting()
    writer = setting.supervisors[0]
    report = ProgressReport.objects.get(period=setting.period, unit=setting.units[0])
    report = services.report_save(actor=writer, action=report.action, unit=report.unit,
                                  period=setting.period, status="done", narrative="已辦理",
                                  expected_version=report.version)
    report = services.report_submit(actor=writer, report=report, expected_version=report.version)
    services.report_review(actor=setting.coordinator, report=report, decision="return",
                           comment="請補充簽到表", expected_version=report.version)
    message = OutboxMessage.objects.get(event=notices.RETURNED)
    assert message.recipient == writer.email and "請補充簽到表" in message.body
    assert "辦理服務禮儀訓練" in message.body


def test_units_that_owe_reports_are_reminded_before_and_after_the_due_day_once_each():
    setting = Setting()
    done_unit, late_unit = setting.units[0], setting.units[1]
    report = ProgressReport.objects.get(period=setting.period, unit=done_unit)
    report = services.report_save(actor=setting.supervisors[0], action=report.action,
                                  unit=done_unit, period=setting.period, status="done",
                                  narrative="已辦理", expected_version=report.version)
    services.report_submit(actor=setting.supervisors[0], report=report,
                           expected_version=report.version)

    assert jobs.progress_reports_remind(on=TOO_EARLY).queued == 0
    assert not jobs.progress_reports_remind(on=DAY_OFF).ran
    assert jobs.progress_reports_remind(on=DUE_SOON).queued == 1
    assert _to(notices.DUE_SOON) == [setting.supervisors[1].email]
    assert jobs.progress_reports_remind(on=DUE_SOON).queued == 0
    assert jobs.progress_reports_remind(on=OVERDUE).queued == 2  # the coordinator too
    assert _to(notices.OVERDUE) == sorted([setting.supervisors[1].email,
                                           setting.coordinator.email])
    overdue = OutboxMessage.objects.filter(event=notices.OVERDUE).first()
    assert late_unit.name_zh in overdue.body and "已逾期 1 日" in overdue.body
    assert jobs.progress_reports_remind(on=LATER).queued == 0


def test_a_draft_plan_is_not_reminded():
    agency, units = agency_with_units()
    supervisor(units[0])
    plan = plan_for(agency)
    action_under(plan, None, "辦理", units[:1])
    services.period_open(actor=superuser(), period=quarter(plan))
    assert jobs.progress_reports_remind(on=DUE_SOON).queued == 0


def test_without_an_active_template_the_period_still_opens():
    MessageTemplate.objects.filter(event=notices.REQUESTED).update(is_active=False)
    from minfu.notify.services import templates_in_force

    templates_in_force.forget()
    setting = Setting()
    assert ProgressReport.objects.filter(period=setting.period).count() == 2
    assert not OutboxMessage.objects.filter(event=notices.REQUESTED).exists()


def test_actions_falling_due_remind_their_units_once_by_the_days_their_wording_implies():
    """2025-06-26 is a Thursday; three working days on is Tuesday 1 July."""
    agency, units = agency_with_units()
    first, second = supervisor(units[0]), supervisor(units[1])
    plan = plan_for(agency)
    action_under(plan, None, "每三個月檢討", units[:1], deadline="每三個月")
    action_under(plan, None, "六月底前完成", units[1:2], deadline="6月30日前")
    for text, wording in (("不定時抽查", "不定時"), ("檢討下週", "下週"), ("年底", "每年辦理")):
        action_under(plan, None, text, units[:2], deadline=wording)
    services.plan_publish(actor=superuser(), plan=plan, expected_version=plan.version)

    assert jobs.action_deadlines_remind(on=dt.date(2025, 6, 20)).queued == 0
    assert jobs.action_deadlines_remind(on=dt.date(2025, 6, 26)).queued == 2
    messages = OutboxMessage.objects.filter(event=notices.ACTION_DUE).order_by("recipient")
    assert sorted(m.recipient for m in messages) == sorted([first.email, second.email])
    body = messages.get(recipient=first.email).body
    assert "每三個月檢討" in body and "每三個月" in body and "114年6月30日" in body
    assert jobs.action_deadlines_remind(on=dt.date(2025, 6, 27)).queued == 0  # told once
    assert not jobs.action_deadlines_remind(on=dt.date(2025, 6, 28)).ran      # a Saturday
