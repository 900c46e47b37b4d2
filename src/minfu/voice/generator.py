"""Petitions in bulk, for benchmarks and demos (`manage.py generate_petitions`), beside
the applications' generator (minfu.cases.generator) and written the same way.

Petitions arrive on every day of the past two years (`span_days`; the web form and the
mailbox do not close at weekends) in the active categories of the chosen organisations,
routed to the category's default unit. Each gets a life: older ones were replied to
(most within the handling limit) and mostly closed, a few not handled, transferred to
another agency or merged into an earlier petition; recent ones are still being handled.
Numbers come from the agency's daily sequence (`KL-P1140305-0007`), due dates from the
organisation's office calendar (`WorkCalendar.due_many`), access codes from the
applications' sample key (`cases.generator.sample_access_code`), and every petition has
the events a real one would.

Rows are written in batches with COPY on PostgreSQL and `bulk_create` elsewhere
(records.bulk); a million petitions take a few minutes. Test data: never run it on a
production database."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from minfu.cases.generator import Identities, sample_access_code, sample_code_key
from minfu.org.models import Organisation
from minfu.records import access
from minfu.records.bulk import batch_sizes, claim_ids, first_free_id, write_rows
from minfu.records.models import ActorKind
from minfu.records.numbering import format_record_number
from minfu.records.services import sequence_reserve
from minfu.voice import actions
from minfu.voice.kind import PETITION
from minfu.voice.models import Category, Kind, Petition, PetitionChannel, PetitionEvent
from minfu.voice.models import PetitionState as State
from minfu.workcal.periods import Period, PeriodUnit
from minfu.workcal.selectors import calendar_for

DEFAULT_BATCH = 50_000
SPAN_DAYS = 730
OPEN_WITHIN_DAYS = 45  # petitions received since then may still be open
KINDS = ((Kind.COMPLAINT, 40), (Kind.SUGGESTION, 25), (Kind.PETITION, 15),
         (Kind.QUESTION, 15), (Kind.COMPLIMENT, 5))
CHANNELS = ((PetitionChannel.WEB, 60), (PetitionChannel.MAILBOX, 10),
            (PetitionChannel.HOTLINE, 15), (PetitionChannel.EMAIL, 10),
            (PetitionChannel.ORAL, 5))
# How older petitions end (weights); the rest of "replied" stay replied, not closed.
ENDINGS = ((State.CLOSED, 78), (State.REPLIED, 12), (State.NOT_HANDLED, 4),
           (State.TRANSFERRED, 4), (State.MERGED, 2))
OPEN_STATES = ((State.RECEIVED, 30), (State.IN_PROGRESS, 55), (State.AWAITING_APPROVAL, 15))
LATE_SHARE = 0.06
SUBJECTS = ("路燈不亮", "人行道破損", "噪音擾鄰", "申請進度查詢", "服務態度", "稅單寄送錯誤",
            "違規停車", "公園設施損壞", "網站無法登入", "表單下載問題", "感謝承辦人協助")
TEXT = "{subject}：{place}附近的情形已持續一段時間，懇請貴機關儘速查明處理並回覆，謝謝。"
PLACES = ("中山路二段", "民生東路", "忠孝西路一段", "博愛路", "信義路五段", "中正路")

PETITION_COLUMNS = (
    "id", "version", "created_at", "updated_at", "organisation_id", "unit_id", "category_id",
    "kind", "channel", "number", "access_code_hmac", "anonymous", "petitioner_name",
    "petitioner_id_number", "contact_email", "contact_phone", "contact_address",
    "language", "consent_at", "contact_confirmed_at", "subject", "text", "state",
    "received_at", "limit_value", "limit_unit", "due_date", "extension_reason",
    "not_handled_ground", "merged_into_id", "transferred_to_name", "replied_at", "on_time",
    "closed_at")
EVENT_COLUMNS = ("id", "petition_id", "organisation_id", "occurred_at", "actor_id",
                 "actor_kind", "action", "from_state", "to_state", "data", "public_note_zh",
                 "public_note_en", "internal_note_zh", "internal_note_en")


@dataclass(frozen=True)
class Target:
    """Where petitions go: an active category of an organisation and its unit."""

    organisation: Organisation
    category_id: int
    unit_id: int | None
    limit: Period


@dataclass
class Draft:
    target: Target
    received_at: dt.datetime
    kind: str
    channel: str
    ending: str
    number: str = ""
    due_date: dt.date | None = None


@dataclass
class Batch:
    petitions: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    states: Counter = field(default_factory=Counter)


@dataclass(frozen=True)
class GenerationResult:
    created: int
    events: int
    seconds: float
    states: dict[str, int]


def targets(organisation_codes: Sequence[str] | None) -> list[Target]:
    categories = Category.objects.filter(active=True).select_related("organisation")
    if organisation_codes:
        categories = categories.filter(organisation__code__in=organisation_codes)
    return [Target(category.organisation, category.pk, category.default_unit_id,
                   Period(category.limit_value, PeriodUnit(category.limit_unit)))
            for category in categories.order_by("organisation_id", "code")]


def _weighted(rng: random.Random, choices) -> str:
    return rng.choices([value for value, _weight in choices],
                       weights=[weight for _value, weight in choices])[0]


def draw(rng: random.Random, target: Target, *, now: dt.datetime, span_days: int) -> Draft:
    seconds = int(rng.random() * span_days * 86400)
    received_at = now - dt.timedelta(seconds=seconds)
    recent = seconds < OPEN_WITHIN_DAYS * 86400
    ending = _weighted(rng, OPEN_STATES if recent and rng.random() < 0.6 else ENDINGS)
    return Draft(target, received_at, _weighted(rng, KINDS), _weighted(rng, CHANNELS), ending)


def _number_and_due(drafts: list[Draft]) -> None:
    """Numbers from the agencies' daily sequences, in order of receipt; due dates on each
    organisation's office calendar, many at once."""
    days = {id(d): timezone.localtime(d.received_at).date() for d in drafts}
    counts = Counter((d.target.organisation.pk, days[id(d)]) for d in drafts)
    last = {key: sequence_reserve(organisation_id=key[0], letter=PETITION.letter, day=key[1],
                                  count=count) - count for key, count in sorted(counts.items())}
    for draft in sorted(drafts, key=lambda d: d.received_at):
        key = (draft.target.organisation.pk, days[id(draft)])
        last[key] += 1
        draft.number = format_record_number(draft.target.organisation.code, key[1], last[key],
                                            prefix=PETITION.letter)
    by_organisation: dict[int, list[Draft]] = {}
    for draft in drafts:
        by_organisation.setdefault(draft.target.organisation.pk, []).append(draft)
    for group in by_organisation.values():
        calendar = calendar_for(group[0].target.organisation)
        dues = calendar.due_many([days[id(d)] for d in group], [d.target.limit for d in group])
        for draft, due in zip(group, dues, strict=True):
            draft.due_date = due


