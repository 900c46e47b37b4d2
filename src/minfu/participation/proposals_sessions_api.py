"""The API of co-signed proposals and co-design sessions (appended to the participation
app's routes in api.py). Each write calls the service the pages call (proposals_services,
sessions_services), so the rules are the pages' rules.

Public, no sign-in; a write carries the `participation_token` that
`verifications/confirm/` answers for its activity, as comments and votes do:
- `proposal-agencies`: the agencies that take proposals, each with the `activity` to
  verify for ("proposal_new:<agency id>");
- `proposals`: proposals past screening. `POST proposals/` {organisation, participation_token,
  title, text, service_name} proposes: 201 with the number and, once, the access code (the
  receipt); repeat the `Idempotency-Key` header on a retry (200, the same proposal).
  `POST proposals/<id>/sign/` {participation_token for "proposal:<id>"} co-signs (one
  signature per address: signing again answers 200 with it), `.../withdraw/` takes it back;
  409 `signing_closed` outside the co-signing period;
- `sessions`: published sessions still to come. `POST sessions/<id>/register/`
  {participation_token for "session:<id>", name, waiting_list} gives a place or a place on
  the waiting list (registering again answers 200 with the registration; 409
  `session_full` only when `waiting_list` is false, `registration_closed` once it is
  closed); `.../cancel-registration/` gives the place back to the waiting list's head;
- `proposal-lookup`: the proposer's lookup by number and access code.
Staff, scoped like the pages: `staff/proposals` with one `POST .../<step>/` per step
(proposals_steps), `staff/sessions`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from minfu.core.api import (
    IDEMPOTENCY_PARAMETER,
    created_or_repeated,
    idempotency_key,
    read_input,
)
from minfu.core.errors import NotFound, ValidationFailed
from minfu.org.api_permissions import StaffReadViewSet
from minfu.org.models import Organisation
from minfu.participation import (
    proposals_selectors,
    proposals_services,
    sessions_selectors,
    sessions_services,
    verification,
)
from minfu.participation.models.proposals import (
    Proposal,
    ProposalState,
    ResponseOutcome,
    ScreeningReason,
)
from minfu.participation.models.sessions import Registration, RegistrationStatus, Session
from minfu.participation.proposals_activities import new_proposal_key, signing_key
from minfu.participation.proposals_forms import ProposalForm
from minfu.participation.proposals_kind import PROPOSAL
from minfu.participation.proposals_steps import STEPS
from minfu.participation.proposals_workflow import PUBLIC_STATES
from minfu.participation.sessions_activities import session_key
from minfu.participation.sessions_forms import RegistrationForm
from minfu.records import access
from minfu.records.api import KindLookupViewSet
from minfu.records.serializers import TimelineEntryOutput
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
    # The link itself goes only to those with a place (the registration's answer, staff).
    online = serializers.SerializerMethodField(help_text="Whether it is held online too.")

    class Meta:
        model = Session
        fields = ["id", "organisation", "format", "title_zh", "title_en", "description_zh",
                  "description_en", "starts_at", "ends_at", "place", "online", "capacity",
                  "confirmed", "waiting", "state", "minutes", "decisions", "version"]
        read_only_fields = fields  # an answer, never an input

    def get_online(self, session: Session) -> bool:
        return bool(session.online_url)


class StaffSessionOutput(SessionOutput):
    attended = serializers.IntegerField(source="attended_count")
    online_url = serializers.CharField(help_text="The meeting's address; blank for a session "
                                                 "held only in person.")

    class Meta(SessionOutput.Meta):
        fields = [*SessionOutput.Meta.fields, "online_url", "attended", "published"]
        read_only_fields = fields


# Citizens' writes -------------------------------------------------------------------

NOT_VERIFIED = OpenApiResponse(description="The `participation_token` is not valid for this "
                                           "activity (`not_verified`): verify first.")


class ProofInput(serializers.Serializer):
    participation_token = serializers.CharField(
        help_text="What verifications/confirm/ answered for this activity.")


_PROPOSAL_FORM = ProposalForm.base_fields


class ProposeInput(ProofInput):
    organisation = serializers.CharField(
        max_length=Organisation._meta.get_field("code").max_length,
        help_text="The agency's code (proposal-agencies); the token is for its activity.")
    title = serializers.CharField(max_length=_PROPOSAL_FORM["title"].max_length)
    text = serializers.CharField(max_length=_PROPOSAL_FORM["text"].max_length,
                                 help_text="At least 20 characters.")
    service_name = serializers.CharField(max_length=_PROPOSAL_FORM["service_name"].max_length,
                                         required=False, allow_blank=True, default="")


class ProposalCreatedOutput(ProposalOutput):
    access_code = serializers.CharField(
        allow_null=True, read_only=True,
        help_text="For following the proposal (proposal-lookup); shown once, null when a "
                  "retry found the proposal.")

    class Meta(ProposalOutput.Meta):
        fields = [*ProposalOutput.Meta.fields, "access_code"]
        read_only_fields = fields


class ProposalAgencyOutput(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    activity = serializers.SerializerMethodField(
        help_text="The activity to verify for before proposing to this agency.")

    def get_activity(self, organisation) -> str:
        return new_proposal_key(organisation)


class SignatureOutput(serializers.Serializer):
    proposal = serializers.IntegerField(source="proposal.pk")
    number = serializers.CharField(source="proposal.number")
    state = serializers.ChoiceField(source="proposal.state", choices=ProposalState.choices)
    signature_count = serializers.IntegerField(source="proposal.signature_count")
    threshold = serializers.IntegerField(source="proposal.threshold")
    signed = serializers.BooleanField(help_text="Whether the participant's co-signature counts.")
    signed_at = serializers.DateTimeField(allow_null=True)


class RegisterInput(ProofInput):
    name = serializers.CharField(max_length=RegistrationForm.base_fields["name"].max_length,
                                 required=False, allow_blank=True, default="",
                                 help_text="For the name badge; optional.")
    waiting_list = serializers.BooleanField(
        required=False, default=True,
        help_text="Join the waiting list when the session is full (the default); false "
                  "refuses instead (409 `session_full`).")


class RegistrationOutput(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=RegistrationStatus.choices,
                                     help_text="confirmed (a place), waiting or cancelled.")
    online_url = serializers.CharField(
        read_only=True, help_text="The meeting's address while the registration holds a place; blank "
                  "otherwise or for a session held only in person.")

    class Meta:
        model = Registration
        fields = ["session", "status", "name", "registered_at", "promoted_at", "cancelled_at",
                  "online_url"]
        read_only_fields = fields  # an answer, never an input


def _signature_answer(proposal: Proposal, signature) -> dict:
    """The participant's standing on the proposal, with its count as it is now."""
    return SignatureOutput({
        "proposal": proposals_selectors.public_proposal(proposal.pk),
        "signed": signature is not None,
        "signed_at": signature.signed_at if signature is not None else None}).data


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

    @extend_schema(auth=[], request=ProposeInput, parameters=[IDEMPOTENCY_PARAMETER],
                   responses={201: ProposalCreatedOutput, 200: ProposalCreatedOutput,
                              403: NOT_VERIFIED})
    def create(self, request):
        """Propose to an agency: the proposal waits for screening (not public until
        then); the answer is the receipt, its number and access code."""
        data = read_input(ProposeInput, request)
        organisation = proposals_selectors.organisation_by_code(data["organisation"])
        if organisation is None:
            message = _("No organisation has the code %(code)s.") % {
                "code": data["organisation"]}
            raise ValidationFailed(message, code="unknown_organisation",
                                   details={"organisation": [message]})
        participant = verification.participant_from_token(data["participation_token"],
                                                          new_proposal_key(organisation))
        proposal, code = proposals_services.proposal_submit(
            organisation=organisation, proposer=participant, title=data["title"],
            text=data["text"], service_name=data["service_name"],
            language=request.LANGUAGE_CODE,
            idempotency_key=idempotency_key(request, caller=f"p{participant.pk}"))
        body = ProposalCreatedOutput(proposal).data | {
            "access_code": access.display_code(code) if code is not None else None}
        return created_or_repeated(body, created=code is not None)

    def _signer(self, request):
        """The proposal (any past screening) and the participant the token proves for
        co-signing it."""
        proposal = proposals_selectors.public_proposal(self.kwargs["pk"])
        data = read_input(ProofInput, request)
        return proposal, verification.participant_from_token(data["participation_token"],
                                                             signing_key(proposal))

    @extend_schema(auth=[], request=ProofInput, responses={
        201: SignatureOutput, 200: SignatureOutput, 403: NOT_VERIFIED,
        409: OpenApiResponse(description="Not open for co-signing (`signing_closed`).")})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        """Co-sign: 201 for a new co-signature, 200 with the one there is (it never
        counts twice)."""
        proposal, participant = self._signer(request)
        already = proposals_selectors.signature_of(proposal, participant) is not None
        signature = proposals_services.proposal_sign(proposal=proposal,
                                                     participant=participant)
        return created_or_repeated(_signature_answer(proposal, signature), created=not already)

    @extend_schema(auth=[], request=ProofInput, responses={
        200: SignatureOutput, 403: NOT_VERIFIED,
        404: OpenApiResponse(description="No such proposal, or the participant never "
                                         "co-signed it (`no_signature`)."),
        409: OpenApiResponse(description="Co-signing is over: the co-signature stays "
                                         "counted (`signing_closed`).")})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a co-signature while co-signing is open; withdrawing again answers
        the same."""
        proposal, participant = self._signer(request)
        if proposals_selectors.signature_given(proposal, participant) is None:
            raise NotFound(_("You have not co-signed this proposal."), code="no_signature")
        proposals_services.signature_withdraw(proposal=proposal, participant=participant)
        return Response(_signature_answer(proposal, None))


@extend_schema_view(list=extend_schema(auth=[]))
class ProposalAgencyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The agencies that take proposals, with the activity to verify for."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = ProposalAgencyOutput

    def get_queryset(self):
        return proposals_selectors.organisations_taking_proposals()


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

    def _registrant(self, request, input_class):
        """The session (any published one), the input, and the participant the token
        proves for registering."""
        session = sessions_selectors.public_session(self.kwargs["pk"])
        data = read_input(input_class, request)
        return session, data, verification.participant_from_token(
            data["participation_token"], session_key(session))

    @extend_schema(auth=[], request=RegisterInput, responses={
        201: RegistrationOutput, 200: RegistrationOutput, 403: NOT_VERIFIED,
        409: OpenApiResponse(description="Registration is closed (`registration_closed`), "
                                         "or the session is full and `waiting_list` is "
                                         "false (`session_full`).")})
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        """Register: a place while there is one, else the waiting list (`status`
        waiting). 201 for a new registration, 200 with the one there is."""
        session, data, participant = self._registrant(request, RegisterInput)
        already = sessions_selectors.registration_of(session, participant) is not None
        registration = sessions_services.registration_create(
            session=session, participant=participant, name=data["name"],
            language=request.LANGUAGE_CODE, waiting_list=data["waiting_list"])
        return created_or_repeated(RegistrationOutput(registration).data, created=not already)

    @extend_schema(auth=[], request=ProofInput, responses={
        200: RegistrationOutput, 403: NOT_VERIFIED,
        404: OpenApiResponse(description="No such session, or the participant never "
                                         "registered for it (`no_registration`).")})
    @action(detail=True, methods=["post"], url_path="cancel-registration")
    def cancel_registration(self, request, pk=None):
        """Cancel a registration; the place goes to the waiting list's head. Cancelling
        again answers the same."""
        session, _data, participant = self._registrant(request, ProofInput)
        registration = (sessions_services.registration_cancel(session=session,
                                                              participant=participant)
                        or sessions_selectors.registration_made(session, participant))
        if registration is None:
            raise NotFound(_("You have not registered for this session."),
                           code="no_registration")
        return Response(RegistrationOutput(registration).data)


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
    timeline = TimelineEntryOutput(many=True)


class ProposalLookupViewSet(KindLookupViewSet):
    """The proposer's lookup of a proposal by its number and access code."""

    record_kind = PROPOSAL
    not_found = _("No proposal matches this number and access code.")
    serializer_class = ProposalLookupOutput

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
    ("proposal-agencies", ProposalAgencyViewSet, "participation-proposal-agency"),
    ("sessions", PublicSessionViewSet, "participation-session"),
    ("staff/sessions", StaffSessionViewSet, "participation-staff-session"),
]
