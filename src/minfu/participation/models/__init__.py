"""The participation app's tables, one module per area; each is imported here so that
Django finds its models."""

from minfu.participation.models.participants import Participant, ParticipantVerification

__all__ = ["Participant", "ParticipantVerification"]
