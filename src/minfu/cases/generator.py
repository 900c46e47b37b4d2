"""Realistic applications in bulk, for benchmarks and demos (`manage.py generate_cases`).

Cases are spread over the working days of the past two years (`span_days`) for the
service types of the chosen organisations, with the version in force on the day of
receipt. Each case gets a believable life: most are decided and closed (a few late),
recent ones are still open, some wait for documents (a supplement pause), a few are
withdrawn or transferred. Every case carries the history a real one would
(CaseEvent rows in an order `workflow.MACHINE` accepts), a number from the agency's
daily sequence (reserved from records.RecordSequence like every intake, so later
real intake continues after them), an access-code HMAC, due dates computed in batches with
`WorkCalendar.due_many` the way `services.recalculate_due_dates` computes them one by
one, and, for closed cases, the time used and the on-time flags as `services.case_close`
records them.

Rows are written in batches: COPY on PostgreSQL, `bulk_create` elsewhere. Ids are
reserved up front (the tables are locked while a batch is written) so events and pauses
can point at their cases without a round trip.

Access codes are derived from the case number with a key made from SECRET_KEY and the
seed (`sample_access_code`), so a benchmark can look generated cases up. This is test
data: never run the generator on a production database."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from minfu.cases import actions, workflow
from minfu.cases.kind import APPLICATION
from minfu.cases.models import Case, CaseEvent, CasePause
from minfu.catalog.models import ApplicantKind, Channel, ServiceTypeVersion
from minfu.core.identifiers import is_valid_business_number, person_check_digit
from minfu.org.models import Membership, Organisation
from minfu.org.permissions import roles_for
from minfu.records import access
from minfu.records.bulk import (
    batch_sizes,
    claim_ids,
    copy_rows,
    first_free_id,
    postgres,
    write_rows,
)
from minfu.records.events import events_bulk_create
from minfu.records.models import ActorKind
from minfu.records.numbering import format_record_number
from minfu.records.services import sequence_reserve
from minfu.workcal.deadlines import WorkCalendar
from minfu.workcal.periods import Period, PeriodUnit
from minfu.workcal.selectors import calendar_for

HANDLE = "cases.handle"
DEFAULT_BATCH = 50_000
SPAN_DAYS = 730

# How cases end (shares of all cases); the rest are decided in time or late.
WITHDRAWN_SHARE = 0.03
TRANSFERRED_SHARE = 0.015
LATE_SHARE = 0.05  # decided after the legal period
SLOWER_THAN_NORM_SHARE = 0.15  # decided after the norm but within the legal period
SUPPLEMENT_SHARE = 0.12  # day-unit services only
OUTCOMES = ((workflow.State.DECIDED_APPROVED, 0.82),
            (workflow.State.DECIDED_PARTLY_APPROVED, 0.06),
            (workflow.State.DECIDED_REJECTED, 0.12))
CLOSE_AFTER_WORKING_DAYS = 2  # decided cases are closed this long after the decision
OFFICE_OPENS, OFFICE_CLOSES = 8 * 3600 + 1800, 17 * 3600 + 1800

SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴"
GIVEN = "志明俊傑淑芬美玲家豪雅婷宗翰怡君冠宇佳穎建宏惠雯承恩詩涵柏翰心怡彥廷欣妤宥辰子晴品妍宇軒思妤"
BUSINESS_STEMS = ("臺灣精密", "長榮貿易", "大同電子", "新光國際", "永豐食品", "南山物流", "宏遠紡織",
                  "金寶科技", "台北菁英", "遠東興業", "統一實業", "華新光電", "嘉新化工", "和平運通")
BUSINESS_SUFFIXES = ("股份有限公司", "有限公司", "企業社")
AREA_LETTERS = "ABCDEFGHJKLMNPQTUVWXZ"


@dataclass(frozen=True)
class ServiceSpec:
    """What the generator needs of one service type version."""

    version_id: int
    unit_id: int
    effective_from: dt.date | None
    effective_to: dt.date | None
    period: Period
    norm: Period | None
    channels: tuple[str, ...]
    kinds: tuple[str, ...]
    officers: tuple[int, ...]

    def in_force(self, day: dt.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and \
            (self.effective_to is None or day <= self.effective_to)

    @property
    def counts_in_days(self) -> bool:
        return self.period.unit is not PeriodUnit.HOURS and (
            self.norm is None or self.norm.unit is not PeriodUnit.HOURS)


@dataclass
class OrganisationPlan:
    organisation_id: int
    code: str
    calendar: WorkCalendar
    services: list[ServiceSpec]
    days: list[dt.date]
    _in_force: dict[dt.date, list[ServiceSpec]] = field(default_factory=dict)

    def services_on(self, day: dt.date) -> list[ServiceSpec]:
        found = self._in_force.get(day)
        if found is None:
            found = self._in_force[day] = [s for s in self.services if s.in_force(day)]
        return found


@dataclass
class Draft:
    """One generated case before it becomes rows."""

    plan: OrganisationPlan
    spec: ServiceSpec
    received_at: dt.datetime
    channel: str
    kind: str
    fate: str  # "decided", "withdrawn", "transferred"
    outcome: str
    decided_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None  # withdrawal or transfer
    pause: tuple[dt.datetime, dt.datetime] | None = None
    number: str = ""
    sequence: int = 0


@dataclass(frozen=True)
class GenerationResult:
    created: int
    seconds: float
    batches: int
    states: dict[str, int]
    events: int
    pauses: int


# ----- access codes --------------------------------------------------------------------

def sample_code_key(seed: int, secret_key: str | bytes | None = None) -> bytes:
    base = access.derive_key(settings.SECRET_KEY if secret_key is None else secret_key)
    return hmac.new(base, f"minfu.cases.generator.{seed}".encode(), hashlib.sha256).digest()


def sample_access_code(number: str, key: bytes) -> str:
    """The access code the generator gave the case `number` (key: `sample_code_key`)."""
    digest = hmac.new(key, number.encode(), hashlib.sha256).digest()
    alphabet = access.ALPHABET
    return "".join(alphabet[byte % len(alphabet)] for byte in digest[:access.LENGTH])


# ----- plans -----------------------------------------------------------------------------

def _officers_by_unit() -> dict[int, tuple[int, ...]]:
    officers: dict[int, list[int]] = defaultdict(list)
    for unit_id, user_id in Membership.objects.filter(
            role__in=roles_for(HANDLE), user__is_active=True).values_list("unit_id", "user_id"):
        officers[unit_id].append(user_id)
    return {unit: tuple(sorted(users)) for unit, users in officers.items()}


def _spec(version: ServiceTypeVersion, officers) -> ServiceSpec:
    return ServiceSpec(
        version_id=version.pk, unit_id=version.responsible_unit_id,
        effective_from=version.effective_from, effective_to=version.effective_to,
        period=version.period, norm=version.norm, channels=tuple(version.channels),
        kinds=tuple(version.applicant_kinds),
        officers=officers.get(version.responsible_unit_id, ()))


def build_plans(*, organisation_codes: Sequence[str] | None, today: dt.date,
                span_days: int = SPAN_DAYS) -> list[OrganisationPlan]:
    """The organisations that receive applications (their own service types in force,
    published or retired), with their receipt days: working days before today."""
    versions = ServiceTypeVersion.objects.filter(
        status__in=[ServiceTypeVersion.Status.PUBLISHED, ServiceTypeVersion.Status.RETIRED],
        effective_from__isnull=False).select_related("service_type__organisation",
                                                      "responsible_unit")
    if organisation_codes:
        versions = versions.filter(service_type__organisation__code__in=organisation_codes)
    officers = _officers_by_unit()
    by_organisation: dict[int, list[ServiceTypeVersion]] = defaultdict(list)
    organisations: dict[int, Organisation] = {}
    for version in versions.order_by("service_type__organisation__code", "service_type__code",
                                     "number"):
        organisation = version.service_type.organisation
        if version.responsible_unit.organisation_id != organisation.pk:
            continue
        organisations[organisation.pk] = organisation
        by_organisation[organisation.pk].append(version)
    plans = []
    first = today - dt.timedelta(days=span_days)
    for pk, organisation in organisations.items():
        calendar = calendar_for(organisation)
        days = [first + dt.timedelta(days=i) for i in range(span_days)]
        days = [day for day in days if _working(calendar, day)]
        specs = [_spec(version, officers) for version in by_organisation[pk]]
        if days and specs:
            plans.append(OrganisationPlan(pk, organisation.code, calendar, specs, days))
    return plans


def _working(calendar: WorkCalendar, day: dt.date) -> bool:
    try:
        return calendar.is_working_day(day)
    except LookupError:
        return False  # a day the office calendar does not cover takes no applications


# ----- drawing cases ---------------------------------------------------------------------

def _moment(day: dt.date, seconds: int, tz) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(seconds // 3600, seconds % 3600 // 60,
                                            seconds % 60), tzinfo=tz)


def _working_days_of(period: Period) -> int:
    if period.unit is PeriodUnit.CALENDAR_DAYS:
        return max(1, period.value * 5 // 7)
    return period.value


def _choose_outcome(rng: random.Random) -> str:
    draw = rng.random()
    for state, share in OUTCOMES:
        if draw < share:
            return state.value
        draw -= share
    return OUTCOMES[-1][0].value


def draw_case(rng: random.Random, plan: OrganisationPlan) -> Draft:
    """One case of `plan`, with its receipt and how it will go (decision, pause,
    withdrawal, transfer), before `now` decides how far it has got."""
    calendar = plan.calendar
    tz = calendar.tz
    day = plan.days[int(rng.random() * len(plan.days))]
    specs = plan.services_on(day)
    if not specs:  # no service in force that day: take the next day that has one
        day = next(d for d in plan.days if plan.services_on(d))
        specs = plan.services_on(day)
    spec = specs[int(rng.random() * len(specs))]
    received_at = _moment(day, rng.randrange(OFFICE_OPENS, OFFICE_CLOSES - 900), tz)
    draft = Draft(plan=plan, spec=spec, received_at=received_at,
                  channel=spec.channels[int(rng.random() * len(spec.channels))],
                  kind=spec.kinds[int(rng.random() * len(spec.kinds))],
                  fate="decided", outcome=_choose_outcome(rng))
    fate = rng.random()
    if fate < WITHDRAWN_SHARE + TRANSFERRED_SHARE:
        draft.fate = "withdrawn" if fate < WITHDRAWN_SHARE else "transferred"
        end_day = calendar.add_working_days(day, rng.randint(1, 5))
        draft.ends_at = _moment(end_day, rng.randrange(OFFICE_OPENS, OFFICE_CLOSES), tz)
        return draft
    if not spec.counts_in_days:
        minutes = rng.randint(5, 150) if rng.random() > LATE_SHARE else rng.randint(150, 600)
        draft.decided_at = received_at + dt.timedelta(minutes=minutes)
        return draft
    legal = _working_days_of(spec.period)
    norm = _working_days_of(spec.norm) if spec.norm else legal
    share = rng.random()
    if share < LATE_SHARE:
        used = legal + rng.randint(1, 8)
    elif share < LATE_SHARE + SLOWER_THAN_NORM_SHARE and legal > norm:
        used = rng.randint(norm + 1, legal)
    else:
        used = rng.randint(0 if norm <= 1 else 1, max(norm, 1))
    pauses = ()
    if used >= 2 and rng.random() < SUPPLEMENT_SHARE:
        start_day = calendar.add_working_days(day, rng.randint(1, min(3, used - 1)))
        end_day = start_day + dt.timedelta(days=rng.randint(3, 25))
        draft.pause = (_moment(start_day, rng.randrange(OFFICE_OPENS, 12 * 3600), tz),
                       _moment(end_day, rng.randrange(13 * 3600, OFFICE_CLOSES), tz))
        pauses = ((start_day, end_day),)
    decided_day = calendar.add_working_days(day, used, pauses)
    if decided_day == day:
        draft.decided_at = received_at + dt.timedelta(minutes=rng.randint(10, 120))
    else:
        draft.decided_at = _moment(decided_day, rng.randrange(OFFICE_OPENS, OFFICE_CLOSES), tz)
    if draft.pause and draft.decided_at <= draft.pause[1]:  # never before the supplement
        draft.decided_at = draft.pause[1] + dt.timedelta(minutes=rng.randint(10, 120))
    return draft


# ----- from draft to rows ------------------------------------------------------------------

@dataclass
class Batch:
    cases: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    pauses: list[tuple] = field(default_factory=list)
    states: Counter = field(default_factory=Counter)


CASE_COLUMNS = (
    "id", "version", "created_at", "updated_at", "organisation_id", "unit_id",
    "service_type_version_id", "number", "access_code_hmac", "channel", "applicant_kind",
    "applicant_name", "applicant_id_number", "contact_email", "contact_phone", "language",
    "consent_at", "answers", "state", "received_at", "legal_due_date", "legal_due_at",
    "norm_due_date", "norm_due_at", "assigned_officer_id", "decided_at", "closed_at",
    "transferred_to", "working_days_used", "legal_on_time", "norm_on_time",
    "idempotency_key")
EVENT_COLUMNS = ("id", "case_id", "organisation_id", "occurred_at", "actor_id", "actor_kind",
                 "action", "from_state", "to_state", "data", "public_note_zh", "public_note_en",
                 "internal_note_zh", "internal_note_en")
OCCURRED_AT = EVENT_COLUMNS.index("occurred_at")
PAUSE_COLUMNS = ("id", "case_id", "kind", "reason", "legal_basis", "started_at", "ended_at")


class Identities:
    """Pools of valid identifiers and names, drawn once per run."""

    def __init__(self, rng: random.Random, size: int = 2000):
        self.national_ids = []
        for _ in range(size):
            first_nine = (rng.choice(AREA_LETTERS) + rng.choice("12")
                          + "".join(rng.choice("0123456789") for _ in range(7)))
            self.national_ids.append(first_nine + person_check_digit(first_nine))
        self.business_numbers = []
        while len(self.business_numbers) < size // 4:
            candidate = f"{rng.randrange(10_000_000, 100_000_000)}"
            if is_valid_business_number(candidate):
                self.business_numbers.append(candidate)
        self.people = [rng.choice(SURNAMES) + rng.choice(GIVEN[::2]) + rng.choice(GIVEN[1::2])
                       for _ in range(size)]
        self.businesses = [f"{rng.choice(BUSINESS_STEMS)}{rng.choice(BUSINESS_SUFFIXES)}"
                           for _ in range(size // 4)]


class RowWriter:
    """Turns drafts into rows; `now` decides how far each case has got."""

    def __init__(self, *, now: dt.datetime, rng: random.Random, code_key: bytes):
        self.now = now
        self.today = timezone.localtime(now).date()
        self.rng = rng
        self.code_key = code_key
        self.hmac_key = APPLICATION.access_key()
        self.identities = Identities(rng)
        self.language = settings.LANGUAGE_CODE

    def add(self, batch: Batch, drafts: list[Draft], case_ids, event_ids, pause_ids) -> None:
        legal_due, norm_due = self._due_dates(drafts)
        for draft, case_id, legal, norm in zip(drafts, case_ids, legal_due, norm_due,
                                               strict=True):
            self._add_case(batch, draft, case_id, legal, norm, event_ids, pause_ids)

    def _pauses_for_due(self, draft: Draft) -> tuple:
        """Day-unit pauses as dates; an open one counts as ending today (as services do)."""
        if draft.pause is None or draft.pause[0] > self.now:
            return ()
        start, end = draft.pause
        end_day = end.date() if end <= self.now else max(self.today, start.date())
        return ((start.date(), end_day),)

    def _due_dates(self, drafts: list[Draft]):
        """Legal and norm due dates per draft, grouped by calendar for `due_many`."""
        legal: list = [None] * len(drafts)
        norm: list = [None] * len(drafts)
        groups: dict[int, list[int]] = defaultdict(list)
        for index, draft in enumerate(drafts):
            groups[id(draft.plan.calendar)].append(index)
        for indexes in groups.values():
            calendar = drafts[indexes[0]].plan.calendar
            starts, periods, pauses = [], [], []
            for index in indexes:
                draft = drafts[index]
                for period in (draft.spec.period, draft.spec.norm):
                    if period is None:
                        continue
                    hours = period.unit is PeriodUnit.HOURS
                    starts.append(draft.received_at if hours else draft.received_at.date())
                    periods.append(period)
                    pauses.append(() if hours else self._pauses_for_due(draft))
            results = iter(calendar.due_many(starts, periods, pauses))
            for index in indexes:
                legal[index] = next(results)
                if drafts[index].spec.norm is not None:
                    norm[index] = next(results)
        return legal, norm

    def _add_case(self, batch: Batch, draft: Draft, case_id: int, legal, norm,
                  event_ids, pause_ids) -> None:
        rng, now = self.rng, self.now
        spec = draft.spec
        officer = spec.officers[int(rng.random() * len(spec.officers))] if spec.officers else None
        events: list[tuple] = []
        state = workflow.State.RECEIVED.value
        staff_kind = ActorKind.STAFF.value
        organisation_id = draft.plan.organisation_id

        def step(action: str, to_state: str, at: dt.datetime, *, actor_kind=staff_kind,
                 data=None, note: str = "") -> None:
            nonlocal state
            events.append((next(event_ids), case_id, organisation_id, at,
                           officer if actor_kind == staff_kind else None, actor_kind,
                           actions.STEP_EVENTS[action], state, to_state, data or {}, note, note,
                           "", ""))
            state = to_state

        received_at = draft.received_at
        intake_kind = ActorKind.APPLICANT.value if draft.channel == Channel.ONLINE else staff_kind
        events.append((next(event_ids), case_id, organisation_id, received_at,
                       officer if intake_kind == staff_kind else None, intake_kind,
                       actions.CASE_SUBMITTED, "", state,
                       {"channel": draft.channel, "documents": []}, "", "", "", ""))
        finish = draft.decided_at or draft.ends_at
        first_later = draft.pause[0] if draft.pause else finish
        accept_at = received_at + (first_later - received_at) / 3
        review_at = received_at + (first_later - received_at) * 2 / 3
        if accept_at <= now and draft.fate != "withdrawn":
            step("accept", workflow.State.ACCEPTED.value, accept_at)
        if review_at <= now and draft.fate == "decided":
            step("start_review", workflow.State.IN_REVIEW.value, review_at)
        pause_row = None
        if draft.pause and draft.pause[0] <= now and state == workflow.State.IN_REVIEW:
            started, ended = draft.pause
            ended = ended if ended <= now else None
            pause_id = next(pause_ids)
            pause_row = (pause_id, case_id, CasePause.Kind.SUPPLEMENT.value,
                         "deficiency notice 1", "", started, ended)
            step("request_supplement", workflow.State.AWAITING_SUPPLEMENT.value, started,
                 data={"sequence": 1, "pause_id": pause_id})
            if ended is not None:
                step("supplement_received", workflow.State.IN_REVIEW.value, ended,
                     actor_kind=ActorKind.APPLICANT.value, data={"documents": []})
        decided_at = closed_at = None
        days_used = legal_on_time = norm_on_time = None
        if finish <= now and draft.fate == "withdrawn":
            step("withdraw", workflow.State.WITHDRAWN.value, finish,
                 actor_kind=ActorKind.APPLICANT.value, data={"reason": ""})
            closed_at = finish
        elif finish <= now and draft.fate == "transferred" and state == "accepted":
            step("transfer", workflow.State.TRANSFERRED.value, finish,
                 data={"to": "財政部關務署", "reason": "非本機關管轄"}, note="財政部關務署: 非本機關管轄")
            closed_at = finish
        elif draft.fate == "decided" and finish <= now:
            decided_at = finish
            step("decide", draft.outcome, decided_at,
                 data={"outcome": draft.outcome.removeprefix("decided_"), "pauses_ended": []})
            calendar = draft.plan.calendar
            close_day = calendar.add_working_days(decided_at.date(), CLOSE_AFTER_WORKING_DAYS)
            close_at = _moment(close_day, 10 * 3600, decided_at.tzinfo)
            if close_at <= now:
                closed_at = close_at
                pauses = [(pause_row[5], pause_row[6])] if pause_row else []
                days_used = calendar.working_days_between(
                    received_at.date(), decided_at.date(), pauses)
                legal_on_time = _met(decided_at, legal)
                norm_on_time = _met(decided_at, norm) if norm is not None else None
                step("close", workflow.State.CLOSED.value, closed_at,
                     data={"working_days_used": days_used, "legal_on_time": legal_on_time,
                           "norm_on_time": norm_on_time})
        if state == workflow.State.RECEIVED:
            officer = None  # not yet assigned
        legal_date, legal_at = _split(legal)
        norm_date, norm_at = _split(norm)
        batch.states[state] += 1
        batch.events.extend(events)
        if pause_row:
            batch.pauses.append(pause_row)
        batch.cases.append(self._case_row(
            draft, case_id, state=state, version=len(events),
            updated_at=events[-1][OCCURRED_AT],
            legal=(legal_date, legal_at), norm=(norm_date, norm_at), officer=officer,
            decided_at=decided_at, closed_at=closed_at,
            transferred_to="財政部關務署" if state == workflow.State.TRANSFERRED else "",
            closure=(days_used, legal_on_time, norm_on_time)))

    def _case_row(self, draft: Draft, case_id: int, *, state, version, updated_at, legal, norm,
                  officer, decided_at, closed_at, transferred_to, closure) -> tuple:
        rng, identities = self.rng, self.identities
        business = draft.kind == ApplicantKind.BUSINESS
        pool_index = int(rng.random() * len(identities.businesses if business
                                              else identities.people))
        name = identities.businesses[pool_index] if business else identities.people[pool_index]
        id_number = identities.business_numbers[pool_index] if business \
            else identities.national_ids[pool_index]
        code = sample_access_code(draft.number, self.code_key)
        language = "en" if rng.random() < 0.03 else self.language
        return (case_id, version, draft.received_at, updated_at, draft.plan.organisation_id,
                draft.spec.unit_id, draft.spec.version_id, draft.number,
                access.code_hmac(code, self.hmac_key), draft.channel, draft.kind, name,
                id_number, f"applicant{case_id}@example.tw",
                f"09{rng.randrange(10_000_000, 100_000_000)}", language, draft.received_at,
                {}, state, draft.received_at, legal[0], legal[1], norm[0], norm[1], officer,
                decided_at, closed_at, transferred_to, *closure, None)


def _split(due) -> tuple[dt.date | None, dt.datetime | None]:
    if due is None:
        return None, None
    if isinstance(due, dt.datetime):
        return due.date(), due
    return due, None


def _met(decided: dt.datetime, due) -> bool:
    """As services._met: a moment for hour periods, the local date for day periods."""
    if isinstance(due, dt.datetime):
        return decided <= due
    return decided.date() <= due


# ----- numbers -----------------------------------------------------------------------------

def _number(drafts: list[Draft]) -> None:
    """Give each draft the next number of its agency's day, in order of receipt: one
    reservation per agency and day from the same sequences as every intake."""
    counts = Counter((d.plan.organisation_id, d.received_at.date()) for d in drafts)
    last = {key: sequence_reserve(organisation_id=key[0], letter=APPLICATION.letter,
                                  day=key[1], count=count) - count
            for key, count in sorted(counts.items())}
    for draft in sorted(drafts, key=lambda d: d.received_at):
        key = (draft.plan.organisation_id, draft.received_at.date())
        last[key] = draft.sequence = last[key] + 1
        draft.number = format_record_number(draft.plan.code, key[1], draft.sequence,
                                            prefix=APPLICATION.letter)


# ----- writing -----------------------------------------------------------------------------

def _write(batch: Batch) -> None:
    write_rows(Case, CASE_COLUMNS, batch.cases)
    write_rows(CasePause, PAUSE_COLUMNS, batch.pauses)
    if postgres():
        copy_rows(CaseEvent, EVENT_COLUMNS, batch.events)
    else:
        events_bulk_create(CaseEvent(**dict(zip(EVENT_COLUMNS, row, strict=True)))
                           for row in batch.events)


def generate(*, count: int, organisation_codes: Sequence[str] | None = None, seed: int = 114,
             batch_size: int = DEFAULT_BATCH, now: dt.datetime | None = None,
             span_days: int = SPAN_DAYS, progress: Callable[[str], None] | None = None
             ) -> GenerationResult:
    """Add `count` cases; run again to add more (numbers continue). Each batch is one
    transaction, so an interrupted run leaves whole batches behind."""
    started = time.perf_counter()
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    plans = build_plans(organisation_codes=organisation_codes, today=today, span_days=span_days)
    if not plans:
        raise ValueError("no organisation with a service type in force: run load_demo first")
    rng = random.Random(seed)
    writer = RowWriter(now=now, rng=rng, code_key=sample_code_key(seed))
    states: Counter = Counter()
    events = pauses = batches = 0
    for size in batch_sizes(count, batch_size, "cases", progress):
        drafts = [draw_case(rng, plans[int(rng.random() * len(plans))]) for _ in range(size)]
        batch = Batch()
        with transaction.atomic():
            _number(drafts)
            first_case = first_free_id(Case)
            case_ids = range(first_case, first_case + size)
            event_ids = itertools.count(first_free_id(CaseEvent))
            pause_ids = itertools.count(first_free_id(CasePause))
            writer.add(batch, drafts, case_ids, event_ids, pause_ids)
            _write(batch)
            claim_ids(Case, first_case + size)
            claim_ids(CaseEvent, next(event_ids))
            claim_ids(CasePause, next(pause_ids))
        batches += 1
        states.update(batch.states)
        events += len(batch.events)
        pauses += len(batch.pauses)
    return GenerationResult(created=count, seconds=time.perf_counter() - started,
                            batches=batches, states=dict(states), events=events,
                            pauses=pauses)
