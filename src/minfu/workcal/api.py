"""REST API of this app: thin DRF views with explicit serializers. `routes` is read by
minfu.api.urls: (prefix, viewset, basename).

- GET  /api/v1/workcal/office-days/?year=2025      the national office calendar of a year
- GET/POST /api/v1/workcal/closures/, GET/PUT/PATCH/DELETE /api/v1/workcal/closures/{id}/
- POST /api/v1/workcal/deadlines/compute/          the due date of a period on an organisation's
                                           calendar"""

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from minfu.core.errors import ValidationFailed
from minfu.org.models import Locality
from minfu.org.selectors import organisation_get_for
from minfu.workcal import selectors, services
from minfu.workcal.periods import MAX_VALUE as MAX_PERIOD
from minfu.workcal.periods import Period, PeriodUnit

# ----- serializers -------------------------------------------------------------------


class OfficeDayOutput(serializers.Serializer):
    date = serializers.DateField()
    weekday = serializers.IntegerField(help_text="ISO weekday: 1 Monday ... 7 Sunday.")
    is_day_off = serializers.BooleanField()
    is_makeup_working_day = serializers.BooleanField()
    note = serializers.CharField()


class ClosureInput(serializers.Serializer):
    locality = serializers.ChoiceField(choices=Locality.choices)
    date = serializers.DateField()
    starts_at = serializers.TimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.TimeField(required=False, allow_null=True, default=None)
    notice_reference = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False, help_text="Required on update: the version that was read.")


class ClosureOutput(serializers.Serializer):
    id = serializers.IntegerField()
    locality = serializers.CharField()
    locality_name = serializers.CharField(source="get_locality_display")
    date = serializers.DateField()
    whole_day = serializers.BooleanField(source="is_whole_day")
    starts_at = serializers.TimeField(allow_null=True)
    ends_at = serializers.TimeField(allow_null=True)
    notice_reference = serializers.CharField()
    note = serializers.CharField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()


@extend_schema_field(OpenApiTypes.STR)
class DateOrDateTimeField(serializers.Field):
    """An ISO date (2025-03-05) or an ISO datetime (2025-03-05T09:00:00+08:00); a
    datetime without offset is Taipei time."""

    default_error_messages = {"invalid": _("Give an ISO date or date and time.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        data = data.strip()
        try:
            if "T" in data or " " in data:
                moment = parse_datetime(data)
                if moment is not None and timezone.is_naive(moment):
                    moment = timezone.make_aware(moment)
                value = moment
            else:
                value = parse_date(data)
        except ValueError:
            value = None
        if value is None:
            self.fail("invalid")
        return value

    def to_representation(self, value):
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).isoformat()
        return value.isoformat()


class PauseInput(serializers.Serializer):
    start = DateOrDateTimeField()
    end = DateOrDateTimeField()


class DeadlineInput(serializers.Serializer):
    start = DateOrDateTimeField(help_text="Receipt: a date for day units, a datetime for hours.")
    value = serializers.IntegerField(min_value=0, max_value=MAX_PERIOD)
    unit = serializers.ChoiceField(choices=[unit.value for unit in PeriodUnit])
    organisation = serializers.IntegerField(
        required=False, help_text="Organisation whose locality's calendar counts.")
    locality = serializers.ChoiceField(choices=Locality.choices, required=False,
                                       help_text="Instead of an organisation.")
    pauses = PauseInput(many=True, required=False, default=list,
                        help_text="Intervals [start, end) taken out of the count.")

    def validate(self, attrs):
        if ("organisation" in attrs) == ("locality" in attrs):
            raise serializers.ValidationError(_("Give an organisation or a locality."))
        return attrs


class DeadlineOutput(serializers.Serializer):
    start = DateOrDateTimeField()
    value = serializers.IntegerField()
    unit = serializers.CharField()
    locality = serializers.CharField()
    due = DateOrDateTimeField(help_text="A date for day units, a datetime for hours.")


# ----- views -------------------------------------------------------------------------


def _valid(serializer_class, data, **kwargs):
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class OfficeDayViewSet(viewsets.ViewSet):
    """The national office calendar (the same for every agency; closures are separate)."""

    pagination_class = None

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="AD year; default this year.")],
        responses=OfficeDayOutput(many=True))
    def list(self, request):
        raw_year = request.query_params.get("year") or str(timezone.localdate().year)
        if not raw_year.isdigit() or not 1912 <= int(raw_year) <= 2200:
            message = _("Give the year as four digits, e.g. 2025.")
            raise ValidationFailed(message, details={"year": [str(message)]})
        days = selectors.office_days_in_year(int(raw_year))
        rows = [{"date": day.date, "weekday": day.date.isoweekday(),
                 "is_day_off": day.is_day_off,
                 "is_makeup_working_day": day.is_makeup_working_day, "note": day.note}
                for day in days]
        return Response(OfficeDayOutput(rows, many=True).data)


