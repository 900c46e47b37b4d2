"""Record kinds: what each kind of citizen record declares once to the kernel.

An app registers its kind in its AppConfig.ready (`register(RecordKind(...))`); from the
declaration the kernel numbers its records (the letter), keys their access codes (the
purpose), finds them in the one public lookup and sends the citizen to their page. The
kernel imports no app: it reaches the model through the app registry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from minfu.records import access

# What a cleared free-text field says instead (stored content, Chinese first like the rest).
ANONYMISED_TEXT = "（個人資料已依保存年限刪除）"


@dataclass(frozen=True)
class PersonalData:
    """What the retention job (records.anonymisation) clears in a closed record past its
    retention period: the record model must be an `AnonymisableRecord` with `closed_at`
    and `state` (the outcome its period depends on)."""

    fields: Mapping[str, Any]  # field name -> the value it gets ("", {}, ANONYMISED_TEXT)
    files: tuple[str, ...] = ()  # related names of its RecordFile rows: deleted with the file
    # Rows of other tables that carry the citizen's words: related name -> {field: value}.
    related: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # Told the ids cleared, after the commit (the app's search index, say).
    after: Callable[[list[int]], None] | None = None


@dataclass(frozen=True)
class RecordKind:
    code: str  # "case", "petition": the kind's name in code, URLs and cookies
    model_label: str  # "cases.Case": has `number`, `access_code_hmac`, `organisation`
    letter: str  # the number's kind letter: "" for applications (they came first), "P" ...
    # What keys the kind's access codes (records.access.derive_key); b"" only for
    # applications, whose codes predate the kernel.
    access_purpose: bytes
    progress_url: Callable[[models.Model], str]  # the citizen's page of one record
    # How its history reads (records.timeline): the record's state choices, a label per
    # action name, and the actions the citizen sees.
    states: type[models.TextChoices] | None = None
    timeline_labels: Mapping[str, Any] = field(default_factory=dict)
    public_actions: frozenset[str] = frozenset()
    # Which of its columns and files are personal data (retention); None keeps them all.
    personal_data: PersonalData | None = None
    # The record's field no event of it precedes: its timeline reads only the history
    # partitions from there on (records.timeline, docs/adr/0013).
    history_starts: str = "received_at"

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def access_key(self) -> bytes:
        return access.derive_key(settings.SECRET_KEY, self.access_purpose)


_KINDS: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> RecordKind:
    """Declare a kind; its code and letter must be new (a second app taking a letter
    would make numbers ambiguous)."""
    for other in _KINDS.values():
        if other.code != kind.code and other.letter == kind.letter:
            raise ValueError(f"the letter {kind.letter!r} is taken by {other.code}")
    _KINDS[kind.code] = kind
    return kind


def kind_for_label(label: str) -> RecordKind | None:
    """The kind whose records are rows of the model `label` ("voice.Petition", or
    lower case as content types and audit rows write it), if any."""
    return next((k for k in _KINDS.values() if k.model_label.lower() == label.lower()), None)


def kind_of(record: models.Model) -> RecordKind:
    """The kind a record (or record model) belongs to."""
    return kind_for_label((record if isinstance(record, type) else type(record))._meta.label)


def kinds() -> list[RecordKind]:
    return list(_KINDS.values())


def kind_for_letter(letter: str) -> RecordKind | None:
    return next((k for k in _KINDS.values() if k.letter == letter), None)


def kind_for_code(code: str) -> RecordKind | None:
    return _KINDS.get(code)
