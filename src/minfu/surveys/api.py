"""REST API of surveys, under /api/v1/surveys/: thin DRF views with explicit serializers.

- `surveys/surveys`: staff read, scoped like the pages: list, detail with the questions
  of each version, and `GET .../{id}/results/` (response count and, per 5-point question,
  the satisfied share and mean with 95% confidence intervals; filter `wave`).
- `surveys/waves`: staff read with responses against the target.
- `surveys/responses`: public `POST` of answers, with an invitation `token` or to an
  open `wave` with a per-device `client_key` (one response per wave and key); limited
  per client address like the open web form.
- `surveys/ratings`: public `POST` of a real-time rating; the `idempotency_key` makes a
  retried request return the first rating (200) instead of a second one (201).
Errors are {"error": {"code", "message", "details"}} (minfu.api.errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from minfu.catalog.models import ServiceType
from minfu.core.api import DetailSerializerMixin
from minfu.core.client_ip import client_ip
from minfu.core.errors import NotFound, RateLimited, ValidationFailed
from minfu.org.api_permissions import StaffAPIMixin
from minfu.org.models import Unit
from minfu.surveys import protection, selectors, services
from minfu.surveys.models import QuestionKind, Rating, SurveyChannel, Wave

# Output ---------------------------------------------------------------------------------


class SurveyQuestionOutput(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField(help_text="likert, single, multiple or text.")
    text_zh = serializers.CharField()
    text_en = serializers.CharField()
    required = serializers.BooleanField()
    is_overall = serializers.BooleanField()
    options = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    show_if_key = serializers.CharField()
    show_if_values = serializers.ListField(child=serializers.CharField())


class SurveyVersionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    questions = SurveyQuestionOutput(many=True, source="questions.all")


class SurveyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()


class SurveyDetailOutput(SurveyOutput):
    versions = SurveyVersionOutput(many=True, source="versions.all")


class SurveyWaveOutput(serializers.Serializer):
    id = serializers.IntegerField()
    survey = serializers.IntegerField(source="survey_id")
    survey_version = serializers.IntegerField(source="survey_version.number")
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    target_sample = serializers.IntegerField()
    channels = serializers.ListField(child=serializers.CharField())
    response_count = serializers.IntegerField()


class SurveyIntervalOutput(serializers.Serializer):
    estimate = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()
    n = serializers.IntegerField()


class SurveyQuestionResultOutput(serializers.Serializer):
    key = serializers.CharField(source="question_key")
    text = serializers.CharField()
    satisfied_share = SurveyIntervalOutput(source="share", allow_null=True)
    mean = SurveyIntervalOutput(allow_null=True)


class SurveyResultsOutput(serializers.Serializer):
    responses = serializers.IntegerField()
    questions = SurveyQuestionResultOutput(many=True)


class SurveySubmittedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()


# Input ----------------------------------------------------------------------------------

class SurveyResponseInput(serializers.Serializer):
    token = serializers.CharField(required=False, allow_blank=True, default="",
                                  help_text="Invitation token from the e-mailed link.")
    wave = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="Open wave id, when there is no token.")
    client_key = serializers.RegexField(
        r"^[0-9a-f]{32}$", required=False, allow_blank=True, default="",
        help_text="A random 32-hex key the device keeps; one response per wave and key.")
    answers = serializers.DictField(
        help_text="Question key → value (a number 1–5, an option value, a list of option "
                  "values, or text).")
    contact_consent = serializers.BooleanField(default=False)
    contact_details = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                            default="")


class SurveyRatingInput(serializers.Serializer):
    organisation = serializers.CharField(help_text="Organisation code.")
    service = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Service type code.")
    unit = serializers.CharField(required=False, allow_blank=True, default="",
                                 help_text="Unit code; the service's unit when omitted.")
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                    default="")
    idempotency_key = serializers.CharField(min_length=16, max_length=64)
    contact_consent = serializers.BooleanField(default=False)
    contact_details = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                            default="")


def _read(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _count_submission(request) -> None:
    if not protection.submission_allowed(client_ip(request)):
        raise RateLimited(_("Too many submissions. Try again later."))


# Views ----------------------------------------------------------------------------------

class SurveyViewSet(StaffAPIMixin, DetailSerializerMixin, mixins.ListModelMixin,
                    mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The surveys the user may see."""

    serializer_class = SurveyOutput
    detail_serializer_class = SurveyDetailOutput

    def get_queryset(self):
        queryset = selectors.surveys_for(self.request.user).order_by("organisation__path", "code")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("versions__questions")
        return queryset

    def get_object(self):
        survey = selectors.survey_get_for(self.request.user, self.kwargs["pk"])
        return self.get_queryset().get(pk=survey.pk)

    @extend_schema(parameters=[OpenApiParameter("wave", int, description="Wave id.")],
                   responses={200: SurveyResultsOutput})
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Satisfied share and mean with 95% confidence intervals per 5-point question."""
        survey = selectors.survey_get_for(request.user, pk)
        wave = request.query_params.get("wave", "")
        query = selectors.AnalysisFilter(wave_id=int(wave) if wave.isdigit() else None)
        count, results = selectors.survey_results(request.user, survey, query)
        likert = [r for r in results if r.kind == QuestionKind.LIKERT]
        return Response(SurveyResultsOutput({"responses": count, "questions": likert}).data)


class WaveViewSet(StaffAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    """The waves of the surveys the user may see, with responses against the target."""

    serializer_class = SurveyWaveOutput

    def get_queryset(self):
        return selectors.waves_with_progress(selectors.waves_for(self.request.user)).order_by(
            "-starts_on", "pk")


class ResponseViewSet(viewsets.GenericViewSet):
    """Public submission of survey answers."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = SurveySubmittedOutput

    @extend_schema(request=SurveyResponseInput, auth=[], responses={
        201: SurveySubmittedOutput,
        400: OpenApiResponse(description="Answers that do not fit the survey."),
        404: OpenApiResponse(description="Unknown token or wave not open on the web."),
        409: OpenApiResponse(description="Token used or expired, or already answered."),
        429: OpenApiResponse(description="Too many submissions from this address."),
    })
    def create(self, request):
        data = _read(SurveyResponseInput, request)
        _count_submission(request)
        respondent = services.Respondent(
            channel=SurveyChannel.WEB, browser_key=data["client_key"],
            contact_consent=data["contact_consent"], contact_details=data["contact_details"])
        if data["token"]:
            response = services.response_submit(wave=None, raw_answers=data["answers"],
                                                respondent=respondent, token=data["token"])
        else:
            if not data["client_key"]:
                raise ValidationFailed(_("An open survey needs a client key."),
                                       details={"client_key": []})
            wave = Wave.objects.select_related("survey__organisation", "survey_version") \
                .filter(pk=data["wave"] or 0).first()
            if wave is None:
                raise NotFound(_("This survey is not open."))
            response = services.response_submit(wave=wave, raw_answers=data["answers"],
                                                respondent=respondent)
        return Response(SurveySubmittedOutput(response).data, status=status.HTTP_201_CREATED)


