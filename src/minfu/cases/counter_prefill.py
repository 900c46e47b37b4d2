"""What another page hands to the counter intake (an appointment's check-in): the
applicant's name and contact, carried in the officer's session until the intake form
shows them once. Other apps call `prefill_keep`; the intake view calls `prefill_take`."""

from __future__ import annotations

SESSION_KEY = "cases_counter_prefill"
FIELDS = ("applicant_name", "contact_email", "contact_phone", "language")


def prefill_keep(session, **values) -> None:
    session[SESSION_KEY] = {name: values[name] for name in FIELDS if values.get(name)}


def prefill_take(session) -> dict:
    return session.pop(SESSION_KEY, None) or {}
