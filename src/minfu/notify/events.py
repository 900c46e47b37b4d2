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
    },
    "case.deficiency_notice": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "missing_items": ["身分證影本", "委託書"],
        "supply_by": dt.date(2025, 3, 19),
    },
    "case.extended": {
        "case_number": "1140305-0001",
        "service_name": "綜合所得稅納稅證明書",
        "reason": "需會辦其他機關",
        "due_on": dt.date(2025, 3, 18),
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
