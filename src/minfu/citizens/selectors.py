"""Reads of citizen accounts, always of one citizen: a citizen sees only what is linked
to their own account (`linked_ids`), whatever the source."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from minfu.citizens.models import Citizen, RecordLink
from minfu.citizens.sources import CitizenRecordSource, MyRecord, sources
from minfu.core.errors import NotFound
from minfu.records.kinds import RecordKind, kind_for_code


def linked_ids(citizen: Citizen) -> dict[str, list[int]]:
    """{kind code: [record id, ...]} of the records linked to the account."""
    linked: dict[str, list[int]] = defaultdict(list)
    for kind, record_id in (RecordLink.objects.filter(citizen=citizen)
                            .order_by("pk").values_list("kind", "record_id")):
        linked[kind].append(record_id)
    return dict(linked)


@dataclass(frozen=True)
class RecordGroup:
    source: CitizenRecordSource
    rows: list[MyRecord]


def my_records(citizen: Citizen) -> list[RecordGroup]:
    """Every source's rows for the citizen, newest first within a source."""
    linked = linked_ids(citizen)
    groups = []
    for source in sources():
        rows = sorted(source.rows(citizen, linked), key=_newest_first)
        groups.append(RecordGroup(source=source, rows=rows))
    return groups


def _newest_first(row: MyRecord):
    filed = row.filed_at
    if isinstance(filed, dt.datetime):
        filed = timezone.localtime(filed)
        return (0, -filed.date().toordinal(), -(filed.hour * 3600 + filed.minute * 60))
    return (0, -filed.toordinal(), 0) if filed is not None else (1, 0, 0)


def linked_record(citizen: Citizen, kind_code: str, record_id: int) -> tuple[RecordKind, object]:
    """A record linked to this citizen's account, and its kind; NotFound for any other
    (another citizen's record reads exactly like a missing one)."""
    kind = kind_for_code(kind_code)
    if kind is None or not RecordLink.objects.filter(
            citizen=citizen, kind=kind_code, record_id=record_id).exists():
        raise NotFound()
    found = kind.model.objects.filter(pk=record_id).first()
    if found is None:
        raise NotFound()
    return kind, found


def export_data(citizen: Citizen) -> dict:
    """The personal data export: the account and every source's data, JSON-ready."""
    linked = linked_ids(citizen)
    return {
        "account": {
            "id": str(citizen.public_id), "name": citizen.display_name,
            "email": citizen.email, "email_proved": citizen.email_verified,
            "phone": citizen.phone, "language": citizen.language,
            "messages_by_email": citizen.notify_by_email,
            "messages_by_sms": citizen.notify_by_sms,
            "created_at": citizen.created_at.isoformat(),
            "last_signed_in_at": (citizen.last_signed_in_at.isoformat()
                                  if citizen.last_signed_in_at else None),
            "identities": [{"issuer": identity.issuer, "subject": identity.subject,
                            "since": identity.created_at.isoformat()}
                           for identity in citizen.identities.order_by("pk")],
        },
        "records": {source.code: source.export(citizen, linked) for source in sources()},
        "exported_at": timezone.now().isoformat(),
    }


def proved_addresses(citizen: Citizen | None) -> list[str]:
    """The account's addresses proved to be the citizen's own, which other apps may take
    as verified (participation skips its one-time code for them): the e-mail address
    once a sign-in link to it was used or the identity provider vouched for it. The
    mobile number is typed on the preferences page and never proved, so it is none of
    them; nor is an e-mail address changed there until a link to it is used."""
    if citizen is None or not citizen.is_open:
        return []
    return [citizen.email] if citizen.email and citizen.email_verified else []


@dataclass(frozen=True)
class ContactDetails:
    """What a form a signed-in citizen opens starts with: their contact preferences (an
    address only for a channel they want messages on)."""

    name: str
    email: str
    phone: str
    language: str


def contact_details(citizen: Citizen) -> ContactDetails:
    return ContactDetails(name=citizen.display_name,
                          email=citizen.email if citizen.notify_by_email else "",
                          phone=citizen.phone if citizen.notify_by_sms else "",
                          language=citizen.language)
