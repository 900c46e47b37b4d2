"""Every write to co-signed proposals. Each change runs in one transaction, moves the
state only through `proposals_workflow.MACHINE`, and writes the record's event and audit
row (records.events.record_change). `actor=None` is the proposer, a co-signer or the
daily job; a staff actor needs the action's permission on the proposal's agency or unit.

Co-signatures are rows, one per verified address and proposal: signing again (a double
click, a replayed request) finds the row and counts nothing twice. The count on the
proposal is kept in the same transaction, under the proposal's row lock, so the signature
that reaches the threshold is known exactly; it starts the response period."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import Conflict, ValidationFailed
from minfu.core.services import save_with_version
from minfu.participation import proposals_actions as actions
from minfu.participation import proposals_rules as rules
from minfu.participation.agency_scope import require_on
from minfu.participation.models.proposals import (
    Proposal,
    ProposalSignature,
    ResponseOutcome,
    ScreeningReason,
)
from minfu.participation.participant_notices import participant_notify
from minfu.participation.proposals_kind import PROPOSAL
from minfu.participation.proposals_workflow import MACHINE, Action, State
from minfu.records import access, recount
from minfu.records.events import event_record, record_change
from minfu.records.models import ActorKind
from minfu.records.services import access_code_issue, number_allocate
from minfu.workcal.periods import Period, PeriodUnit
from minfu.workcal.selectors import due_for

logger = logging.getLogger(__name__)

VIEW = "participation.proposal_view"
SCREEN = "participation.proposal_screen"
RESPOND = "participation.proposal_respond"


# ----- helpers -----------------------------------------------------------------------

def _today() -> dt.date:
    return timezone.localdate()


def _summary(proposal: Proposal) -> dict:
    return {"state": proposal.state, "signature_count": proposal.signature_count,
            "response_due_on": proposal.response_due_on.isoformat()
            if proposal.response_due_on else None}




def _locked(proposal: Proposal, expected_version: int | None) -> Proposal:
    stored = Proposal.objects.select_for_update(of=("self",)).select_related(
        "organisation", "proposer").get(pk=proposal.pk)
    if expected_version is not None and stored.version != expected_version:
        raise Conflict(details={"expected_version": expected_version,
                                "current_version": stored.version})
    return stored


def _change(proposal: Proposal, *, action: str, actor, from_state: str, before: dict | None,
            data: dict | None = None, note: str = "") -> None:
    """Save the proposal (its version checked) and write its event and audit row."""
    save_with_version(proposal, expected_version=None if proposal._state.adding
                      else proposal.version)
    record_change(record=proposal, action=action, actor=actor,
                  actor_kind=ActorKind.STAFF if actor is not None else ActorKind.SYSTEM,
                  from_state=from_state, before=before, after=_summary(proposal), data=data,
                  public_note_zh=note)


def _step(proposal: Proposal, action: Action) -> str:
    """Move the state; returns the state before."""
    before = proposal.state
    proposal.state = MACHINE.next_state(proposal.state, action)
    return before


def _notify(proposal: Proposal, event: str, context: dict | None = None) -> None:
    """Tell the proposer, or write on the proposal's history that it could not be done."""
    message = participant_notify(
        participant=proposal.proposer, organisation=proposal.organisation, event=event,
        context={"proposal_number": proposal.number, "proposal_title": proposal.title,
                 **(context or {})},
        dedupe_key=f"{event}:{proposal.pk}:{proposal.version}", language=proposal.language,
        related=proposal,
        path=reverse("participation:proposal-detail", kwargs={"pk": proposal.pk}))
    if message is None:
        event_record(record=proposal, action=actions.PROPOSAL_NOTICE_SKIPPED,
                     data={"event": event}, to_state=proposal.state, from_state=proposal.state)


def response_due_on(proposal: Proposal, *, months: int) -> dt.date:
    """The response due date: `months` months from the day the threshold was reached, on
    the agency's office calendar (a day off moves it to the next working day). Where the
    calendar does not reach so far yet, the plain date, so that a signature never fails
    for want of next year's calendar; the closure recount corrects it later."""
    start = proposal.threshold_reached_on
    days = rules.response_period_days(start, months)
    try:
        return due_for(organisation=proposal.organisation, start=start,
                       period=Period(days, PeriodUnit.CALENDAR_DAYS))
    except ValidationFailed:
        logger.warning("No office calendar for the response period of proposal %s; "
                       "the plain date is used.", proposal.pk)
        return rules.months_after(start, months)


# ----- intake ------------------------------------------------------------------------

