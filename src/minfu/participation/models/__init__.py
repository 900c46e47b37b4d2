"""The participation app's tables, one module per area; each is imported here so that
Django finds its models."""

from minfu.participation.models.participants import Participant, ParticipantVerification
from minfu.participation.models.proposals import Proposal, ProposalEvent, ProposalSignature
from minfu.participation.models.sessions import Registration, Session, SessionDecision

__all__ = ["Participant", "ParticipantVerification",
           "Proposal", "ProposalEvent", "ProposalSignature",
           "Registration", "Session", "SessionDecision"]
