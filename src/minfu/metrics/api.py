"""REST API of metrics, under /api/v1/metrics/ (staff, token or session):

- `metrics/definitions`: the catalogue (code, name, description, kind, unit, direction);
- `metrics/values`: one metric over days `start`..`end` (ISO dates) from the rollups, for
  the organisations given (`organisation`, repeatable; default: every organisation whose
  metrics the user may view) or one `unit`, optionally by `service_type` and `channel`;
  with `by` (quarter, month, organisation, unit, service_type, channel) a series.
An organisation or unit outside what the user may view is 404, like the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from minfu.core.errors import NotFound, PermissionDenied, ValidationFailed
from minfu.core.replica import reads_from_replica
from minfu.metrics import selectors
from minfu.org.api_permissions import StaffAPIMixin

BY_CHOICES = [*selectors.PERIOD_GRAINS, *selectors.DIMENSIONS]


class MetricOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    kind = serializers.CharField(help_text="count, ratio (a percentage) or mean.")
    unit = serializers.CharField()
    direction = serializers.CharField(help_text="higher or lower (is better).")


class ValuesQuery(serializers.Serializer):
    code = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    organisation = serializers.ListField(child=serializers.IntegerField(), required=False,
                                         help_text="Organisation ids (repeatable).")
    unit = serializers.IntegerField(required=False)
    service_type = serializers.IntegerField(required=False)
    channel = serializers.CharField(required=False)
    by = serializers.ChoiceField(choices=BY_CHOICES, required=False)

    def validate(self, attrs):
        if attrs["start"] > attrs["end"]:
            raise serializers.ValidationError(_("The first day must not be after the last "
                                                "day."))
        if (attrs["end"] - attrs["start"]).days > 366 * 10:
            raise serializers.ValidationError(_("Ask for at most ten years at a time."))
        return attrs


class SeriesPointOutput(serializers.Serializer):
    key = serializers.CharField(help_text="Period key (2025-Q3, 2025-07), id or channel.")
    label = serializers.CharField(help_text="ROC label of a period (114年第3季), else the key.")
    value = serializers.FloatField(allow_null=True)


class ValuesOutput(serializers.Serializer):
    code = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    organisations = serializers.ListField(child=serializers.IntegerField())
    value = serializers.FloatField(allow_null=True)
    series = SeriesPointOutput(many=True, required=False)


class MetricViewSet(StaffAPIMixin, viewsets.ViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9_.]+"

    @extend_schema(responses=MetricOutput(many=True))
    def list(self, request):
        return Response(MetricOutput(selectors.metric_list(), many=True).data)

    @extend_schema(responses=MetricOutput)
    def retrieve(self, request, code=None):
        return Response(MetricOutput(selectors.metric_get(code)).data)


def scoped_filters(user, data) -> dict:
    """The organisations (and unit) of the query, each one the user may view."""
    unit_id = data.get("unit")
    if unit_id is not None:
        units = selectors.viewable_units(user).filter(pk=unit_id)
        unit = units.first()
        if unit is None:
            raise NotFound(_("No such unit."))
        return {"organisation_ids": [unit.organisation_id], "unit_id": unit.pk}
    viewable = selectors.viewable_organisation_ids(user)
    requested = set(data.get("organisation") or ())
    if requested - viewable:
        raise NotFound(_("No such organisation."))
    if not (requested or viewable):
        raise PermissionDenied(_("You may not view the metrics of any organisation."))
    return {"organisation_ids": sorted(requested or viewable)}


class ValuesViewSet(StaffAPIMixin, viewsets.ViewSet):
    @extend_schema(parameters=[ValuesQuery], responses=ValuesOutput)
    @reads_from_replica
    def list(self, request):
        query = ValuesQuery(data={**request.query_params.dict(),
                                  "organisation": request.query_params.getlist("organisation")})
        if not query.is_valid():
            raise ValidationFailed(_("Please correct the query."), code="invalid",
                                   details=query.errors)
        data = query.validated_data
        filters = {**scoped_filters(request.user, data),
                   "service_type_id": data.get("service_type"), "channel": data.get("channel")}
        selectors.metric_get(data["code"])
        answer = {"code": data["code"], "start": data["start"], "end": data["end"],
                  "organisations": filters["organisation_ids"],
                  "value": selectors.metric_value(code=data["code"], start=data["start"],
                                                  end=data["end"], **filters)}
        if data.get("by"):
            answer["series"] = [
                {"key": getattr(key, "key", key), "label": getattr(key, "label", key),
                 "value": value}
                for key, value in selectors.metric_series(
                    code=data["code"], start=data["start"], end=data["end"], by=data["by"],
                    **filters)]
        return Response(ValuesOutput(answer).data)


routes = [
    ("definitions", MetricViewSet, "metrics-definition"),
    ("values", ValuesViewSet, "metrics-value"),
]
