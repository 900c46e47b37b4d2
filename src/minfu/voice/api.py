"""REST API of voice, under /api/v1/voice/. Thin DRF views with explicit serializers.

- `voice/petitions`: staff, scoped like the pages (mailbox cases only for designated
  readers): list (filters `view`, `kind`, `channel`, `category`, `state`), detail, record
  an oral/hotline/e-mail petition (`POST`, `Idempotency-Key` header), and one
  `POST .../<step>/` per step of `minfu.voice.steps` with the `expected_version` read
  (stale: 409).
- `voice/submit`: public web form (`POST`, `Idempotency-Key` header), limited per client
  address and per contact address named (voice.limits): 429 with Retry-After.
- `voice/lookup`: public progress by number and access code, rate-limited like
  applications (records.throttle): a wrong pair is 404, too many tries 429."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from minfu.core.api import IDEMPOTENCY_PARAMETER, created_or_repeated, idempotency_key, read_input
from minfu.core.client_ip import client_ip
from minfu.core.errors import NotFound
from minfu.org.api_permissions import StaffReadViewSet
from minfu.org.models import Organisation
from minfu.records.api import KindLookupViewSet
from minfu.records.serializers import (
    AssistanceSerializer,
    RecordListFilter,
    TimelineEntryOutput,
    TimelineField,
)
from minfu.records.step_api import add_step_routes
from minfu.records.timeline import timeline
from minfu.voice import limits, selectors, services, workflow
from minfu.voice.kind import PETITION
from minfu.voice.models import Kind, PetitionChannel, PetitionState
from minfu.voice.steps import STEPS

# Output ---------------------------------------------------------------------------------

class PetitionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    organisation = serializers.CharField(source="organisation.code")
    unit = serializers.CharField(source="unit.code", allow_null=True, default=None)
    category = serializers.CharField(source="category.code", allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=Kind.choices)
    channel = serializers.ChoiceField(choices=PetitionChannel.choices)
    state = serializers.ChoiceField(choices=PetitionState.choices)
    subject = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField()
    limit_value = serializers.IntegerField()
    limit_unit = serializers.CharField()
    extension_value = serializers.IntegerField(allow_null=True)
    assigned_officer = serializers.CharField(source="assigned_officer.username",
                                             allow_null=True, default=None)
    not_handled_ground = serializers.CharField()
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    transferred_to = serializers.CharField(source="transferred_to_name")
    replied_at = serializers.DateTimeField(allow_null=True)
    on_time = serializers.BooleanField(allow_null=True)
    expected_version = serializers.IntegerField(
        source="version", help_text="Send it back as `expected_version` with a step.")
    allowed_actions = serializers.SerializerMethodField()
    assistance = AssistanceSerializer(read_only=True, help_text=(
        "The assistance needs the petitioner declared (records.assistance)."))

    def get_allowed_actions(self, petition) -> list[str]:
        return sorted(workflow.MACHINE.allowed_steps(petition.state))


class PetitionDetailOutput(PetitionOutput):
    text = serializers.CharField()
    anonymous = serializers.BooleanField()
    petitioner_name = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_confirmed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the petitioner confirmed the contact address; until "
                                   "then it gets the receipt and no other notice.")
    language = serializers.CharField()
    timeline = TimelineField()


class VoiceSubmitOutput(serializers.Serializer):
    number = serializers.CharField()
    due_date = serializers.DateField()
    access_code = serializers.CharField(
        allow_null=True, help_text="Shown once, on the first (201) answer; null on a retry.")


class VoiceLookupOutput(serializers.Serializer):
    number = serializers.CharField()
    organisation = serializers.CharField()
    state = serializers.ChoiceField(choices=PetitionState.choices)
    state_label = serializers.CharField()
    subject = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_date = serializers.DateField()
    reply = serializers.CharField(allow_null=True)
    timeline = TimelineEntryOutput(many=True)


# Input ----------------------------------------------------------------------------------

class VoicePetitionerInput(serializers.Serializer):
    anonymous = serializers.BooleanField(default=False)
    name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    id_number = serializers.CharField(max_length=10, required=False, default="",
                                      allow_blank=True)
    email = serializers.EmailField(required=False, default="", allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, default="",
                                    allow_blank=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)


class VoiceSubmitInput(serializers.Serializer):
    organisation = serializers.CharField(help_text="Agency code.")
    kind = serializers.ChoiceField(choices=Kind.choices)
    category = serializers.CharField(required=False, default="", allow_blank=True,
                                     help_text="Category code of the agency.")
    subject = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=8000)
    petitioner = VoicePetitionerInput()
    assistance = AssistanceSerializer(required=False, help_text=(
        "Assistance needs the petitioner declared: sign language, easy-read replies..."))
    consent = serializers.BooleanField(default=False)


class VoicePublicSubmitInput(VoiceSubmitInput):
    mailbox = serializers.BooleanField(default=False,
                                       help_text="To the head-of-agency mailbox.")


class VoiceStaffRecordInput(VoiceSubmitInput):
    channel = serializers.ChoiceField(choices=sorted(services.STAFF_CHANNELS))




def _category(organisation, code: str):
    if not code:
        return None
    category = selectors.categories_for_organisation(organisation).filter(code=code).first()
    if category is None:
        raise NotFound(_("No such category."))
    return category


def _submit(data: dict, *, channel: str, request, actor=None):
    organisation = Organisation.objects.filter(code=data["organisation"].upper()).first()
    if organisation is None:
        raise NotFound(_("No such agency."))
    return services.petition_submit(
        organisation=organisation, kind=data["kind"], channel=channel,
        category=_category(organisation, data["category"]),
        petitioner=services.Petitioner(
            **data["petitioner"], assistance=AssistanceSerializer.value(data.get("assistance"))),
        subject=data["subject"],
        text=data["text"], consent_given=data["consent"], actor=actor,
        idempotency_key=idempotency_key(request,
                                        caller=actor.pk if actor is not None else "public"))


def _submitted(petition, code: str):
    body = VoiceSubmitOutput({"number": petition.number, "due_date": petition.due_date,
                              "access_code": code}).data
    return created_or_repeated(body, created=bool(code))


class PetitionListFilter(RecordListFilter):
    view = serializers.ChoiceField(
        choices=selectors.QueueView.ALL, required=False,
        help_text="`unit` (the default: my units' petitions), `mine`, `due_soon` or "
                  "`overdue`.")
    kind = serializers.ChoiceField(choices=Kind.values, required=False)
    channel = serializers.ChoiceField(choices=PetitionChannel.values, required=False)
    state = serializers.ChoiceField(choices=PetitionState.values, required=False)
    category = serializers.IntegerField(required=False, source="category_id",
                                        help_text="Category id.")


@extend_schema_view(list=extend_schema(parameters=[PetitionListFilter]))
class StaffPetitionViewSet(StaffReadViewSet):
    """The petitions the user may see, earliest due date first."""

    serializer_class = PetitionOutput
    detail_serializer_class = PetitionDetailOutput
    filter_class = PetitionListFilter
    filter_type = selectors.QueueFilter
    list_for = selectors.queue
    get_for = selectors.petition_get_for

    @extend_schema(request=VoiceStaffRecordInput, parameters=[IDEMPOTENCY_PARAMETER],
                   responses={201: VoiceSubmitOutput, 200: VoiceSubmitOutput})
    def create(self, request):
        """Record an oral, telephone or e-mail petition."""
        data = read_input(VoiceStaffRecordInput, request)
        petition, code = _submit(data, channel=data["channel"], request=request,
                                 actor=request.user)
        return _submitted(petition, code)


# One POST .../<step>/ per step declared in minfu.voice.steps.
add_step_routes(StaffPetitionViewSet, STEPS, output=PetitionOutput)


class PublicSubmitViewSet(viewsets.GenericViewSet):
    """Send a suggestion, complaint, petition, compliment or question."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = VoiceSubmitOutput

    @extend_schema(request=VoicePublicSubmitInput, auth=[], parameters=[IDEMPOTENCY_PARAMETER],
                   responses={
                       201: VoiceSubmitOutput, 200: VoiceSubmitOutput,
                       429: OpenApiResponse(description=(
                           "Too many petitions from this client (`too_many_submissions`) or "
                           "naming this e-mail address or telephone number "
                           "(`too_many_for_contact`); see Retry-After."))})
    def create(self, request):
        limits.petition_client_check(client_ip(request))
        data = read_input(VoicePublicSubmitInput, request)
        limits.petition_contacts_check(services.Petitioner(**data["petitioner"]))
        channel = PetitionChannel.MAILBOX if data["mailbox"] else PetitionChannel.WEB
        petition, code = _submit(data, channel=channel, request=request)
        return _submitted(petition, code)


class LookupViewSet(KindLookupViewSet):
    """Public progress lookup of a petition by its number and access code."""

    record_kind = PETITION
    not_found = _("No petition matches this number and access code.")
    serializer_class = VoiceLookupOutput

    def answer(self, record) -> dict:
        petition = selectors.petition_for_citizen(record.pk)
        reply = petition.replies.filter(approved_at__isnull=False).order_by(
            "-approved_at").first()
        return VoiceLookupOutput({
            "number": petition.number, "organisation": petition.organisation.name,
            "state": petition.state, "state_label": str(PetitionState(petition.state).label),
            "subject": petition.subject, "received_at": petition.received_at,
            "due_date": petition.due_date, "reply": reply.text if reply else None,
            "timeline": timeline(petition, public=True)}).data


routes: list = [
    ("petitions", StaffPetitionViewSet, "voice-petition"),
    ("submit", PublicSubmitViewSet, "voice-submit"),
    ("lookup", LookupViewSet, "voice-lookup"),
]