def proposal_submit(*, organisation, proposer, title: str, text: str, service_name: str = "",
                    language: str = "", idempotency_key: str | None = None
                    ) -> tuple[Proposal, str | None]:
    """A verified participant's proposal, waiting for screening. Returns (proposal,
    access code); a repeated `idempotency_key` returns the proposal it made and None."""
    idempotency_key = (idempotency_key or "").strip() or None
    if idempotency_key:
        existing = Proposal.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, None
    errors = {}
    if not title.strip():
        errors["title"] = [str(_("Give your proposal a title."))]
    if len(text.strip()) < 20:
        errors["text"] = [str(_("Describe your proposal in at least 20 characters."))]
    if errors:
        raise ValidationFailed(details=errors)
    code, code_hmac = access_code_issue(PROPOSAL)
    now = timezone.now()
    try:
        with transaction.atomic():
            proposal = Proposal(
                organisation=organisation, proposer=proposer, title=title.strip()[:200],
                text=text.strip(), service_name=service_name.strip()[:200],
                language=language, submitted_at=now, idempotency_key=idempotency_key,
                access_code_hmac=code_hmac, state=MACHINE.initial,
                threshold=rules.DEFAULT_THRESHOLD, signing_days=rules.DEFAULT_SIGNING_DAYS,
                number=number_allocate(organisation=organisation, kind=PROPOSAL,
                                       day=timezone.localtime(now).date()))
            save_with_version(proposal, expected_version=None)
            record_change(record=proposal, action=actions.PROPOSAL_SUBMITTED, actor=None,
                          actor_kind=ActorKind.APPLICANT, from_state="", before=None,
                          after=_summary(proposal))
            _notify(proposal, "proposal.received",
                    {"access_code": access.display_code(code)})
    except IntegrityError:
        existing = Proposal.objects.filter(idempotency_key=idempotency_key).first() \
            if idempotency_key else None
        if existing is None:
            raise
        return existing, None
    return proposal, code


# ----- screening ---------------------------------------------------------------------

def proposal_open_signing(*, actor, proposal: Proposal, threshold: int = rules.DEFAULT_THRESHOLD,
                          signing_days: int = rules.DEFAULT_SIGNING_DAYS,
                          expected_version: int | None = None) -> Proposal:
    """Screened and accepted: open for co-signing from today for `signing_days` days,
    reaching `threshold` co-signers (5,000 or fewer)."""
    require_on(actor, SCREEN, proposal)
    errors = rules.policy_errors(threshold=threshold, signing_days=signing_days)
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        proposal = _locked(proposal, expected_version)
        before = _summary(proposal)
        from_state = _step(proposal, Action.OPEN_SIGNING)
        today = _today()
        proposal.threshold, proposal.signing_days = threshold, signing_days
        proposal.signing_opened_on = today
        proposal.signing_closes_on = rules.signing_closes_on(today, signing_days)
        _change(proposal, action=actions.PROPOSAL_SIGNING_OPENED, actor=actor,
                from_state=from_state, before=before,
                data={"threshold": threshold, "signing_days": signing_days})
        _notify(proposal, "proposal.signing_opened",
                {"threshold": threshold, "closes_on": proposal.signing_closes_on})
    return proposal


def proposal_reject(*, actor, proposal: Proposal, reason: str, note: str = "",
                    expected_version: int | None = None) -> Proposal:
    """Not accepted for a reason from the list (a duplicate is merged instead); the
    proposer is told the reason."""
    require_on(actor, SCREEN, proposal)
    if reason not in ScreeningReason.values or reason == ScreeningReason.DUPLICATE:
        raise ValidationFailed(details={"reason": [str(_(
            "Choose a reason from the list; merge a duplicate into the proposal it "
            "repeats."))]})
    with transaction.atomic():
        proposal = _locked(proposal, expected_version)
        before = _summary(proposal)
        from_state = _step(proposal, Action.REJECT)
        proposal.screening_reason, proposal.screening_note = reason, note.strip()
        proposal.closed_at = timezone.now()
        _change(proposal, action=actions.PROPOSAL_REJECTED, actor=actor, from_state=from_state,
                before=before, data={"reason": reason}, note=note.strip())
        _notify(proposal, "proposal.rejected", {
            "reason": str(ScreeningReason(reason).label), "note": note.strip()})
    return proposal


