"""Reads of applications. Staff reads are scoped: a user sees the cases of the units where
they hold a role that may view cases, and every case of the organisations such a role
covers whole (scope organisation or subtree). Citizens see a case only with its number
and its access code."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.cases import actions, supply, workflow
from minfu.cases.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseExtension,
    CasePause,
    DeficiencyNotice,
)
from minfu.cases.workflow import OPEN_STATES
from minfu.catalog.models import CrossAgencyOpening
from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.core.models import pick_language
from minfu.core.queries import filter_given
from minfu.core.templatetags.roc import roc_date
from minfu.org.models import Organisation
from minfu.org.permissions import roles_for
from minfu.org.selectors import agency_ids_where, in_reach, units_where, visible_scope
from minfu.records.due import Due, due_counts, due_q, soon_until
from minfu.records.events import history_of
from minfu.records.models import ActorKind
from minfu.records.timeline import timeline
from minfu.workcal.deadlines import CalendarGapError
from minfu.workcal.selectors import calendar_for, calendar_for_locality

VIEW = "cases.view"
OPEN_STATE_VALUES = frozenset(state.value for state in OPEN_STATES)

# A well-formed hash that matches no code: a lookup of an unknown number does the same
# work as one of a known number, so timing does not tell which numbers exist.



def cases_for(user) -> QuerySet[Case]:
    return in_reach(Case.objects.select_related("organisation", "unit", "service_type_version",
                                                "assigned_officer"), user, VIEW)


def case_get_for(user, pk) -> Case:
    """One case the user may see; NotFound also for a case that exists elsewhere."""
    case = cases_for(user).filter(pk=as_id(pk)).first()
    if case is None:
        raise NotFound(_("No such application."))
    return case


def case_keyed_at_counter(pk) -> Case:
    """A case by id, for the receipt of the officer who keyed it at the counter (the
    caller holds that proof); the officer's unit need not handle it."""
    case = Case.objects.select_related("unit", "service_type_version").filter(
        pk=as_id(pk)).first()
    if case is None:
        raise NotFound(_("No such application."))
    return case


def may_see_case(user, case: Case) -> bool:
    """Whether `case` is among the cases the user sees: an officer may key an application
    at the counter that another unit handles, and then does not."""
    return cases_for(user).filter(pk=case.pk).exists()


def may_view_cases(user) -> bool:
    """For menus: the user holds some role that may view cases."""
    return getattr(user, "is_superuser", False) or visible_scope(user).has_role(
        *roles_for(VIEW))


# ----- the officers' workbench -------------------------------------------------------

DUE_SOON_WORKING_DAYS = 2
OPEN_FILTER = "open"


@dataclass(frozen=True)
class QueueFilter:
    """What the workbench list shows: `mine` keeps the cases assigned to the user;
    `state` is one state, `OPEN_FILTER` (every state still waiting for a decision) or
    empty for all."""

    mine: bool = False
    service_type_id: int | None = None
    state: str = ""
    channel: str = ""
    due: str = ""  # a records.due.Due value: overdue (never while paused), today, soon


