"""The events other apps notify about, and the context each passes to its templates.
Pure data: the staff preview renders templates with `sample_context(event)`, and the
documentation lists the same keys. An event not listed here may still be queued; its
preview uses only the common keys."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from minfu.records.assistance import EASY_READ_SUFFIX

# Context keys whose values are secrets of the recipient, whatever the event: the stored
# message shows rendering.WITHHELD in their place and only the sealed copy sent to the
# recipient holds them (notify.services.notification_queue, docs/notifications.md). A
# citizen's one-time sign-in link is one: whoever reads it signs in.
SECRET_KEYS = frozenset({"access_code", "one_time_code", "manage_url", "sign_in_url"})

COMMON_CONTEXT = {
    "recipient_name": "王小明",
    "organisation_name": "財政部臺北國稅局",
    "site_url": "https://minfu.example.gov.tw",
}

EVENT_CONTEXT: dict[str, dict] = {
    "participation.verification_code": {
        "one_time_code": "482913",
        "activity_title": "數位服務躍升計畫草案意見徵詢",
        "minutes": 10,
    },
    "citizen.sign_in_link": {
        "sign_in_url": "https://minfu.example.gov.tw/citizen/sign-in/link/TOKEN/",
        "minutes": 15,
    },
    "case.received": {
        "case_number": "1140305-0001",
        "access_code": "K7Q2M9",
        "service_name": "綜合所得稅納稅證明書",
        "received_on": dt.date(2025, 3, 5),
        "due_on": dt.date(2025, 3, 11),
        "norm_due_on": dt.date(2025, 3, 6),
        "lookup_url": "https://minfu.example.gov.tw/applications/lookup/",
    },
    "case.deficiency_notice": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "missing_items": [{"name": "身分證影本", "note": "正反面"},
                          {"name": "委託書", "note": ""}],
        "note": "",
        "notice_number": 1,
        "supply_by": dt.date(2025, 3, 19),
        "lookup_url": "https://minfu.example.gov.tw/applications/lookup/",
    },
    "case.extended": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "reason": "需會辦其他機關",
        "previous_due_on": dt.date(2025, 3, 11),
        "due_on": dt.date(2025, 3, 18),
        "lookup_url": "https://minfu.example.gov.tw/applications/lookup/",
    },
    "case.decided": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "outcome": "不予核准",
        "outcome_code": "rejected",
        "note": "查無申請年度之所得資料。",
        "decided_on": dt.date(2025, 3, 10),
        "appeal_days": 30,
        "lookup_url": "https://minfu.example.gov.tw/applications/lookup/",
    },
    "case.transferred": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "to_authority": "財政部高雄國稅局",
        "reason": "申請人戶籍地屬該局轄區",
        "lookup_url": "https://minfu.example.gov.tw/applications/lookup/",
    },
    "case.withdrawn": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "withdrawn_on": dt.date(2025, 3, 7),
        "reason": "已不需要",
        "lookup_url": "https://minfu.example.gov.tw/applications/lookup/",
    },
    "case.officer_digest": {
        "on": dt.date(2025, 3, 10),
        "horizon": dt.date(2025, 3, 12),
        "cases": [{"number": "1140305-0001", "service_name": "綜合所得稅納稅證明書",
                   "due_on": dt.date(2025, 3, 11), "overdue": False}],
        "supply_lapsed": [{"number": "1140301-0003", "service_name": "綜合所得稅納稅證明書",
                           "supply_by": dt.date(2025, 3, 7)}],
        "workbench_url": "https://minfu.example.gov.tw/staff/cases/",
    },
    "case.overdue_escalation": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "unit_name": "服務科",
        "officer_name": "林承辦",
        "due_on": dt.date(2025, 3, 11),
        "case_url": "https://minfu.example.gov.tw/staff/cases/",
    },
    "case.supply_reminder": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "missing_items": [{"name": "身分證影本", "note": "正反面"}],
        "supply_by": dt.date(2025, 3, 19),
        "working_days_left": 3,
        "due_today": False,
        "lookup_url": "https://minfu.example.gov.tw/applications/lookup/",
    },
    "case.closed": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "closed_on": dt.date(2025, 3, 10),
        "outcome": "核准",
    },
    "petition.received": {
        "petition_number": "P1140305-0007",
        "subject": "路燈不亮",
        "access_code": "K7Q2M-9ABCD",
        "due_on": dt.date(2025, 4, 4),
        "lookup_url": "https://minfu.example.gov.tw/voice/lookup/",
        "confirm_url": "https://minfu.example.gov.tw/voice/confirm/TOKEN/",
    },
    "petition.extended": {
        "petition_number": "P1140305-0007",
        "subject": "路燈不亮",
        "reason": "需會同工務單位現場會勘",
        "previous_due_on": dt.date(2025, 4, 4),
        "due_on": dt.date(2025, 4, 18),
        "lookup_url": "https://minfu.example.gov.tw/voice/lookup/",
    },
    "petition.not_handled": {
        "petition_number": "P1140305-0007",
        "subject": "路燈不亮",
        "ground": "同一事由經明確答覆後仍一再陳情",
        "ground_code": "repeat",
        "note": "本案已於114年2月10日函復。",
        "lookup_url": "https://minfu.example.gov.tw/voice/lookup/",
    },
    "petition.transferred": {
        "petition_number": "P1140305-0007",
        "subject": "路燈不亮",
        "to_authority": "臺北市政府工務局",
        "reason": "路燈維護屬該局權責",
        "new_number": "",
        "lookup_url": "https://minfu.example.gov.tw/voice/lookup/",
    },
    "petition.replied": {
        "petition_number": "P1140305-0007",
        "subject": "路燈不亮",
        "replied_on": dt.date(2025, 3, 20),
        "reply_text": "本局已派員修復，謝謝您的來信。",
        "legal_basis": "行政程序法第171條",
        "remedies": "如對本答覆不滿意，可透過下方連結回覆意見。",
        "rating_url": "https://minfu.example.gov.tw/voice/rate/TOKEN/",
        "lookup_url": "https://minfu.example.gov.tw/voice/lookup/",
    },
    "petition.officer_digest": {
        "on": dt.date(2025, 3, 10),
        "horizon": dt.date(2025, 3, 12),
        "petitions": [{"number": "P1140305-0007", "subject": "路燈不亮",
                       "due_on": dt.date(2025, 3, 11), "overdue": False}],
        "workbench_url": "https://minfu.example.gov.tw/staff/voice/",
    },
    "petition.overdue_escalation": {
        "petition_number": "P1140305-0007",
        "subject": "路燈不亮",
        "unit_name": "服務科",
        "officer_name": "林承辦",
        "due_on": dt.date(2025, 3, 11),
        "petition_url": "https://minfu.example.gov.tw/staff/voice/1/",
    },
    "surveys.invitation": {
        "case_number": "TPC-1140305-0001",
        "service_name": "進口貨物稅費繳納證明",
        "survey_name": "115年為民服務滿意度調查",
        "survey_url": "https://minfu.example.gov.tw/surveys/t/Zk3q9/",
        "expires_on": dt.date(2025, 3, 24),
    },
    "assessment.item_overdue": {
        "item_title": "櫃檯服務指引標示不清",
        "unit_name": "業務一組",
        "due_on": dt.date(2025, 4, 30),
        "days_overdue": 5,
        "status": "待回復",
        "item_url": "https://minfu.example.gov.tw/staff/assessment/items/1/",
    },
    **{event: {
        "inspection_title": "業務一組為民服務不定期考核",
        "inspected_name": "財政部關務署臺北關 業務一組",
        "inspected_on": dt.date(2025, 3, 5),
        "total": "735.00",
        "tier": "乙等",
        "inspection_url": "https://minfu.example.gov.tw/staff/assessment/inspections/1/",
        **extra,
    } for event, extra in (
        ("assessment.inspection_signoff_requested", {"awaiting": "review",
                                                     "comment": "請惠予審核。"}),
        ("assessment.inspection_returned", {"returned_by": "張淑芬",
                                            "comment": "請補充第二部分之評分說明。"}),
        ("assessment.inspection_approved", {
            "improvement_required": True, "item_count": 3,
            "reply_due_on": dt.date(2025, 4, 7),
            "report_url": "https://minfu.example.gov.tw/staff/assessment/inspections/1/report.pdf"}),
    )},
    "assessment.award_judge_assigned": {
        "round_title": "114年度財政部服務獎",
        "stage_name": "初審",
        "entry_name": "財政部關務署臺北關",
        "ends_on": dt.date(2025, 6, 30),
        "replaces": False,
        "judging_url": "https://minfu.example.gov.tw/staff/assessment/judging/1/",
    },
    **{event: {
        "plan_title": "114年度提升服務效能執行計畫",
        "period_label": "第2季",
        "due_on": dt.date(2025, 7, 10),
        "unit_name": "業務一組",
        "report_count": 3,
        "days_overdue": 2 if event == "plans.reports_overdue" else 0,
        "period_url": "https://minfu.example.gov.tw/staff/plans/1/periods/2/",
    } for event in ("plans.reports_requested", "plans.reports_due_soon",
                    "plans.reports_overdue")},
    "plans.report_returned": {
        "plan_title": "114年度提升服務效能執行計畫",
        "period_label": "第2季",
        "due_on": dt.date(2025, 7, 10),
        "unit_name": "業務一組",
        "action_text": "辦理櫃檯人員服務禮儀訓練",
        "comment": "請補充訓練照片及簽到表。",
        "report_url": "https://minfu.example.gov.tw/staff/plans/reports/1/",
    },
    "plans.plan_missing": {
        "programme_title": "財政部提升服務實施計畫",
        "ministry_name": "財政部",
        "year": 114,
        "due_on": dt.date(2025, 1, 31),
        "plans_url": "https://minfu.example.gov.tw/staff/plans/",
    },
    "plans.action_due_soon": {
        "plan_title": "114年度提升服務效能執行計畫",
        "action_text": "辦理櫃檯人員服務禮儀訓練",
        "deadline": "每季",
        "due_on": dt.date(2025, 6, 30),
        "unit_name": "業務一組",
        "plan_url": "https://minfu.example.gov.tw/staff/plans/1/",
    },
    "knowledge.review_due": {
        "article_title": "出國旅客可攜帶多少外幣現鈔？",
        "review_by": dt.date(2025, 6, 30),
        "days_overdue": 0,
        "article_url": "https://minfu.example.gov.tw/staff/knowledge/1/",
    },
    # Proposals and co-design sessions (minfu.participation): every message links to the
    # proposal's or session's page (`page_url`).
    **{event: {"proposal_number": "NTBT-T1151206-0001",
               "proposal_title": "稅務電子通知加發手機簡訊提醒",
               "page_url": "https://minfu.example.gov.tw/participate/proposals/1/", **extra}
       for event, extra in {
           "proposal.received": {"access_code": "K7Q2M9WX3P"},
           "proposal.signing_opened": {"threshold": 5000, "closes_on": dt.date(2027, 2, 3)},
           "proposal.rejected": {"reason": "非屬本機關權責", "note": "屬地方政府權責"},
           "proposal.merged": {"into_number": "NTBT-T1151201-0003",
                               "into_title": "稅務通知簡訊提醒"},
           "proposal.threshold_reached": {"signature_count": 5000,
                                          "due_on": dt.date(2027, 2, 8)},
           "proposal.extended": {"reason": "需跨機關協調", "due_on": dt.date(2027, 4, 7)},
           "proposal.answered": {"outcome": "部分採納"},
           "proposal.expired": {"signature_count": 1234},
       }.items()},
    **{event: {"session_title": "電子申報繳稅服務體驗會",
               "starts_at": dt.datetime(2026, 12, 16, 14, 0,
                                        tzinfo=dt.timezone(dt.timedelta(hours=8))),
               "place": "臺北國稅局5樓簡報室", "online_url": "",
               "page_url": "https://minfu.example.gov.tw/participate/sessions/1/", **extra}
       for event, extra in {
           "session.registered": {"waiting": False}, "session.promoted": {},
           "session.reminder": {}, "session.cancelled": {"reason": "颱風停止上班"},
       }.items()},
}

_APPOINTMENT = {
    "appointment_number": "KL-A1140305-0001",
    "service_point": "臺北國稅局中正分局",
    "address": "臺北市中正區中華路一段2號",
    "service_name": "綜合所得稅納稅證明書",
    "day": dt.date(2025, 3, 6),
    "time": "09:30",
    "manage_url": "https://minfu.example.gov.tw/appointments/manage/Xk3.../",
}
EVENT_CONTEXT |= {
    "appointment.booked": _APPOINTMENT | {"access_code": "K7Q2M9"},
    "appointment.home_visit_requested": _APPOINTMENT | {"access_code": "K7Q2M9"},
    "appointment.home_visit_approved": _APPOINTMENT,
    "appointment.home_visit_declined": _APPOINTMENT | {"reason": "地址不在服務範圍內"},
    "appointment.rescheduled": _APPOINTMENT,
    "appointment.cancelled": _APPOINTMENT,
    "appointment.displaced": _APPOINTMENT,
    "appointment.time_withdrawn": _APPOINTMENT,
    "appointment.reminder": _APPOINTMENT,
}


def sample_context(event: str) -> dict:
    """An easy-read variant (`case.decided.easy_read`) has its event's keys."""
    own = EVENT_CONTEXT.get(event, EVENT_CONTEXT.get(event.removesuffix(EASY_READ_SUFFIX), {}))
    return {**COMMON_CONTEXT, **own}


