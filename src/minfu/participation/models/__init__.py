"""The participation app's tables, one module per area; each is imported here so that
Django finds its models."""

from minfu.participation.models.consultations import (
    AbuseReport,
    Attachment,
    Comment,
    CommentEvent,
    CommentState,
    Consultation,
    HiddenReason,
    Moderation,
    Section,
    Verdict,
)
from minfu.participation.models.participants import Participant, ParticipantVerification
from minfu.participation.models.polls import Ballot, Poll, PollOption
from minfu.participation.models.proposals import Proposal, ProposalEvent, ProposalSignature
from minfu.participation.models.results import ResultLink
from minfu.participation.models.sessions import Registration, Session, SessionDecision

__all__ = [
    "AbuseReport", "Attachment", "Ballot", "Comment", "CommentEvent", "CommentState",
    "Consultation", "HiddenReason", "Moderation", "Participant", "ParticipantVerification",
    "Poll", "PollOption", "ResultLink", "Section", "Verdict",
    "Proposal", "ProposalEvent", "ProposalSignature",
    "Registration", "Session", "SessionDecision",
]