class RowWriter:
    def __init__(self, *, now: dt.datetime, rng: random.Random, code_key: bytes):
        self.now, self.rng, self.code_key = now, rng, code_key
        self.hmac_key = PETITION.access_key()
        self.identities = Identities(rng)
        # organisation -> (id, received at) of a petition that may receive later ones
        self.previous: dict[int, tuple[int, dt.datetime]] = {}

    def add(self, batch: Batch, draft: Draft, petition_id: int, event_ids) -> None:
        rng, at = self.rng, draft.received_at
        events: list[tuple] = []

        def event(action: str, moment, from_state: str, to_state: str, kind=ActorKind.STAFF):
            events.append((next(event_ids), petition_id, draft.target.organisation.pk,
                           min(moment, self.now), None, kind, action, from_state, to_state,
                           {}, "", "", "", ""))

        event(actions.PETITION_SUBMITTED, at, "", State.RECEIVED, ActorKind.PETITIONER)
        state, replied_at, closed_at, on_time = draft.ending, None, None, None
        merged_into, ground, transferred_to = None, "", ""
        if state != State.RECEIVED:
            event(actions.PETITION_HANDLING_STARTED, at + dt.timedelta(hours=rng.randint(2, 30)),
                  State.RECEIVED, State.IN_PROGRESS)
        late = rng.random() < LATE_SHARE
        answered = at + dt.timedelta(days=rng.randint(1, 40 if late else 12))
        if state in (State.REPLIED, State.CLOSED):
            replied_at = min(answered, self.now)
            on_time = timezone.localtime(replied_at).date() <= draft.due_date
            event(actions.PETITION_REPLY_APPROVED, replied_at, State.IN_PROGRESS, State.REPLIED)
        if state == State.CLOSED:
            closed_at = min(answered + dt.timedelta(days=rng.randint(1, 14)), self.now)
            event(actions.PETITION_CLOSED, closed_at, State.REPLIED, State.CLOSED)
        elif state in (State.NOT_HANDLED, State.TRANSFERRED, State.MERGED):
            closed_at = min(at + dt.timedelta(days=rng.randint(1, 5)), self.now)
            earlier = self.previous.get(draft.target.organisation.pk)
            if state == State.MERGED and earlier and earlier[1] <= at:
                merged_into = earlier[0]
            elif state == State.MERGED:  # nothing earlier to join (batches restart in time)
                state = State.NOT_HANDLED
            ground = "repeat" if state == State.NOT_HANDLED else ""
            transferred_to = "內政部" if state == State.TRANSFERRED else ""
            action = {State.NOT_HANDLED: actions.PETITION_DISMISSED,
                      State.TRANSFERRED: actions.PETITION_TRANSFERRED,
                      State.MERGED: actions.PETITION_MERGED}[state]
            event(action, closed_at, State.IN_PROGRESS, state)
        elif state == State.AWAITING_APPROVAL:
            event(actions.PETITION_REPLY_DRAFTED, min(answered, self.now), State.IN_PROGRESS,
                  state)
        if state not in (State.MERGED, State.NOT_HANDLED, State.TRANSFERRED):
            self.previous[draft.target.organisation.pk] = (petition_id, at)
        batch.petitions.append(self._row(draft, petition_id, state, events[-1][3], replied_at,
                                         on_time, closed_at, merged_into, ground,
                                         transferred_to))
        batch.events.extend(events)
        batch.states[state] += 1

    def _row(self, draft: Draft, petition_id: int, state, updated_at, replied_at, on_time,
             closed_at, merged_into, ground, transferred_to) -> tuple:
        rng, people = self.rng, self.identities.people
        anonymous = draft.kind != Kind.COMPLIMENT and rng.random() < 0.05
        name = "" if anonymous else people[int(rng.random() * len(people))]
        subject = rng.choice(SUBJECTS)
        code = sample_access_code(draft.number, self.code_key)
        return (petition_id, 1, draft.received_at, updated_at, draft.target.organisation.pk,
                draft.target.unit_id, draft.target.category_id, draft.kind, draft.channel,
                draft.number, access.code_hmac(code, self.hmac_key), anonymous, name, "",
                "" if anonymous else f"petitioner{petition_id}@example.tw",
                "" if anonymous else f"09{rng.randrange(10_000_000, 100_000_000)}", "",
                settings.LANGUAGE_CODE, None if anonymous else draft.received_at,
                None if anonymous else draft.received_at, subject,
                TEXT.format(subject=subject, place=rng.choice(PLACES)), state,
                draft.received_at, draft.target.limit.value, draft.target.limit.unit.value,
                draft.due_date, "", ground, merged_into, transferred_to, replied_at, on_time,
                closed_at)