def _with_pause(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotated with `is_paused`: an open pause, never counted as overdue."""
    open_pause = CasePause.objects.filter(case=OuterRef("pk"), ended_at__isnull=True)
    return cases.annotate(is_paused=Exists(open_pause))


def workbench_queue(user, query: QueueFilter = QueueFilter(), *, today: dt.date | None = None
                    ) -> QuerySet[Case]:
    """The cases the user sees, filtered, by legal due date (undated last), each
    annotated with `is_paused`."""
    cases = _with_pause(cases_for(user).select_related("service_type_version__service_type",
                                                          "received_by"))
    if query.due:
        today = today or timezone.localdate()
        cases = cases.filter(due_q("legal_due_date", query.due, today=today,
                                   until=soon_until(today)), state__in=OPEN_STATE_VALUES)
        if query.due == Due.OVERDUE:
            cases = cases.filter(is_paused=False)
    if query.mine:
        cases = cases.filter(assigned_officer=user)
    cases = filter_given(cases, service_type_version__service_type_id=query.service_type_id,
                         channel=query.channel)
    if query.state == OPEN_FILTER:
        cases = cases.filter(state__in=OPEN_STATE_VALUES)
    elif query.state:
        cases = cases.filter(state=query.state)
    return cases.order_by(F("legal_due_date").asc(nulls_last=True), "received_at", "pk")


def work_counts(user, *, today: dt.date) -> dict[str, dict[str, int]]:
    """For the staff home: the user's open applications and those of everything they
    see ("mine", "all"), overdue, due today and due soon, in one query."""
    return due_counts(_with_pause(cases_for(user).filter(state__in=OPEN_STATE_VALUES)),
                      "legal_due_date", today=today, until=soon_until(today),
                      groups={"mine": Q(assigned_officer=user), "all": Q()},
                      overdue_only=Q(is_paused=False))


class DueMark(StrEnum):
    NONE = ""
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def due_soon_limit(organisation, today: dt.date) -> dt.date | None:
    """The last day that counts as due soon: two working days after today on the
    organisation's calendar (None when the calendar does not reach that far)."""
    try:
        return calendar_for(organisation).add_working_days(today, DUE_SOON_WORKING_DAYS)
    except (CalendarGapError, ValueError):
        return None


def due_mark(case: Case, today: dt.date, limit: dt.date | None) -> DueMark:
    """Overdue: open, not paused and past its legal due date; due soon: due by `limit`."""
    if case.state not in OPEN_STATE_VALUES or case.legal_due_date is None:
        return DueMark.NONE
    if getattr(case, "is_paused", False):
        return DueMark.NONE
    if case.legal_due_date < today:
        return DueMark.OVERDUE
    if limit is not None and case.legal_due_date <= limit:
        return DueMark.DUE_SOON
    return DueMark.NONE


def marked(cases, today: dt.date) -> list[tuple[Case, DueMark]]:
    """Rows with their marks; one calendar per locality (calendars are cached)."""
    limits: dict[str, dt.date | None] = {}
    rows = []
    for case in cases:
        locality = case.organisation.locality
        if locality not in limits:
            limits[locality] = due_soon_limit(case.organisation, today)
        rows.append((case, due_mark(case, today, limits[locality])))
    return rows


def service_types_in_queue(user):
    """Service types of the organisations whose cases the user sees, for the filter.
    Taken from the user's scope, not from the cases: a subquery over a million cases
    costs a second."""
    from minfu.catalog.models import ServiceType

    # A choice's label names its organisation: joined here, not read once per choice.
    service_types = ServiceType.objects.select_related("organisation").order_by("code")
    if user.is_superuser:
        return service_types
    return service_types.filter(organisation_id__in=agency_ids_where(user, VIEW))


def assignable_officers(user):
    """Active users who may handle cases in some unit where `user` may reassign."""
    from django.contrib.auth import get_user_model

    from minfu.org.models import Membership

    reassign_units = units_where(user, "cases.reassign").values("pk")
    handler_ids = Membership.objects.filter(
        unit_id__in=reassign_units, role__in=list(roles_for("cases.handle"))
    ).values("user_id")
    return get_user_model().objects.filter(pk__in=handler_ids, is_active=True).order_by(
        "username")


def case_detail(case: Case) -> dict:
    """Everything the officers' case page shows besides the case itself."""
    return {
        "documents": list(case.documents.select_related("required_document", "recorded_by")),
        "answers": answer_rows(case.answers),
        "notices": list(case.deficiency_notices.select_related("issued_by")),
        "pauses": list(case.pauses.all()),
        "extension": next(iter(case.extensions.all()), None),  # one at most
        "checklist": list(case.service_type_version.documents.all()),
        "fetched": fetched_items(case),
        "timeline": timeline(case),
    }


def case_document_for(case: Case, document_id) -> CaseDocument:
    """A stored file of a case the caller already may see (NotFound otherwise, also for
    an original only seen on paper)."""
    document = case.documents.filter(pk=as_id(document_id)).exclude(file="").first()
    if document is None:
        raise NotFound(_("No such document."))
    return document


def is_paused(case: Case) -> bool:
    """Waiting on the applicant: a pause of the clock that has not ended."""
    return case.pauses.filter(ended_at__isnull=True).exists()


def applicant_documents(case: Case) -> list[CaseDocument]:
    """The files the applicant sent themselves: what the progress page lets them fetch."""
    return list(case.documents.filter(uploaded_by_kind=ActorKind.APPLICANT).exclude(file="")
                .select_related("required_document"))


def applicant_document_for(case: Case, document_id) -> CaseDocument:
    document = (case.documents.filter(pk=as_id(document_id),
                                      uploaded_by_kind=ActorKind.APPLICANT)
                .exclude(file="").first())
    if document is None:
        raise NotFound(_("No such document."))
    return document


# ----- the service's own questions, as answered -------------------------------------

@dataclass(frozen=True)
class AnswerRow:
    code: str
    label: str
    text: str


def _answer_text(entry: dict) -> str:
    value = entry.get("value")
    kind = entry.get("kind", "")
    if kind in ("single_choice", "multiple_choice") and entry.get("choices"):
        return "、".join(pick_language(str(c.get("label_zh", "")), str(c.get("label_en", "")))
                        for c in entry["choices"])
    if kind == "yes_no" or isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if kind == "date" and isinstance(value, str):
        try:
            return roc_date(dt.date.fromisoformat(value))  # as the pages write dates
        except ValueError:
            return value
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return "" if value is None else str(value)


def answer_rows(answers) -> list[AnswerRow]:
    """The stored answers in the wording they were asked in, for pages and PDFs. Answers
    stored in another shape (older data, generated data) show as they are."""
    rows = []
    for code, entry in (answers or {}).items() if isinstance(answers, dict) else ():
        if isinstance(entry, dict) and "value" in entry:
            label = pick_language(str(entry.get("label_zh", "")),
                                  str(entry.get("label_en", ""))) or code
            rows.append(AnswerRow(code=code, label=label, text=_answer_text(entry)))
        else:
            rows.append(AnswerRow(code=code, label=code, text=str(entry)))
    return rows


def counter_services_for(user, on: dt.date):
    """Service versions in force on `on`, offered at the counter, of the organisations
    where the user handles cases (single-window intake)."""
    from minfu.catalog.models import ServiceTypeVersion
    from minfu.catalog.selectors import in_force_on

    organisation_ids = _handling_organisations(user)
    # Other agencies' services opened to these for cross-agency intake (跨機關通辦).
    opened = CrossAgencyOpening.objects.filter(
        receiving_organisation_id__in=organisation_ids).values("service_type_id")
    return (ServiceTypeVersion.objects.filter(in_force_on(on), offered_at_counter=True)
            .filter(Q(service_type__organisation_id__in=organisation_ids)
                    | Q(service_type_id__in=opened))
            .select_related("service_type__organisation", "responsible_unit")
            .order_by("service_type__organisation__path", "service_type__code"))


def _handling_organisations(user) -> frozenset[int]:
    return agency_ids_where(user, "cases.handle")


# ----- cross-agency intake (跨機關通辦) ----------------------------------------------------

HANDOVER_ACTIONS = frozenset({actions.CASE_SUBMITTED, actions.CASE_HANDED_OVER})


def cross_agency_receiver(user, version) -> Organisation | None:
    """The agency at whose counter the user receives `version` for its owner, or None
    when the user handles the owner's cases (ordinary counter intake)."""
    handling = _handling_organisations(user)
    if version.service_type.organisation_id in handling:
        return None
    opening = (CrossAgencyOpening.objects.filter(service_type=version.service_type,
                                                 receiving_organisation_id__in=handling)
               .select_related("receiving_organisation").order_by("receiving_organisation_id")
               .first())
    return opening.receiving_organisation if opening else None


def handovers_for(user) -> QuerySet[Case]:
    """The applications the user's agencies received for other agencies: the receiving
    side sees these hand-overs, not the owner's cases."""
    return (Case.objects.filter(received_by_id__in=_handling_organisations(user))
            .select_related("organisation", "received_by", "service_type_version")
            .order_by("-received_at", "-pk"))


def handover_get_for(user, pk) -> Case:
    """A hand-over the user's agency received, or whose case the user sees (the owner)."""
    case = (handovers_for(user).filter(pk=as_id(pk)).first()
            or cases_for(user).filter(pk=as_id(pk), received_by__isnull=False).first())
    if case is None:
        raise NotFound(_("No such application."))
    return case


def handover_detail(case: Case) -> dict:
    """What the hand-over page shows both sides: the documents received with the
    application and the receipt and hand-over events, nothing of the handling after."""
    return {
        "documents": list(case.documents.filter(notice__isnull=True)
                          .select_related("required_document", "recorded_by")),
        "timeline": [entry for entry in timeline(case) if entry.action in HANDOVER_ACTIONS],
    }


def intake_units_for(user):
    """Units that may receive a case keyed by the user: every unit of the organisations
    where they handle cases."""
    from minfu.org.models import Unit

    return Unit.objects.filter(organisation_id__in=_handling_organisations(user)).select_related(
        "organisation").order_by("organisation__path", "code")


# ----- the applicant's reads (after proving access with number and code) -------------

def case_for_applicant(pk) -> Case | None:
    """The case this browser proved access to (its id kept in the session), or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return Case.objects.filter(pk=pk).select_related(
        "organisation", "service_type_version").first()


def supply_has_lapsed(case: Case, today: dt.date | None = None) -> bool:
    """Whether the open deficiency notice's supply-by date has passed (cases.supply)."""
    notice = open_deficiency_notice(case)
    if notice is None:
        return False
    try:
        return supply.has_lapsed(notice.supplement_due_date, today or timezone.localdate(),
                                 calendar_for(case.organisation))
    except (CalendarGapError, ValueError):
        return False


def supply_lapsed_queue(user, *, mine: bool, today: dt.date) -> QuerySet[Case]:
    """The cases the user sees (or those assigned to them) waiting for documents whose
    supply-by date has passed on the national office calendar: the officer must choose
    what to do. Earliest supply-by date first, annotated with `supply_by`."""
    try:
        cutoff = supply.last_lapsed_supply_by(today, calendar_for_locality(""))
    except (CalendarGapError, ValueError):
        return Case.objects.none()
    notices = DeficiencyNotice.objects.filter(case=OuterRef("pk"), pause__isnull=False,
                                              pause__ended_at__isnull=True)
    cases = cases_for(user).filter(state=workflow.State.AWAITING_SUPPLEMENT)
    if mine:
        cases = cases.filter(assigned_officer=user)
    return (cases.annotate(supply_by=Subquery(notices.order_by("-sequence")
                                              .values("supplement_due_date")[:1]))
            .filter(supply_by__lte=cutoff)
            .select_related("service_type_version", "assigned_officer")
            .order_by("supply_by", "pk"))


def supply_lapsed_first(user, *, mine: bool, today: dt.date, shown: int
                        ) -> tuple[list[Case], int]:
    """The first `shown` cases of supply_lapsed_queue and how many there are, read in one
    statement (a window count): counted apart, the same cases were found twice, the
    largest part of the unit queue's statements at ten million records."""
    first = list(supply_lapsed_queue(user, mine=mine, today=today)
                 .annotate(lapsed_total=Window(Count("pk")))[:shown])
    return first, first[0].lapsed_total if first else 0


def fetched_items(case: Case) -> list[tuple]:
    """The checklist items the agency fetches itself (免附), each with its check or None."""
    checks = {check.required_document_id: check for check in case.fetched_checks.all()}
    return [(item, checks.get(item.pk))
            for item in case.service_type_version.documents.all() if item.fetched_by_agency]


def fetched_items_unchecked(case: Case) -> list:
    return [item for item, check in fetched_items(case) if check is None]


def open_deficiency_notice(case: Case):
    """The notice whose supplement pause is still open: what the applicant must send."""
    return (case.deficiency_notices.filter(pause__isnull=False, pause__ended_at__isnull=True)
            .order_by("-sequence").first())


def deficiency_notice_of(case: Case, sequence: int):
    """Notice number `sequence` of a case the caller already may see (NotFound if none)."""
    notice = case.deficiency_notices.select_related("case__organisation").filter(
        sequence=sequence).first()
    if notice is None:
        raise NotFound(_("No such deficiency notice."))
    return notice


def decision_of(case: Case) -> CaseEvent | None:
    """The event of the case's decision (its public notes are the reasons), or None
    before a decision."""
    if case.decided_at is None:
        return None
    return history_of(case).filter(action=actions.CASE_DECIDED).order_by("-occurred_at", "-pk").first()


def extension_of(case: Case) -> CaseExtension | None:
    return case.extensions.select_related("case__organisation").first()


def due_date_before_extension(case: Case) -> dt.date | None:
    """The legal due date the extension replaced, as its event recorded it."""
    event = history_of(case).filter(action=actions.CASE_EXTENDED).order_by("-pk").first()
    value = (event.data or {}).get("previous_due_date") if event is not None else None
    return dt.date.fromisoformat(value) if value else None