CLOSURE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


class ClosureViewSet(viewsets.ViewSet):
    """Closures of the localities the caller sees; writes need the right to manage
    closures in that locality. DELETE takes ?version= to refuse a stale delete."""

    lookup_value_regex = "[0-9]+"

    @extend_schema(responses=ClosureOutput(many=True))
    def list(self, request):
        closures = selectors.closures_for(request.user)
        if request.query_params.get("locality"):
            closures = closures.filter(locality=request.query_params["locality"])
        if (year := request.query_params.get("year", "")).isdigit():
            closures = closures.filter(date__year=int(year))
        return Response(ClosureOutput(closures[:1000], many=True).data)

    @extend_schema(parameters=[CLOSURE_ID], responses=ClosureOutput)
    def retrieve(self, request, pk=None):
        return Response(ClosureOutput(selectors.closure_get_for(request.user, pk)).data)

    @extend_schema(request=ClosureInput, responses={201: ClosureOutput})
    def create(self, request):
        data = _valid(ClosureInput, request.data)
        data.pop("version", None)
        closure = services.closure_create(actor=request.user, **data)
        return Response(ClosureOutput(closure).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[CLOSURE_ID], request=ClosureInput, responses=ClosureOutput)
    def update(self, request, pk=None):
        return self._update(request, pk, partial=False)

    @extend_schema(parameters=[CLOSURE_ID], request=ClosureInput(partial=True),
                   responses=ClosureOutput)
    def partial_update(self, request, pk=None):
        return self._update(request, pk, partial=True)

    def _update(self, request, pk, *, partial):
        closure = selectors.closure_get_for(request.user, pk, to_manage=True)
        data = _valid(ClosureInput, request.data, partial=partial)
        if "version" not in data:
            raise _version_required()
        current = {"locality": closure.locality, "date": closure.date,
                   "starts_at": closure.starts_at, "ends_at": closure.ends_at,
                   "notice_reference": closure.notice_reference, "note": closure.note}
        fields = {name: data.get(name, value) if partial else data[name]
                  for name, value in current.items()}
        closure = services.closure_update(closure=closure, expected_version=data["version"],
                                          actor=request.user, **fields)
        return Response(ClosureOutput(closure).data)

    @extend_schema(parameters=[CLOSURE_ID, OpenApiParameter(
        "version", int, required=True, description="The version you read.")],
                   responses={204: None})
    def destroy(self, request, pk=None):
        closure = selectors.closure_get_for(request.user, pk, to_manage=True)
        raw_version = request.query_params.get("version", "")
        if not raw_version.isdigit():
            raise _version_required()
        services.closure_delete(closure=closure, actor=request.user,
                                expected_version=int(raw_version))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _version_required() -> ValidationFailed:
    return ValidationFailed(_("Give the version you read."),
                            details={"version": [str(_("This field is required."))]})


class DeadlineViewSet(viewsets.ViewSet):
    """Deadline arithmetic on the office calendar, for clients that plan ahead."""

    @extend_schema(request=DeadlineInput, responses=DeadlineOutput)
    @action(detail=False, methods=["post"])
    def compute(self, request):
        data = _valid(DeadlineInput, request.data)
        if "organisation" in data:
            locality = organisation_get_for(request.user, data["organisation"]).locality
        else:
            locality = data["locality"]
        period = Period(data["value"], PeriodUnit(data["unit"]))
        pauses = [(pause["start"], pause["end"]) for pause in data["pauses"]]
        due = selectors.due_for(locality=locality, start=data["start"], period=period,
                                pauses=pauses)
        return Response(DeadlineOutput({
            "start": data["start"], "value": period.value, "unit": period.unit.value,
            "locality": locality, "due": due,
        }).data)


routes: list = [
    ("office-days", OfficeDayViewSet, "office-day"),
    ("closures", ClosureViewSet, "closure"),
    ("deadlines", DeadlineViewSet, "deadline"),
]