def proposal_merge(*, actor, proposal: Proposal, into: Proposal, note: str = "",
                   expected_version: int | None = None) -> Proposal:
    """A duplicate joins the proposal it repeats: its co-signers who have not signed that
    one are counted there (one person still counts once), and its proposer is told."""
    require_on(actor, SCREEN, proposal)
    if into.pk == proposal.pk or into.organisation_id != proposal.organisation_id:
        raise ValidationFailed(details={"into": [str(_(
            "Choose another proposal to the same agency."))]})
    with transaction.atomic():
        proposal = _locked(proposal, expected_version)
        target = _locked(into, None)
        if target.state not in {State.SUBMITTED, State.SIGNING, State.REACHED}:
            raise Conflict(_("A proposal that is closed cannot receive others."),
                           code="merge_target_closed")
        before, target_before = _summary(proposal), _summary(target)
        from_state = _step(proposal, Action.MERGE)
        proposal.merged_into, proposal.screening_reason = target, ScreeningReason.DUPLICATE
        proposal.screening_note, proposal.closed_at = note.strip(), timezone.now()
        moved = _signatures_move(proposal, target)
        _change(proposal, action=actions.PROPOSAL_MERGED, actor=actor, from_state=from_state,
                before=before, data={"into": target.pk, "into_number": target.number,
                                     "signatures_moved": moved}, note=note.strip())
        Proposal.objects.filter(merged_into=proposal).update(merged_into=target)
        target_state = target.state
        _recount(target)
        reached = _reach_if_due(target)
        _change(target, action=actions.PROPOSAL_MERGE_RECEIVED, actor=actor,
                from_state=target_state, before=target_before,
                data={"proposal": proposal.pk, "number": proposal.number,
                      "signatures_moved": moved})
        if reached:
            _notify(target, "proposal.threshold_reached",
                    {"signature_count": target.signature_count,
                     "due_on": target.response_due_on})
        _notify(proposal, "proposal.merged", {"into_number": target.number,
                                              "into_title": target.title})
    return proposal


def _signatures_move(source: Proposal, target: Proposal) -> int:
    """Give `target` the signatures of `source` whose signer has none there; returns how
    many moved. The others stay with the merged proposal as its history."""
    present = ProposalSignature.objects.filter(proposal=target).values("participant_id")
    return ProposalSignature.objects.filter(proposal=source, withdrawn_at__isnull=True).exclude(
        participant_id__in=present).update(proposal=target)


def _recount(proposal: Proposal) -> None:
    proposal.signature_count = ProposalSignature.objects.filter(
        proposal=proposal, withdrawn_at__isnull=True).count()


def _reach_if_due(proposal: Proposal) -> bool:
    """Reaching the threshold while open moves to `reached` and starts the response
    period; returns whether it did (the caller saves)."""
    if proposal.state != State.SIGNING or not rules.threshold_reached(
            proposal.signature_count, proposal.threshold):
        return False
    proposal.state = MACHINE.next_state(proposal.state, Action.REACH)
    proposal.threshold_reached_on = _today()
    proposal.response_due_on = response_due_on(proposal, months=rules.RESPONSE_MONTHS)
    return True


# ----- co-signing ---------------------------------------------------------------------

def proposal_sign(*, proposal: Proposal, participant) -> ProposalSignature:
    """Co-sign for a verified participant: one signature per address and proposal, a
    replay returns the one there is. The signature that reaches the threshold moves the
    proposal to `reached` with its response due date."""
    with transaction.atomic():
        proposal = _locked(proposal, None)
        signature = ProposalSignature.objects.filter(proposal=proposal,
                                                     participant=participant).first()
        if signature is not None and signature.withdrawn_at is None:
            return signature
        if proposal.state != State.SIGNING or not rules.signing_open(
                closes_on=proposal.signing_closes_on, today=_today()):
            raise Conflict(_("This proposal is not open for co-signing."),
                           code="signing_closed")
        if signature is None:
            signature = ProposalSignature.objects.create(
                proposal=proposal, participant=participant, signed_at=timezone.now())
        else:  # signing again after a withdrawal
            signature.withdrawn_at, signature.signed_at = None, timezone.now()
            signature.save(update_fields=["withdrawn_at", "signed_at"])
        _count(proposal, +1)
    return signature