def generate(*, count: int, organisation_codes: Sequence[str] | None = None, seed: int = 114,
             batch_size: int = DEFAULT_BATCH, now: dt.datetime | None = None,
             span_days: int = SPAN_DAYS, progress: Callable[[str], None] | None = None
             ) -> GenerationResult:
    """Add `count` petitions; run again to add more (numbers continue). Each batch is one
    transaction, so an interrupted run leaves whole batches behind."""
    started = time.perf_counter()
    now = now or timezone.now()
    found = targets(organisation_codes)
    if not found:
        raise ValueError("no organisation with an active petition category: run load_demo "
                         "first")
    rng = random.Random(seed)
    writer = RowWriter(now=now, rng=rng, code_key=sample_code_key(seed))
    states: Counter = Counter()
    events = 0
    for size in batch_sizes(count, batch_size, "petitions", progress):
        drafts = [draw(rng, found[int(rng.random() * len(found))], now=now, span_days=span_days)
                  for _ in range(size)]
        drafts.sort(key=lambda d: d.received_at)  # merged petitions point back in time
        batch = Batch()
        with transaction.atomic():
            _number_and_due(drafts)
            first = first_free_id(Petition)
            event_ids = itertools.count(first_free_id(PetitionEvent))
            for draft, petition_id in zip(drafts, range(first, first + size), strict=True):
                writer.add(batch, draft, petition_id, event_ids)
            write_rows(Petition, PETITION_COLUMNS, batch.petitions)
            write_rows(PetitionEvent, EVENT_COLUMNS, batch.events)
            claim_ids(Petition, first + size)
            claim_ids(PetitionEvent, next(event_ids))
        states.update(batch.states)
        events += len(batch.events)
    return GenerationResult(created=count, events=events,
                            seconds=time.perf_counter() - started, states=dict(states))
