"""REST API of the catalogue: thin DRF views with explicit serializers. `routes` is read by
minfu.api.urls: (prefix, viewset, basename).

- `catalog/services`: the public catalogue, no sign-in: the version in force of every
  listed service type, with its documents;
- `catalog/service-types`: staff, the service types of the user's organisations; POST
  creates one with its first draft;
- `catalog/versions`: staff, every version of those service types; drafts may be changed
  (PUT/PATCH, with `lock_version`), published (`POST .../publish/`) and new drafts
  started (`POST .../new-draft/`).
Errors are {"error": {"code", "message", "details"}} (minfu.api.errors)."""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from minfu.catalog import questions, selectors, services
from minfu.catalog.models import (
    ApplicantKind,
    Channel,
    ClassificationTag,
    PeriodUnitChoices,
    QuestionKind,
    RequiredDocument,
    ServiceTypeVersion,
)
from minfu.catalog.periods import describe_period
from minfu.core.errors import NotFound, ValidationFailed
from minfu.core.models import INTEGER_MAX, INTEGER_MIN
from minfu.org.api_permissions import ScopedViewSetMixin
from minfu.org.models import Organisation, Unit
from minfu.org.selectors import organisations_for
from minfu.workcal.periods import MAX_VALUE as MAX_PERIOD

# Output ---------------------------------------------------------------------------------


class DocumentOutput(serializers.Serializer):
    order = serializers.IntegerField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    notes_zh = serializers.CharField()
    notes_en = serializers.CharField()
    requirement = serializers.CharField()
    condition_zh = serializers.CharField()
    condition_en = serializers.CharField()
    fetched_by_agency = serializers.BooleanField()


# A plain string, not a named enum: "kind" enums of other apps would collide in the schema.
KIND_HELP = ("The kind of answer: " + ", ".join(QuestionKind.values) + ".")


class ChoiceOutput(serializers.Serializer):
    code = serializers.CharField()
    label_zh = serializers.CharField()
    label_en = serializers.CharField(allow_blank=True)


class QuestionOutput(serializers.Serializer):
    position = serializers.IntegerField()
    code = serializers.CharField(help_text="Answers are sent and stored under this code.")
    kind = serializers.CharField(help_text=KIND_HELP)
    label_zh = serializers.CharField()
    label_en = serializers.CharField()
    help_zh = serializers.CharField()
    help_en = serializers.CharField()
    required = serializers.BooleanField()
    choices = ChoiceOutput(many=True)
    min_value = serializers.IntegerField(allow_null=True)
    max_value = serializers.IntegerField(allow_null=True)