def known_events() -> list[str]:
    return sorted(EVENT_CONTEXT)


# What each event is called on the staff pages (the code stays in the data and the API).
EVENT_LABELS = {
    "case.received": _("Application received"),
    "case.deficiency_notice": _("Deficiency notice"),
    "case.extended": _("Processing period extended"),
    "case.decided": _("Application decided"),
    "case.transferred": _("Application transferred"),
    "case.withdrawn": _("Application withdrawn"),
    "case.officer_digest": _("Officer's daily digest of applications"),
    "case.overdue_escalation": _("Overdue application escalated"),
    "case.closed": _("Application closed"),
    "case.supply_reminder": _("Reminder of a supply-by date"),
    "petition.received": _("Petition received"),
    "petition.extended": _("Handling limit extended"),
    "petition.not_handled": _("Petition not handled"),
    "petition.transferred": _("Petition transferred"),
    "petition.replied": _("Petition replied"),
    "petition.officer_digest": _("Officer's daily digest of petitions"),
    "petition.overdue_escalation": _("Overdue petition escalated"),
    "surveys.invitation": _("Survey invitation"),
    "assessment.item_overdue": _("Improvement item overdue"),
    "assessment.award_judge_assigned": _("Award entry assigned to a judge"),
    "assessment.inspection_signoff_requested": _("Inspection report awaiting sign-off"),
    "assessment.inspection_returned": _("Inspection report returned"),
    "assessment.inspection_approved": _("Inspection result"),
    "plans.reports_requested": _("Progress reports requested"),
    "plans.reports_due_soon": _("Progress reports due soon"),
    "plans.reports_overdue": _("Progress reports overdue"),
    "plans.report_returned": _("Progress report returned"),
    "plans.plan_missing": _("Execution plan not yet published"),
    "plans.action_due_soon": _("Plan action due soon"),
    "appointment.booked": _("Appointment booked"),
    "appointment.home_visit_requested": _("Home visit requested"),
    "appointment.home_visit_approved": _("Home visit approved"),
    "appointment.home_visit_declined": _("Home visit declined"),
    "appointment.rescheduled": _("Appointment moved"),
    "appointment.cancelled": _("Appointment cancelled"),
    "appointment.displaced": _("Appointment moved by an office closure"),
    "appointment.time_withdrawn": _("Appointment moved by a change of the service point's hours"),
    "appointment.reminder": _("Appointment reminder"),
    "proposal.received": _("Proposal received"),
    "proposal.signing_opened": _("Proposal open for co-signing"),
    "proposal.rejected": _("Proposal not accepted"),
    "proposal.merged": _("Proposal merged"),
    "proposal.threshold_reached": _("Proposal reached its threshold"),
    "proposal.extended": _("Response period of a proposal extended"),
    "proposal.answered": _("Response to a proposal published"),
    "proposal.expired": _("Co-signing period of a proposal ended"),
    "session.registered": _("Registered for a co-design session"),
    "session.promoted": _("Place at a co-design session given from the waiting list"),
    "session.reminder": _("Reminder of a co-design session"),
    "session.cancelled": _("Co-design session cancelled"),
}


def event_label(event: str) -> str:
    """The staff pages' name of an event; its code where it has none."""
    base = event.removesuffix(EASY_READ_SUFFIX)
    if base != event and base in EVENT_LABELS:
        return str(_("%(event)s (easy-read)") % {"event": EVENT_LABELS[base]})
    return str(EVENT_LABELS.get(event, event))