class RatingViewSet(viewsets.GenericViewSet):
    """Public submission of a real-time rating after an online service."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = SurveySubmittedOutput

    @extend_schema(request=SurveyRatingInput, auth=[], responses={
        201: SurveySubmittedOutput, 200: SurveySubmittedOutput,
        404: OpenApiResponse(description="Unknown organisation, service or unit."),
        429: OpenApiResponse(description="Too many submissions from this address."),
    })
    def create(self, request):
        data = _read(SurveyRatingInput, request)
        existing = Rating.objects.filter(idempotency_key=data["idempotency_key"]).first()
        if existing is not None:
            return Response(SurveySubmittedOutput(existing).data)
        _count_submission(request)
        service_type = None
        if data["service"]:
            service_type = ServiceType.objects.filter(
                organisation__code=data["organisation"], code=data["service"]).first()
            if service_type is None:
                raise NotFound(_("No such service."))
        units = Unit.objects.filter(organisation__code=data["organisation"], is_active=True)
        unit = units.filter(code=data["unit"]).first() if data["unit"] else None
        if unit is None and service_type is not None:
            current = service_type.versions.filter(status="published").order_by("-number").first()
            unit = current.responsible_unit if current else None
        if unit is None:
            raise NotFound(_("No such unit."))
        rating = services.rating_submit(
            unit=unit, service_type=service_type, channel=SurveyChannel.ONLINE,
            score=data["score"], comment=data["comment"],
            idempotency_key=data["idempotency_key"], contact_consent=data["contact_consent"],
            contact_details=data["contact_details"])
        return Response(SurveySubmittedOutput(rating).data, status=status.HTTP_201_CREATED)


routes: list = [
    ("surveys", SurveyViewSet, "surveys-survey"),
    ("waves", WaveViewSet, "surveys-wave"),
    ("responses", ResponseViewSet, "surveys-response"),
    ("ratings", RatingViewSet, "surveys-rating"),
]