class TagOutput(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()


class PeriodOutput(serializers.Serializer):
    value = serializers.IntegerField()
    unit = serializers.CharField()
    text = serializers.CharField(help_text="In words, in the request's language.")


def _period(value, unit):
    if value is None or not unit:
        return None
    version = ServiceTypeVersion(period_value=value, period_unit=unit)
    return {"value": value, "unit": unit,
            "text": describe_period(version.period, get_language())}


class VersionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    service_type_id = serializers.IntegerField()
    organisation = serializers.CharField(source="service_type.organisation.code")
    code = serializers.CharField(source="service_type.code")
    number = serializers.IntegerField()
    status = serializers.CharField()
    effective_from = serializers.DateField(allow_null=True)
    effective_to = serializers.DateField(allow_null=True)
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    description_zh = serializers.CharField()
    description_en = serializers.CharField()
    responsible_unit = serializers.CharField(source="responsible_unit.code")
    responsible_unit_name_zh = serializers.CharField(source="responsible_unit.name_zh")
    channels = serializers.ListField(child=serializers.CharField())
    applicant_kinds = serializers.ListField(child=serializers.CharField())
    legal_basis_zh = serializers.CharField()
    legal_basis_en = serializers.CharField()
    processing_period = serializers.SerializerMethodField()
    service_norm = serializers.SerializerMethodField()
    fee_amount = serializers.IntegerField(allow_null=True)
    fee_zh = serializers.CharField()
    fee_en = serializers.CharField()
    where_to_apply_zh = serializers.CharField()
    where_to_apply_en = serializers.CharField()
    topic_tag = TagOutput(allow_null=True)
    policy_tag = TagOutput(allow_null=True)
    service_tag = TagOutput(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    documents = DocumentOutput(many=True, source="documents.all")
    questions = QuestionOutput(many=True, source="questions.all",
                               help_text="The service's own questions on the application form.")

    @extend_schema_field(PeriodOutput)
    def get_processing_period(self, version):
        return _period(version.period_value, version.period_unit)

    @extend_schema_field(PeriodOutput(allow_null=True))
    def get_service_norm(self, version):
        return _period(version.norm_value, version.norm_unit)


class StaffVersionOutput(VersionOutput):
    lock_version = serializers.IntegerField(source="version",
                                            help_text="Send it back when you change the draft.")


# Input ----------------------------------------------------------------------------------

class DocumentInput(serializers.Serializer):
    name_zh = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    notes_zh = serializers.CharField(required=False, allow_blank=True, default="")
    notes_en = serializers.CharField(required=False, allow_blank=True, default="")
    requirement = serializers.ChoiceField(choices=RequiredDocument.Requirement.choices,
                                          default=RequiredDocument.Requirement.MANDATORY)
    condition_zh = serializers.CharField(required=False, allow_blank=True, default="")
    condition_en = serializers.CharField(required=False, allow_blank=True, default="")
    fetched_by_agency = serializers.BooleanField(default=False)


class ChoiceInput(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    label_zh = serializers.CharField(max_length=200)
    label_en = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     default="")


class QuestionInput(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    kind = serializers.CharField(max_length=20, help_text=KIND_HELP)
    label_zh = serializers.CharField(max_length=200)
    label_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    help_zh = serializers.CharField(required=False, allow_blank=True, default="")
    help_en = serializers.CharField(required=False, allow_blank=True, default="")
    required = serializers.BooleanField(default=True)
    choices = ChoiceInput(many=True, required=False, default=list)
    min_value = serializers.IntegerField(min_value=INTEGER_MIN, max_value=INTEGER_MAX,
                                         required=False, allow_null=True, default=None)
    max_value = serializers.IntegerField(min_value=INTEGER_MIN, max_value=INTEGER_MAX,
                                         required=False, allow_null=True, default=None)


class ContentInput(serializers.Serializer):
    """A draft's content; units and tags are given by code."""

    name_zh = serializers.CharField(max_length=200)
    name_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description_zh = serializers.CharField(required=False, allow_blank=True, default="")
    description_en = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_unit = serializers.CharField(help_text="Unit code within the organisation.")
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices),
                                     allow_empty=False)
    applicant_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=ApplicantKind.choices), allow_empty=False)
    legal_basis_zh = serializers.CharField(required=False, allow_blank=True, default="")
    legal_basis_en = serializers.CharField(required=False, allow_blank=True, default="")
    period_value = serializers.IntegerField(min_value=1, max_value=MAX_PERIOD)
    period_unit = serializers.ChoiceField(choices=PeriodUnitChoices.choices)
    norm_value = serializers.IntegerField(min_value=1, max_value=MAX_PERIOD, required=False,
                                          allow_null=True, default=None)
    norm_unit = serializers.ChoiceField(choices=PeriodUnitChoices.choices, required=False,
                                        allow_blank=True, default="")
    fee_amount = serializers.IntegerField(min_value=0, max_value=INTEGER_MAX, required=False,
                                          allow_null=True, default=None)
    fee_zh = serializers.CharField(required=False, allow_blank=True, default="")
    fee_en = serializers.CharField(required=False, allow_blank=True, default="")
    where_to_apply_zh = serializers.CharField(required=False, allow_blank=True, default="")
    where_to_apply_en = serializers.CharField(required=False, allow_blank=True, default="")
    topic_tag = serializers.CharField(required=False, allow_blank=True, default="")
    policy_tag = serializers.CharField(required=False, allow_blank=True, default="")
    service_tag = serializers.CharField(required=False, allow_blank=True, default="")
    documents = DocumentInput(many=True, required=False, default=list)
    questions = QuestionInput(
        many=True, required=False,
        help_text="The application form's own questions, in order. Leave out to keep them.")


class ServiceTypeCreateInput(ContentInput):
    organisation = serializers.CharField(help_text="Organisation code.")
    code = serializers.CharField(max_length=40)


