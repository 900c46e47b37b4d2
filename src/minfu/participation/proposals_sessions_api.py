"""The API of co-signed proposals and co-design sessions (appended to the participation
app's routes in api.py): the public lists, the staff's scoped proposals with one
`POST .../<step>/` per step (proposals_steps), the staff's sessions, and the proposer's
lookup by number and access code. Co-signing and registration need a verified address,
proved in the browser (verification), so they are pages only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from minfu.org.api_permissions import StaffReadViewSet
from minfu.participation import proposals_selectors, sessions_selectors
from minfu.participation.models.proposals import Proposal, ResponseOutcome, ScreeningReason
from minfu.participation.models.sessions import Session
from minfu.participation.proposals_kind import PROPOSAL
from minfu.participation.proposals_steps import STEPS
from minfu.participation.proposals_workflow import PUBLIC_STATES
from minfu.records.api import KindLookupViewSet, LookupInput
from minfu.records.step_api import add_step_routes
from minfu.records.timeline import timeline


class ProposalOutput(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")
    proposer = serializers.CharField(source="proposer.masked",
                                     help_text="The proposer's address, masked.")
    answered_on_time = serializers.BooleanField(allow_null=True)
    # Blank until screened or answered: the schema must admit "" beside the choices.
    screening_reason = serializers.ChoiceField(choices=ScreeningReason.choices, allow_blank=True)
    outcome = serializers.ChoiceField(choices=ResponseOutcome.choices, allow_blank=True)

    class Meta:
        model = Proposal
        fields = ["id", "number", "organisation", "state", "title", "text", "service_name",
                  "proposer", "submitted_at", "threshold", "signing_days", "signing_opened_on",
                  "signing_closes_on", "signature_count", "threshold_reached_on",
                  "response_due_on", "extension_reason", "outcome", "response_text",
                  "responded_at", "answered_on_time", "screening_reason", "merged_into",
                  "version"]
        read_only_fields = fields  # an answer, never an input (no validators, no limits)


class SessionOutput(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code")
    confirmed = serializers.IntegerField(source="confirmed_count")
    waiting = serializers.IntegerField(source="waiting_count")
    decisions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="text_zh")
    online_url = serializers.CharField(help_text="The meeting's address; blank for a session "
                                                 "held only in person.")

    class Meta:
        model = Session
        fields = ["id", "organisation", "format", "title_zh", "title_en", "description_zh",
                  "description_en", "starts_at", "ends_at", "place", "online_url", "capacity",
                  "confirmed", "waiting", "state", "minutes", "decisions", "version"]
        read_only_fields = fields  # an answer, never an input


class StaffSessionOutput(SessionOutput):
    attended = serializers.IntegerField(source="attended_count")

    class Meta(SessionOutput.Meta):
        fields = [*SessionOutput.Meta.fields, "attended", "published"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(auth=[], parameters=[
        OpenApiParameter("state", str, enum=[s.value for s in PUBLIC_STATES])]),
    retrieve=extend_schema(auth=[]))
class PublicProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """Proposals past screening, newest first."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = ProposalOutput

    def get_queryset(self):
        return proposals_selectors.public_proposals(
            state=self.request.query_params.get("state", ""))


class StaffProposalViewSet(StaffReadViewSet):
    """The proposals the user may see, earliest response due date first."""

    serializer_class = ProposalOutput
    get_for = proposals_selectors.proposal_get_for

    def get_queryset(self):
        return proposals_selectors.proposals_for(self.request.user).order_by(
            "response_due_on", "-submitted_at")


add_step_routes(StaffProposalViewSet, STEPS, output=ProposalOutput)


@extend_schema_view(list=extend_schema(auth=[]), retrieve=extend_schema(auth=[]))
class PublicSessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """Published co-design sessions still to come."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = SessionOutput

    def get_queryset(self):
        return sessions_selectors.public_sessions(upcoming=True)


class StaffSessionViewSet(StaffReadViewSet):
    """The co-design sessions the user may see, the latest first."""

    serializer_class = StaffSessionOutput
    list_for = sessions_selectors.sessions_for
    get_for = sessions_selectors.session_get_for


class ProposalLookupOutput(serializers.Serializer):
    number = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    title = serializers.CharField()
    signature_count = serializers.IntegerField()
    response_due_on = serializers.DateField(allow_null=True)
    response_text = serializers.CharField()
    timeline = serializers.ListField(child=serializers.DictField())


class ProposalLookupViewSet(KindLookupViewSet):
    """The proposer's lookup of a proposal by its number and access code."""

    record_kind = PROPOSAL
    not_found = _("No proposal matches this number and access code.")
    serializer_class = ProposalLookupOutput

    @extend_schema(request=LookupInput, auth=[], responses={
        200: ProposalLookupOutput,
        404: OpenApiResponse(description="No proposal with this number and code."),
        429: OpenApiResponse(description="Too many lookups; see Retry-After."),
    })
    def create(self, request):
        return super().create(request)

    def answer(self, record) -> dict:
        proposal = proposals_selectors.proposal_for_proposer(record.pk)
        return ProposalLookupOutput({
            "number": proposal.number, "state": proposal.state,
            "state_label": proposal.get_state_display(), "title": proposal.title,
            "signature_count": proposal.signature_count,
            "response_due_on": proposal.response_due_on,
            "response_text": proposal.response_text,
            "timeline": timeline(proposal, public=True)}).data


routes: list = [
    ("proposals", PublicProposalViewSet, "participation-proposal"),
    ("staff/proposals", StaffProposalViewSet, "participation-staff-proposal"),
    ("proposal-lookup", ProposalLookupViewSet, "participation-proposal-lookup"),
    ("sessions", PublicSessionViewSet, "participation-session"),
    ("staff/sessions", StaffSessionViewSet, "participation-staff-session"),
]
