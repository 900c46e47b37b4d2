"""Public reads of the kernel: the one lookup by record number and access code."""

from __future__ import annotations

from django.db import models

from minfu.records import access
from minfu.records.kinds import RecordKind, kind_for_letter
from minfu.records.numbering import RecordNumberError, parse_record_number

_NO_RECORD_HMAC = "0" * 64
# Petitions numbered before the kernel repeat across agencies; no more than this many
# records share a number.
_MOST_SHARING_A_NUMBER = 20


def record_for_lookup(number: str, access_code: str) -> tuple[RecordKind, models.Model] | None:
    """The record of any kind with this number and access code, and its kind; None for
    any wrong pair. The work done is the same whether or not the number exists, so the
    answer's timing tells nothing."""
    try:
        parsed = parse_record_number(number)
        record_kind = kind_for_letter(parsed.prefix)
    except RecordNumberError:
        parsed, record_kind = None, None
    candidates = list(record_kind.model.objects.filter(number=str(parsed))
                      .only("pk", "number", "access_code_hmac", "organisation_id")
                      .order_by("pk")[:_MOST_SHARING_A_NUMBER]) if record_kind else []
    key = record_kind.access_key() if record_kind else b"\0" * 32
    found = None
    for record in candidates or [None]:
        stored = record.access_code_hmac if record is not None else _NO_RECORD_HMAC
        if access.code_matches(access_code, stored, key) and record is not None:
            found = record
    return (record_kind, found) if found is not None else None


def record_of_kind_for_lookup(record_kind: RecordKind, number: str,
                              access_code: str) -> models.Model | None:
    """As record_for_lookup, for the entries that answer one kind only (the kinds' APIs)."""
    found = record_for_lookup(number, access_code)
    return found[1] if found is not None and found[0] is record_kind else None