class VersionUpdateInput(ContentInput):
    lock_version = serializers.IntegerField(min_value=1)


class PublishInput(serializers.Serializer):
    lock_version = serializers.IntegerField(min_value=1)
    effective_from = serializers.DateField(required=False, allow_null=True, default=None)


class ServiceTypeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    code = serializers.CharField()
    is_active = serializers.BooleanField()
    version_numbers = serializers.SerializerMethodField()

    def get_version_numbers(self, service_type) -> list[int]:
        return sorted(version.number for version in service_type.versions.all())


def _content(data: dict, organisation: Organisation) -> services.VersionContent:
    unit = Unit.objects.filter(organisation=organisation, code=data["responsible_unit"],
                               is_active=True).first()
    if unit is None:
        raise ValidationFailed(details={"responsible_unit": [
            _("The organisation has no active unit with this code.")]})
    tags = {}
    for name, scheme in (("topic_tag", ClassificationTag.Scheme.TOPIC),
                         ("policy_tag", ClassificationTag.Scheme.POLICY),
                         ("service_tag", ClassificationTag.Scheme.SERVICE)):
        tags[name] = None
        if data[name]:
            tags[name] = ClassificationTag.objects.filter(scheme=scheme, code=data[name]).first()
            if tags[name] is None:
                raise ValidationFailed(details={name: [_("There is no such classification tag.")]})
    plain = {name: data[name] for name in (
        "name_zh", "name_en", "description_zh", "description_en", "legal_basis_zh",
        "legal_basis_en", "period_value", "period_unit", "norm_value", "norm_unit", "fee_amount",
        "fee_zh", "fee_en", "where_to_apply_zh", "where_to_apply_en")}
    return services.VersionContent(
        **plain, **tags, responsible_unit=unit, channels=tuple(data["channels"]),
        applicant_kinds=tuple(data["applicant_kinds"]),
        documents=tuple(services.DocumentItem(**item) for item in data["documents"]),
        questions=_questions(data["questions"]) if "questions" in data else None)


def _questions(items: list[dict]) -> tuple[questions.Question, ...]:
    return tuple(questions.Question(**{**item, "choices": tuple(
        questions.Choice(**choice) for choice in item.get("choices", ()))}) for item in items)


# Views ----------------------------------------------------------------------------------

_PUBLIC_FILTERS = [
    OpenApiParameter("q", str, description="Words from names, descriptions or documents."),
    OpenApiParameter("organisation", str, description="Organisation code."),
    OpenApiParameter("channel", str, enum=Channel.values),
    OpenApiParameter("applicant_kind", str, enum=ApplicantKind.values),
    OpenApiParameter("topic", str, description="Topic tag code."),
    OpenApiParameter("policy", str, description="Policy tag code."),
    OpenApiParameter("service", str, description="Service (life event) tag code."),
]


@extend_schema_view(list=extend_schema(parameters=_PUBLIC_FILTERS, auth=[]),
                    retrieve=extend_schema(auth=[]))
class PublicServiceViewSet(viewsets.ReadOnlyModelViewSet):
    """The published catalogue: versions in force today. Filters: `q`, `organisation`,
    `channel`, `applicant_kind`, `topic`, `policy`, `service` (tag codes)."""

    permission_classes = [AllowAny]
    serializer_class = VersionOutput
    lookup_url_kwarg = "service_type_id"

    def get_queryset(self):
        params = self.request.query_params
        query = selectors.CatalogueQuery(**{
            name: params.get(name, "") for name in (
                "organisation", "channel", "applicant_kind", "topic", "policy", "service")},
            text=params.get("q", ""))
        return selectors.public_catalogue(on=timezone.localdate(), query=query) \
            .prefetch_related("documents")

    def get_object(self):
        """By service type id, which stays the same when a new version takes effect."""
        version = self.get_queryset().filter(
            service_type_id=_as_id(self.kwargs["service_type_id"])).first()
        if version is None:
            raise NotFound()
        return version


class StaffServiceTypeViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = ServiceTypeOutput

    list_for = selectors.service_types_for
    get_for = selectors.service_type_for

    @extend_schema(request=ServiceTypeCreateInput, responses={201: StaffVersionOutput})
    def create(self, request):
        serializer = ServiceTypeCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organisation = organisations_for(request.user).filter(code=data["organisation"]).first()
        if organisation is None:
            raise NotFound()
        version = services.service_type_create(
            organisation=organisation, code=data["code"], content=_content(data, organisation),
            actor=request.user)
        return Response(StaffVersionOutput(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: StaffVersionOutput})
    @action(detail=True, methods=["post"], url_path="new-draft")
    def new_draft(self, request, pk=None):
        """Start a draft copied from the latest published version, checklist included."""
        version = services.service_type_version_new_draft(service_type=self.get_object(),
                                                          actor=request.user)
        return Response(StaffVersionOutput(version).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("status", str, enum=ServiceTypeVersion.Status.values),
    OpenApiParameter("service_type", int, description="Service type id."),
]))
class StaffVersionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Every version of the user's organisations' service types, drafts included.
    Filter with `status` and `service_type` (id)."""

    permission_classes = [IsAuthenticated]
    serializer_class = StaffVersionOutput

    def get_queryset(self):
        versions = selectors.versions_for(self.request.user).prefetch_related("documents",
                                                                              "questions")
        params = self.request.query_params
        if params.get("status") in ServiceTypeVersion.Status.values:
            versions = versions.filter(status=params["status"])
        if params.get("service_type", "").isdigit():
            versions = versions.filter(service_type_id=params["service_type"])
        return versions

    get_for = selectors.version_for

    def _change(self, request, partial: bool):
        version = self.get_object()
        sent = request.data.dict() if hasattr(request.data, "dict") else dict(request.data)
        current = _content_as_input(version) if partial else {}
        serializer = VersionUpdateInput(data={**current, **sent})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organisation = version.service_type.organisation
        version = services.service_type_version_update(
            version=version, content=_content(data, organisation),
            expected_version=data["lock_version"], actor=request.user)
        return Response(StaffVersionOutput(selectors.version_for(request.user, version.pk)).data)

    @extend_schema(request=VersionUpdateInput, responses=StaffVersionOutput)
    def update(self, request, pk=None):
        """Replace a draft's content (documents included)."""
        return self._change(request, partial=False)

    @extend_schema(request=VersionUpdateInput, responses=StaffVersionOutput)
    def partial_update(self, request, pk=None):
        """Change some fields of a draft; `lock_version` is always required."""
        return self._change(request, partial=True)

    @extend_schema(request=PublishInput, responses=StaffVersionOutput)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        version = self.get_object()
        serializer = PublishInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        version = services.service_type_version_publish(
            version=version, expected_version=serializer.validated_data["lock_version"],
            effective_from=serializer.validated_data["effective_from"], actor=request.user)
        return Response(StaffVersionOutput(selectors.version_for(request.user, version.pk)).data)


def _as_id(value) -> int:
    return int(value) if str(value).isdigit() else 0


def _content_as_input(version: ServiceTypeVersion) -> dict:
    """A draft's current content in the input layout, for PATCH."""
    return {
        **{name: getattr(version, name) for name in (
            "name_zh", "name_en", "description_zh", "description_en", "legal_basis_zh",
            "legal_basis_en", "period_value", "period_unit", "norm_value", "norm_unit",
            "fee_amount", "fee_zh", "fee_en", "where_to_apply_zh", "where_to_apply_en")},
        "responsible_unit": version.responsible_unit.code,
        "channels": version.channels,
        "applicant_kinds": version.applicant_kinds,
        "topic_tag": version.topic_tag.code if version.topic_tag else "",
        "policy_tag": version.policy_tag.code if version.policy_tag else "",
        "service_tag": version.service_tag.code if version.service_tag else "",
        "documents": [{name: getattr(document, name) for name in (
            "name_zh", "name_en", "notes_zh", "notes_en", "requirement", "condition_zh",
            "condition_en", "fetched_by_agency")} for document in version.documents.all()],
        "lock_version": version.version,
    }


routes: list = [
    ("services", PublicServiceViewSet, "catalog-public-service"),
    ("service-types", StaffServiceTypeViewSet, "catalog-service-type"),
    ("versions", StaffVersionViewSet, "catalog-version"),
]
