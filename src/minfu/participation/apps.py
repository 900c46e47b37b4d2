from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Public participation: verified participants, consultations, polls, co-signed
    proposals, co-design sessions, and what was adopted linked to the agency's plan
    (docs/participation.md)."""

    name = "minfu.participation"
    label = "participation"
    verbose_name = _("Public participation")

    def ready(self) -> None:
        # Each kind of activity tells verification how to find its title and agency;
        # proposals are a kind of citizen record with staff steps (records.kinds, .steps).
        from minfu.participation import activities, proposals_kind, proposals_steps  # noqa: F401
        from minfu.participation.proposals_services import proposals_recount_for_locality
        from minfu.workcal.services import CLOSURE_LISTENERS

        # A closure recounts the response due dates of proposals awaiting a response.
        if proposals_recount_for_locality not in CLOSURE_LISTENERS:
            CLOSURE_LISTENERS.append(proposals_recount_for_locality)
