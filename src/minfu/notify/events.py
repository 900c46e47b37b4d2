"""The events other apps notify about, and the context each passes to its templates.
Pure data: the staff preview renders templates with `sample_context(event)`, and the
documentation lists the same keys. An event not listed here may still be queued; its
preview uses only the common keys."""

import datetime as dt

COMMON_CONTEXT = {
    "recipient_name": "王小明",
    "organisation_name": "財政部臺北國稅局",
    "site_url": "https://minfu.example.gov.tw",
}

EVENT_CONTEXT: dict[str, dict] = {
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
    "case.closed": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "closed_on": dt.date(2025, 3, 10),
        "outcome": "核准",
    },
    "petition.received": {
        "petition_number": "P1140305-0007",
        "subject": "路燈不亮",
        "due_on": dt.date(2025, 4, 16),
    },
    "petition.replied": {
        "petition_number": "P1140305-0007",
        "subject": "路燈不亮",
        "replied_on": dt.date(2025, 3, 20),
    },
}


def sample_context(event: str) -> dict:
    return {**COMMON_CONTEXT, **EVENT_CONTEXT.get(event, {})}


def known_events() -> list[str]:
    return sorted(EVENT_CONTEXT)
