"""Participation in a signed-in citizen's "my records" and data export
(minfu.citizens.sources): comments on consultations, proposals made and co-signed, polls
voted in, co-design session registrations.

Taking part needs no account, so none of this is linked to the account when it is made:
it belongs to the participants of the account's proved addresses (found by the same
hash as verification finds them, so what the citizen did after verifying by code
counts too), and to the comments and proposals claimed with their number and access
code. Only proved addresses count (citizens.selectors.proved_addresses): an address
merely typed into the account would show someone else's votes. The list never shows a
poll choice; the export, the citizen's own data, does."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minfu.citizens.selectors import proved_addresses
from minfu.citizens.sources import CitizenRecordSource, MyRecord, public_history
from minfu.core.errors import ValidationFailed
from minfu.participation.kind import COMMENT
from minfu.participation.models import (
    Ballot,
    Comment,
    Participant,
    Proposal,
    ProposalSignature,
    Registration,
)
from minfu.participation.models.proposals import ProposalState
from minfu.participation.models.sessions import RegistrationStatus, SessionState
from minfu.participation.proposals_kind import PROPOSAL
from minfu.participation.verification import address_parse


def _participant_ids(citizen) -> list[int]:
    hashes = []
    for address in proved_addresses(citizen):
        try:
            hashes.append(address_parse(address).hash)
        except ValidationFailed:  # not an address a participant could verify
            continue
    return list(Participant.objects.filter(address_hash__in=hashes)
                .values_list("pk", flat=True))


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# ----- comments on consultations --------------------------------------------------------

def _comments(citizen, linked):
    return (Comment.objects
            .filter(Q(participant_id__in=_participant_ids(citizen))
                    | Q(pk__in=linked.get(COMMENT.code, ())))
            .select_related("consultation", "section", "parent", "participant"))


def _comment_state(comment: Comment) -> str:
    if comment.answer:
        return gettext("%(state)s; answered by the agency") % {
            "state": comment.get_state_display()}
    return comment.get_state_display()


def _comment_rows(citizen, linked):
    return [MyRecord(
        source="participation_comments", number=comment.number,
        title=comment.consultation.title, state=_comment_state(comment),
        filed_at=comment.created_at,
        due=comment.answer_due_on if comment.answered_at is None else None,
        url=COMMENT.progress_url(comment), kind=COMMENT.code, record_id=comment.pk,
    ) for comment in _comments(citizen, linked)]


def _comment_export(citizen, linked):
    return [{
        "number": comment.number, "consultation": comment.consultation.title,
        "section": comment.section.heading if comment.section else None,
        "reply_to": comment.parent.number if comment.parent else None,
        "participant": comment.participant.masked, "text": comment.body,
        "state": comment.state, "created_at": _iso(comment.created_at),
        "hidden_reason": comment.hidden_reason or None,
        "hidden_note": comment.hidden_note or None,
        "answer": comment.answer or None, "answered_at": _iso(comment.answered_at),
        "agency_response": comment.verdict or None,
        "answer_due_on": _iso(comment.answer_due_on),
        "history": public_history(COMMENT, comment),
    } for comment in _comments(citizen, linked)]


# ----- proposals made -------------------------------------------------------------------

def _proposals(citizen, linked):
    return (Proposal.objects
            .filter(Q(proposer_id__in=_participant_ids(citizen))
                    | Q(pk__in=linked.get(PROPOSAL.code, ())))
            .select_related("organisation", "proposer"))


def _proposal_url(proposal: Proposal, linked) -> str | None:
    """A claimed proposal opens as for its access code (any state); any other on its
    public page, which one still being screened does not have yet."""
    if proposal.pk in linked.get(PROPOSAL.code, ()):
        return reverse("citizens:record-open",
                       kwargs={"kind": PROPOSAL.code, "record_id": proposal.pk})
    if proposal.state == ProposalState.SUBMITTED:
        return None
    return reverse("participation:proposal-detail", kwargs={"pk": proposal.pk})


def _proposal_rows(citizen, linked):
    return [MyRecord(
        source="participation_proposals", number=proposal.number, title=proposal.title,
        state=proposal.get_state_display(), filed_at=proposal.submitted_at,
        due=proposal.response_due_on if proposal.closed_at is None else None,
        url=_proposal_url(proposal, linked), kind=PROPOSAL.code, record_id=proposal.pk,
    ) for proposal in _proposals(citizen, linked)]


def _proposal_export(citizen, linked):
    return [{
        "number": proposal.number, "agency": proposal.organisation.name_zh,
        "title": proposal.title, "text": proposal.text,
        "service": proposal.service_name or None, "proposer": proposal.proposer.masked,
        "state": proposal.state, "submitted_at": _iso(proposal.submitted_at),
        "co_signatures": proposal.signature_count, "co_signers_needed": proposal.threshold,
        "co_signing_closes_on": _iso(proposal.signing_closes_on),
        "response_due_on": _iso(proposal.response_due_on),
        "outcome": proposal.outcome or None, "response": proposal.response_text or None,
        "responded_at": _iso(proposal.responded_at), "closed_at": _iso(proposal.closed_at),
        "history": public_history(PROPOSAL, proposal),
    } for proposal in _proposals(citizen, linked)]


# ----- proposals co-signed --------------------------------------------------------------

def _signatures(citizen):
    return (ProposalSignature.objects.filter(participant_id__in=_participant_ids(citizen))
            .select_related("proposal", "participant"))


def _signature_rows(citizen, linked):
    return [MyRecord(
        source="participation_signatures", number=signature.proposal.number,
        title=signature.proposal.title,
        state=(gettext("Co-signature withdrawn") if signature.withdrawn_at
               else signature.proposal.get_state_display()),
        filed_at=signature.signed_at,
        url=reverse("participation:proposal-detail", kwargs={"pk": signature.proposal_id}),
    ) for signature in _signatures(citizen)]


def _signature_export(citizen, linked):
    return [{
        "proposal": signature.proposal.number, "title": signature.proposal.title,
        "proposal_state": signature.proposal.state, "participant": signature.participant.masked,
        "signed_at": _iso(signature.signed_at), "withdrawn_at": _iso(signature.withdrawn_at),
    } for signature in _signatures(citizen)]


# ----- polls ----------------------------------------------------------------------------

def _ballots(citizen):
    return (Ballot.objects.filter(participant_id__in=_participant_ids(citizen))
            .select_related("poll", "participant").prefetch_related("options"))


def _ballot_rows(citizen, linked):
    """Which poll and when, never the choice."""
    return [MyRecord(
        source="participation_votes", number="", title=ballot.poll.title,
        state=gettext("Voted"), filed_at=ballot.created_at,
        url=reverse("participation:public-poll", kwargs={"pk": ballot.poll_id}),
    ) for ballot in _ballots(citizen)]


def _ballot_export(citizen, linked):
    return [{
        "poll": ballot.poll.title, "question": ballot.poll.question,
        "participant": ballot.participant.masked, "voted_at": _iso(ballot.created_at),
        "choices": [option.text for option in
                    sorted(ballot.options.all(), key=lambda option: option.position)],
    } for ballot in _ballots(citizen)]


# ----- co-design sessions ---------------------------------------------------------------

def _registrations(citizen):
    return (Registration.objects.filter(participant_id__in=_participant_ids(citizen))
            .select_related("session", "participant"))


def _registration_state(registration: Registration) -> str:
    if registration.attended is not None:
        return gettext("Attended") if registration.attended else gettext("Did not come")
    if (registration.session.state == SessionState.CANCELLED
            and registration.status != RegistrationStatus.CANCELLED):
        return gettext("Session cancelled")
    return registration.get_status_display()


def _registration_rows(citizen, linked):
    rows = []
    for registration in _registrations(citizen):
        session = registration.session
        upcoming = (session.state == SessionState.SCHEDULED
                    and registration.status != RegistrationStatus.CANCELLED)
        rows.append(MyRecord(
            source="participation_sessions", number="", title=session.title,
            state=_registration_state(registration), filed_at=registration.registered_at,
            due=timezone.localdate(session.starts_at) if upcoming else None,
            url=reverse("participation:session-detail", kwargs={"pk": session.pk})))
    return rows


def _registration_export(citizen, linked):
    return [{
        "session": registration.session.title_zh, "starts_at": _iso(registration.session.starts_at),
        "place": registration.session.place or None, "session_state": registration.session.state,
        "participant": registration.participant.masked, "name": registration.name or None,
        "status": registration.status, "registered_at": _iso(registration.registered_at),
        "given_a_place_at": _iso(registration.promoted_at),
        "cancelled_at": _iso(registration.cancelled_at), "attended": registration.attended,
    } for registration in _registrations(citizen)]


SOURCES = [
    CitizenRecordSource(code="participation_comments", label=_("Comments on consultations"),
                        rows=_comment_rows, export=_comment_export, order=50),
    CitizenRecordSource(code="participation_proposals", label=_("Proposals you made"),
                        rows=_proposal_rows, export=_proposal_export, order=52),
    CitizenRecordSource(code="participation_signatures", label=_("Proposals you co-signed"),
                        rows=_signature_rows, export=_signature_export, order=54),
    CitizenRecordSource(code="participation_votes", label=_("Polls you voted in"),
                        rows=_ballot_rows, export=_ballot_export, order=56),
    CitizenRecordSource(code="participation_sessions",
                        label=_("Co-design sessions you registered for"),
                        rows=_registration_rows, export=_registration_export, order=58),
]