def signature_withdraw(*, proposal: Proposal, participant) -> None:
    """Withdraw a co-signature while co-signing is open (after that it stays counted)."""
    with transaction.atomic():
        proposal = _locked(proposal, None)
        if proposal.state != State.SIGNING:
            raise Conflict(_("A co-signature can only be withdrawn while co-signing is open."),
                           code="signing_closed")
        withdrawn = ProposalSignature.objects.filter(
            proposal=proposal, participant=participant, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        if withdrawn:
            _count(proposal, -1)


def _count(proposal: Proposal, change: int) -> None:
    """Keep the count without touching the version (staff editing the proposal are not
    disturbed by signatures); reaching the threshold is a change of state and saves."""
    Proposal.objects.filter(pk=proposal.pk).update(signature_count=F("signature_count") + change)
    proposal.signature_count += change
    before = _summary(proposal)
    if _reach_if_due(proposal):
        _change(proposal, action=actions.PROPOSAL_THRESHOLD_REACHED, actor=None,
                from_state=State.SIGNING, before=before,
                data={"signature_count": proposal.signature_count,
                      "response_due_on": proposal.response_due_on.isoformat()})
        _notify(proposal, "proposal.threshold_reached",
                {"signature_count": proposal.signature_count,
                 "due_on": proposal.response_due_on})


# ----- response ----------------------------------------------------------------------

def proposal_extend(*, actor, proposal: Proposal, reason: str,
                    expected_version: int | None = None) -> Proposal:
    """Extend the response period once, by the original two months, with the reason
    shown on the public page."""
    require_on(actor, RESPOND, proposal)
    if not reason.strip():
        raise ValidationFailed(details={"reason": [str(_("Give the reason for the extension."))]})
    with transaction.atomic():
        proposal = _locked(proposal, expected_version)
        if proposal.state != State.REACHED:
            raise Conflict(_("Only a proposal awaiting its response can be extended."),
                           code="not_awaiting_response")
        if proposal.extended_at is not None:
            raise Conflict(_("The response period of this proposal was already extended."),
                           code="already_extended")
        before, previous = _summary(proposal), proposal.response_due_on
        proposal.response_due_on = response_due_on(
            proposal, months=rules.RESPONSE_MONTHS + rules.EXTENSION_MONTHS)
        proposal.extension_reason, proposal.extended_at = reason.strip(), timezone.now()
        _change(proposal, action=actions.PROPOSAL_EXTENDED, actor=actor,
                from_state=proposal.state, before=before, note=reason.strip(),
                data={"previous_due_on": previous.isoformat()})
        _notify(proposal, "proposal.extended", {"reason": reason.strip(),
                                                "due_on": proposal.response_due_on})
    return proposal


def proposal_respond(*, actor, proposal: Proposal, outcome: str, text: str,
                     expected_version: int | None = None) -> Proposal:
    """Publish the agency's response: adopted, partly adopted or not adopted, and why."""
    require_on(actor, RESPOND, proposal)
    errors = {}
    if outcome not in ResponseOutcome.values:
        errors["outcome"] = [str(_("Choose the outcome."))]
    if not text.strip():
        errors["text"] = [str(_("Write the response."))]
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        proposal = _locked(proposal, expected_version)
        before = _summary(proposal)
        from_state = _step(proposal, Action.RESPOND)
        proposal.outcome, proposal.response_text = outcome, text.strip()
        proposal.responded_at = proposal.closed_at = timezone.now()
        _change(proposal, action=actions.PROPOSAL_ANSWERED, actor=actor, from_state=from_state,
                before=before, data={"outcome": outcome,
                                     "on_time": proposal.answered_on_time})
        _notify(proposal, "proposal.answered",
                {"outcome": str(ResponseOutcome(outcome).label)})
    return proposal


# ----- the daily job -------------------------------------------------------------------

def proposals_expire(*, on: dt.date) -> int:
    """Close the co-signing of proposals whose period ended before `on` below their
    threshold. Returns how many."""
    expired = 0
    for pk in Proposal.objects.filter(state=State.SIGNING, signing_closes_on__lt=on
                                      ).values_list("pk", flat=True):
        with transaction.atomic():
            proposal = _locked(Proposal(pk=pk), None)
            if proposal.state != State.SIGNING:
                continue
            before = _summary(proposal)
            from_state = _step(proposal, Action.EXPIRE)
            proposal.closed_at = timezone.now()
            _change(proposal, action=actions.PROPOSAL_EXPIRED, actor=None,
                    from_state=from_state, before=before,
                    data={"signature_count": proposal.signature_count})
            _notify(proposal, "proposal.expired",
                    {"signature_count": proposal.signature_count})
            expired += 1
    return expired


# ----- after an office closure ------------------------------------------------------------

def proposals_recount_for_locality(*, locality: str, actor=None,
                                   chunk_size: int | None = None) -> int:
    """The closure listener (workcal CLOSURE_LISTENERS): recount the response due dates
    of the proposals awaiting a response at agencies in `locality` after a closure there
    was recorded or corrected (records.recount). Returns how many moved."""
    return recount.recount_open_in_locality(
        what="proposals", model=Proposal, open_states={State.REACHED}, locality=locality,
        recount_chunk=_recount_chunk, actor=actor, chunk_size=chunk_size)


def _recount_chunk(ids, *, locality: str, actor) -> int:
    # Few proposals await a response at a time: one save and event each is enough.
    proposals = recount.open_in_locality(Proposal, {State.REACHED}, locality).filter(
        pk__range=(ids[0], ids[-1])).select_for_update(of=("self",)).select_related(
        "organisation").order_by("pk")
    moved = 0
    for proposal in proposals:
        months = rules.RESPONSE_MONTHS + (rules.EXTENSION_MONTHS if proposal.extended_at else 0)
        due = response_due_on(proposal, months=months)
        if due == proposal.response_due_on:
            continue
        before = _summary(proposal)
        proposal.response_due_on = due
        _change(proposal, action=actions.PROPOSAL_DUE_DATE_RECALCULATED, actor=actor,
                from_state=proposal.state, before=before, data={"locality": locality})
        moved += 1
    return moved
