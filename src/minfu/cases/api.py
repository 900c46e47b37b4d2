"""REST API of applications: thin DRF views with explicit serializers. `routes` is read
by minfu.api.urls, which mounts them under /api/v1/cases/.

- `cases/applications`: staff (token or session), scoped like the pages: list (filters
  `state`, `channel`, `service_type`, `mine`), detail, counter/mail intake (`POST`, with an
  `Idempotency-Key` header: a retried request returns the same case with 200 instead of
  201, and no access code), and one `POST .../<step>/` per step of `minfu.cases.steps`,
  each with the `expected_version` the client read (a stale one is 409).
- `cases/lookup`: public progress lookup; `POST` the number and access code. A wrong
  pair is 404 whether or not the number exists; too many tries per client are 429 with
  `Retry-After`.
Errors are {"error": {"code", "message", "details"}} (minfu.api.errors)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from minfu.cases import selectors, services, workflow
from minfu.cases.kind import APPLICATION
from minfu.cases.models import Case, CaseState
from minfu.cases.steps import STEPS
from minfu.catalog.models import ApplicantKind, Channel
from minfu.catalog.selectors import versions_for
from minfu.core.api import IDEMPOTENCY_PARAMETER, created_or_repeated, idempotency_key, read_input
from minfu.core.errors import NotFound
from minfu.core.exports import file_download
from minfu.core.models import pick_language
from minfu.org.api_permissions import StaffReadViewSet
from minfu.records.api import KindLookupViewSet
from minfu.records.serializers import (
    AssistanceSerializer,
    RecordListFilter,
    TimelineEntryOutput,
    TimelineField,
)
from minfu.records.step_api import add_step_routes
from minfu.records.timeline import timeline

# Output ---------------------------------------------------------------------------------


class CaseApplicantOutput(serializers.Serializer):
    kind = serializers.CharField(source="applicant_kind")
    name = serializers.CharField(source="applicant_name")
    id_number = serializers.CharField(source="applicant_id_number")
    email = serializers.CharField(source="contact_email")
    phone = serializers.CharField(source="contact_phone")
    language = serializers.CharField()


class CaseAnswerChoiceOutput(serializers.Serializer):
    code = serializers.CharField()
    label_zh = serializers.CharField()
    label_en = serializers.CharField()


class CaseAnswerOutput(serializers.Serializer):
    kind = serializers.CharField()
    label_zh = serializers.CharField(help_text="The question as it was asked.")
    label_en = serializers.CharField()
    value = serializers.JSONField(help_text="Normalised: text, integer, ISO date, choice "
                                            "code, list of choice codes or boolean.")
    choices = CaseAnswerChoiceOutput(many=True, required=False,
                                     help_text="The chosen options, with their labels.")


def _answers_field():
    return extend_schema_field(serializers.DictField(
        child=CaseAnswerOutput(),
        help_text="Answers to the service's own questions, keyed by question code."))


class CaseOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    state = serializers.ChoiceField(choices=CaseState.choices)
    organisation = serializers.CharField(source="organisation.code")
    unit = serializers.CharField(source="unit.code")
    service_type = serializers.CharField(source="service_type_version.service_type.code")
    service_version_id = serializers.IntegerField(source="service_type_version_id")
    service_name_zh = serializers.CharField(source="service_type_version.name_zh")
    service_name_en = serializers.CharField(source="service_type_version.name_en")
    channel = serializers.ChoiceField(choices=Channel.choices)
    applicant = CaseApplicantOutput(source="*")
    received_at = serializers.DateTimeField()
    legal_due_date = serializers.DateField(allow_null=True)
    legal_due_at = serializers.DateTimeField(allow_null=True)
    norm_due_date = serializers.DateField(allow_null=True)
    assigned_officer = serializers.CharField(source="assigned_officer.username",
                                             allow_null=True, default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    expected_version = serializers.IntegerField(
        source="version", help_text="Send it back as `expected_version` with a step.")
    allowed_actions = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    assistance = AssistanceSerializer(read_only=True, help_text=(
        "The assistance needs the applicant declared (records.assistance)."))
    received_by = serializers.CharField(
        source="received_by.code", allow_null=True, default=None,
        help_text="Cross-agency intake: the code of the agency whose counter received it.")

    def get_allowed_actions(self, case) -> list[str]:
        return sorted(workflow.MACHINE.allowed_steps(case.state))

    @_answers_field()
    def get_answers(self, case):
        return case.answers or {}


class CaseDocumentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    checklist_item_id = serializers.IntegerField(source="required_document_id",
                                                 allow_null=True)
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    on_paper = serializers.BooleanField(help_text="An original checked at the counter; "
                                                  "no file is stored.")
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True,
                                        default=None)
    uploaded_by_kind = serializers.CharField()
    received_at = serializers.DateTimeField()


class CaseNoticeItemOutput(serializers.Serializer):
    document_id = serializers.IntegerField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    note = serializers.CharField()


class CaseNoticeOutput(serializers.Serializer):
    sequence = serializers.IntegerField()
    items = CaseNoticeItemOutput(many=True)
    note = serializers.CharField()
    supplement_due_date = serializers.DateField()
    reason_for_repeat = serializers.CharField()
    issued_at = serializers.DateTimeField()


class CaseDetailOutput(CaseOutput):
    deficiency_notices = CaseNoticeOutput(many=True, source="deficiency_notices.all")
    documents = CaseDocumentOutput(
        many=True, source="documents.all",
        help_text="Download a file at documents/<id>/ (each download is audited).")
    timeline = TimelineField()


class CaseSubmitOutput(CaseOutput):
    access_code = serializers.CharField(
        allow_null=True, help_text="Shown once, on the first (201) answer; null on a retry.")
    visible_to_you = serializers.SerializerMethodField(
        help_text="False when the case went to a unit whose cases you do not see (counter "
                  "intake for another unit): it is received and its receipt sent, but it is "
                  "not in your lists and its detail answers 404 to you.")

    def get_visible_to_you(self, case) -> bool:
        return self.context["visible_to_you"]


class CaseLookupOutput(serializers.Serializer):
    number = serializers.CharField()
    state = serializers.ChoiceField(choices=CaseState.choices)
    state_label = serializers.CharField()
    service_name = serializers.CharField()
    received_at = serializers.DateTimeField()
    legal_due_date = serializers.DateField(allow_null=True)
    awaiting_documents = CaseNoticeOutput(allow_null=True,
                                      help_text="The open deficiency notice, if any.")
    timeline = TimelineEntryOutput(many=True)
    answers = serializers.SerializerMethodField()

    @_answers_field()
    def get_answers(self, body):
        return body["answers"]


# Input ----------------------------------------------------------------------------------

class CaseSubmitInput(serializers.Serializer):
    service_version = serializers.IntegerField(help_text="Service type version id.")
    on_behalf_of_unit = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="Unit id receiving the case, when not the service's responsible unit.")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.COUNTER)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    applicant_kind = serializers.ChoiceField(choices=ApplicantKind.choices)
    applicant_name = serializers.CharField(max_length=200)
    applicant_id_number = serializers.CharField(max_length=10)
    assistance = AssistanceSerializer(required=False, help_text=(
        "Assistance needs the applicant declared: sign language, interpreter..."))
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                          default="")
    language = serializers.CharField(max_length=10, required=False, allow_blank=True,
                                     default="")
    consent = serializers.BooleanField()
    answers = serializers.DictField(
        required=False, default=dict,
        help_text="Answers to the version's questions, keyed by question code; checked and "
                  "normalised like the forms' (errors come as details `answers.<code>`).")
    paper_items = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list,
        help_text="Checklist item ids whose originals were checked at the counter "
                  "(no scan).")


class CaseAssignInput(serializers.Serializer):
    officer = serializers.CharField(help_text="Username of the officer.")


# Views ----------------------------------------------------------------------------------



class CaseListFilter(RecordListFilter):
    state = serializers.ChoiceField(
        choices=[selectors.OPEN_FILTER, *CaseState.values], required=False,
        help_text="One state, or `open`: every state still waiting for a decision.")
    channel = serializers.ChoiceField(choices=Channel.values, required=False)
    service_type = serializers.IntegerField(required=False, source="service_type_id",
                                            help_text="Service type id.")
    mine = serializers.BooleanField(required=False, help_text="Only the cases assigned to me.")


@extend_schema_view(list=extend_schema(parameters=[CaseListFilter]))
class StaffCaseViewSet(StaffReadViewSet):
    """The applications the user may see, earliest legal due date first."""

    serializer_class = CaseOutput
    detail_serializer_class = CaseDetailOutput
    filter_class = CaseListFilter
    filter_type = selectors.QueueFilter
    list_for = selectors.workbench_queue
    get_for = selectors.case_get_for

    @extend_schema(
        request=CaseSubmitInput,
        parameters=[IDEMPOTENCY_PARAMETER],
        responses={201: CaseSubmitOutput, 200: CaseSubmitOutput})
    def create(self, request):
        """Key an application received at the counter or by mail."""
        data = read_input(CaseSubmitInput, request)
        version = (versions_for(request.user).filter(pk=data["service_version"]).first()
                   or selectors.counter_services_for(request.user, timezone.localdate())
                   .filter(pk=data["service_version"]).first())
        if version is None:
            raise NotFound(_("No such service."))
        unit = None
        if data["on_behalf_of_unit"] is not None:
            unit = selectors.intake_units_for(request.user).filter(
                pk=data["on_behalf_of_unit"]).first()
            if unit is None:
                raise NotFound(_("No such unit."))
        case, code = services.case_submit(
            received_by=selectors.cross_agency_receiver(request.user, version),
            organisation=unit.organisation if unit else version.service_type.organisation,
            channel=data["channel"], consent_given=data["consent"],
            service_type_version=version, actor=request.user, on_behalf_of_unit=unit,
            idempotency_key=idempotency_key(request, caller=request.user.pk),
            received_at=_received_at(data["received_on"]), answers=data["answers"],
            paper_items=data["paper_items"],
            applicant=services.Applicant(
                kind=data["applicant_kind"], name=data["applicant_name"],
                id_number=data["applicant_id_number"], email=data["contact_email"],
                phone=data["contact_phone"], language=data["language"],
                assistance=AssistanceSerializer.value(data.get("assistance"))))
        # The answer describes the case just keyed even when another unit handles it and
        # the officer will not see it again: it exists and the receipt went out.
        body = CaseSubmitOutput(case, context={
            "visible_to_you": selectors.may_see_case(request.user, case)}).data
        body["access_code"] = code
        return created_or_repeated(body, created=bool(code))

    @extend_schema(request=None, responses={
        (200, "application/octet-stream"): OpenApiTypes.BINARY,
        404: OpenApiResponse(description="No such file on this application.")})
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<document_id>\d+)")
    def document(self, request, pk=None, document_id=None):
        """Download a file of the application (audited as cases.document_viewed)."""
        case = self.get_object()
        found = selectors.case_document_for(case, document_id)
        services.case_document_viewed(case=case, document=found, actor=request.user)
        return file_download(found)

    @extend_schema(request=CaseAssignInput, responses={200: CaseOutput})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """Assign the case to an officer (needs cases.reassign)."""
        case = self.get_object()
        self.require(services.REASSIGN, unit=case.unit)
        data = read_input(CaseAssignInput, request)
        officer = selectors.assignable_officers(request.user).filter(
            username=data["officer"]).first()
        if officer is None:
            raise NotFound(_("No such officer."))
        services.case_assign(cases=[case], officer=officer, actor=request.user)
        return Response(CaseOutput(selectors.case_get_for(request.user, pk)).data)


# One POST .../<step>/ per step declared in minfu.cases.steps.
add_step_routes(StaffCaseViewSet, STEPS, output=CaseOutput)


def _received_at(day: dt.date | None) -> dt.datetime | None:
    if day is None or day == timezone.localdate():
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


class LookupViewSet(KindLookupViewSet):
    """Public progress lookup of an application by its number and access code."""

    record_kind = APPLICATION
    not_found = _("No application matches this number and access code.")
    serializer_class = CaseLookupOutput

    def answer(self, record) -> dict:
        return CaseLookupOutput(_lookup_body(selectors.case_for_applicant(record.pk))).data


def _lookup_body(case: Case) -> dict:
    open_notice = None
    if case.state == workflow.State.AWAITING_SUPPLEMENT:
        open_notice = case.deficiency_notices.order_by("-sequence").first()
    return {
        "number": case.number, "state": case.state,
        "state_label": str(CaseState(case.state).label),
        "service_name": pick_language(case.service_type_version.name_zh,
                                      case.service_type_version.name_en),
        "received_at": case.received_at, "legal_due_date": case.legal_due_date,
        "awaiting_documents": open_notice,
        "timeline": timeline(case, public=True),
        "answers": case.answers or {},
    }


class HandoverOutput(serializers.Serializer):
    """What both sides of a cross-agency hand-over see: the application as received."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    service_name_zh = serializers.CharField(source="service_type_version.name_zh")
    service_name_en = serializers.CharField(source="service_type_version.name_en")
    owner = serializers.CharField(source="organisation.code",
                                  help_text="The agency that owns the service and handles it.")
    received_by = serializers.CharField(source="received_by.code",
                                        help_text="The agency whose counter received it.")
    received_at = serializers.DateTimeField()
    applicant_name = serializers.CharField()
    assistance = AssistanceSerializer(read_only=True)


class HandoverViewSet(StaffReadViewSet):
    """Cross-agency intake (跨機關通辦): the applications the user's agencies received for
    other agencies, latest first; one of them, also for the owner. Nothing of the owner's
    handling since."""

    serializer_class = HandoverOutput
    list_for = selectors.handovers_for
    get_for = selectors.handover_get_for


routes: list = [
    ("applications", StaffCaseViewSet, "cases-application"),
    ("handovers", HandoverViewSet, "cases-handover"),
    ("lookup", LookupViewSet, "cases-lookup"),
]
