"""REST API of plans, under /api/v1/plans/. Staff only, scoped like the pages (another
agency's record is 404).

- `plans/plans`: the plans the user sees (filter `year`), with levels and basis;
- `plans/nodes`, `plans/actions`, `plans/indicators`: filter `plan`; indicators carry the
  year's target, the actual value (live from the metrics engine when bound) and the light;
- `plans/reports`: progress reports the user may see (filter `plan`, `period`, `state`);
  `POST reports/` writes a unit's report (create or change; the same action, unit,
  period and occurrence change one report), `POST reports/<id>/submit/` and
  `POST reports/<id>/review/` (`decision` accept or return, `comment`).
Errors are {"error": {"code", "message", "details"}} (minfu.api.errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from minfu.core.api import read_input
from minfu.core.errors import NotFound, ValidationFailed
from minfu.org.api_permissions import StaffAPIMixin
from minfu.org.models import Unit
from minfu.plans import deadlines, selectors, services
from minfu.plans.models import ProgressReport
from minfu.plans.workflow import ReviewState

# Output ---------------------------------------------------------------------------------


class PlanLevelOutput(serializers.Serializer):
    depth = serializers.IntegerField()
    label = serializers.CharField()
    style = serializers.CharField()


class PlanDirectiveOutput(serializers.Serializer):
    text = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    document_number = serializers.CharField()


class PlanOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    year = serializers.IntegerField()
    roc_year = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    objectives = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    levels = PlanLevelOutput(many=True, source="levels.all")
    directives = PlanDirectiveOutput(many=True, source="directives.all")


class PlanNodeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    depth = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()


class PlanActionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    node = serializers.IntegerField(source="node_id")
    text = serializers.CharField(source="node.text")
    deadline_kind = serializers.CharField()
    deadline = serializers.CharField(source="deadline_label")
    deadline_day = serializers.DateField(allow_null=True)
    recurrence = serializers.CharField()
    standing = serializers.CharField()
    all_units = serializers.BooleanField()
    responsible_units = serializers.SerializerMethodField()
    expected_benefit = serializers.CharField()
    version = serializers.IntegerField()

    def get_responsible_units(self, action) -> list[str]:
        return [unit.code for unit in action.responsible_units.all()]


class PlanIndicatorOutput(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.id")
    plan = serializers.IntegerField(source="indicator.plan_id")
    name = serializers.CharField(source="indicator.name")
    definition = serializers.CharField(source="indicator.definition")
    unit_of_measure = serializers.CharField(source="indicator.unit_of_measure")
    direction = serializers.CharField(source="indicator.direction")
    baseline = serializers.DecimalField(source="indicator.baseline", max_digits=12,
                                        decimal_places=2, allow_null=True)
    metric_code = serializers.CharField(source="indicator.metric_code")
    target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    light = serializers.CharField()


class PlanReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.IntegerField(source="action_id")
    unit = serializers.CharField(source="unit.code")
    period = serializers.IntegerField(source="period_id")
    occurrence = serializers.DateField()
    status = serializers.CharField(help_text="not_started, in_progress, done or delayed.")
    narrative = serializers.CharField()
    review_state = serializers.CharField()
    review_comment = serializers.CharField()
    version = serializers.IntegerField()


# Input ----------------------------------------------------------------------------------

class PlanReportInput(serializers.Serializer):
    action = serializers.IntegerField()
    unit = serializers.IntegerField()
    period = serializers.IntegerField()
    occurrence = serializers.DateField(required=False, allow_null=True)
    status = serializers.CharField(help_text="not_started, in_progress, done or delayed.")
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="The report's `version` you read; required when the report exists.")


class PlanSubmitInput(serializers.Serializer):
    expected_version = serializers.IntegerField(help_text="The report's `version` you read.")


class PlanReviewInput(PlanSubmitInput):
    decision = serializers.CharField(help_text="accept or return.")
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PlanNodeInput(serializers.Serializer):
    plan = serializers.IntegerField()
    parent = serializers.IntegerField(required=False, allow_null=True)
    text = serializers.CharField()


class PlanNodeMoveInput(serializers.Serializer):
    direction = serializers.CharField(help_text="up or down.")


class PlanActionInput(serializers.Serializer):
    node = serializers.IntegerField()
    deadline = serializers.CharField(
        help_text="As plans write it: 114年6月30日, 114年12月, 每月, 每季, 每半年, 每年, "
                  "經常性辦理 or 隨時辦理.")
    units = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                  help_text="Codes of the responsible units.")
    all_units = serializers.BooleanField(required=False, default=False)
    expected_benefit = serializers.CharField(required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True)


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


PLAN_PARAMETER = OpenApiParameter("plan", int, description="Plan id.")


# Views ----------------------------------------------------------------------------------

@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("year", int, description="Western calendar year.")]))
class PlanViewSet(StaffAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Execution plans of the organisations the user sees."""

    serializer_class = PlanOutput

    def get_queryset(self):
        plans = selectors.plans_for(self.request.user).prefetch_related("levels", "directives")
        year = _int(self.request.query_params.get("year"))
        return plans.filter(year=year) if year else plans.order_by("-year", "organisation__path")

    def get_object(self):
        return selectors.plan_get_for(self.request.user, self.kwargs["pk"])


class _ByPlan:
    def by_plan(self, queryset):
        plan = _int(self.request.query_params.get("plan"))
        return queryset.filter(plan_id=plan) if plan else queryset


@extend_schema_view(list=extend_schema(parameters=[PLAN_PARAMETER]))
class NodeViewSet(StaffAPIMixin, _ByPlan, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    """Nodes of the plans' trees (any depth); `parent` null for the top level."""

    serializer_class = PlanNodeOutput

    def get_queryset(self):
        from minfu.plans.models import PlanNode

        return self.by_plan(PlanNode.objects.filter(
            plan__organisation_id__in=self.scope.organisation_ids).order_by("plan", "path"))

    def get_object(self):
        return selectors.node_get_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=PlanNodeInput, responses={200: PlanNodeOutput})
    def create(self, request):
        """Add a node as the last child of `parent` (or at the top level)."""
        data = read_input(PlanNodeInput, request)
        plan = selectors.plan_get_for(request.user, data["plan"])
        parent = (selectors.node_get_for(request.user, data["parent"])
                  if data.get("parent") else None)
        node = services.node_add(actor=request.user, plan=plan, parent=parent,
                                 text=data["text"])
        return Response(PlanNodeOutput(node).data)

    @extend_schema(request=PlanNodeMoveInput, responses={200: PlanNodeOutput})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Swap the node with its previous (up) or next (down) sibling."""
        data = read_input(PlanNodeMoveInput, request)
        node = services.node_move(actor=request.user, node=self.get_object(),
                                  direction=data["direction"])
        return Response(PlanNodeOutput(node).data)


@extend_schema_view(list=extend_schema(parameters=[PLAN_PARAMETER]))
class ActionViewSet(StaffAPIMixin, _ByPlan, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Actions with deadline kind and responsible units."""

    serializer_class = PlanActionOutput

    def get_queryset(self):
        return self.by_plan(selectors.actions_for(self.request.user))

    @extend_schema(request=PlanActionInput, responses={200: PlanActionOutput})
    def create(self, request):
        """Make a node actionable or change its action (give `expected_version` then)."""
        data = read_input(PlanActionInput, request)
        node = selectors.node_get_for(request.user, data["node"])
        try:
            deadline = deadlines.parse(data["deadline"])
        except deadlines.DeadlineParseError as error:
            raise ValidationFailed(details={"deadline": [
                _("This is not a deadline the plan can use.")]}) from error
        units = list(Unit.objects.filter(organisation=node.plan.organisation,
                                         code__in=data["units"]))
        if len(units) != len(set(data["units"])):
            raise ValidationFailed(details={"units": [_("There is no unit with this code.")]})
        action_ = services.action_set(
            actor=request.user, node=node, deadline=deadline, units=units,
            all_units=data["all_units"], expected_benefit=data["expected_benefit"],
            expected_version=data.get("expected_version"))
        return Response(PlanActionOutput(selectors.actions_for(request.user).get(
            pk=action_.pk)).data)


@extend_schema_view(list=extend_schema(parameters=[PLAN_PARAMETER]))
class IndicatorViewSet(StaffAPIMixin, _ByPlan, viewsets.GenericViewSet):
    """Key indicators against this year's target, with the traffic light."""

    serializer_class = PlanIndicatorOutput

    def get_queryset(self):
        return self.by_plan(selectors.indicators_for(self.request.user))

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        statuses = [selectors.indicator_status(indicator) for indicator in page]
        return self.get_paginated_response(PlanIndicatorOutput(statuses, many=True).data)

    def retrieve(self, request, pk=None):
        status = selectors.indicator_status(selectors.indicator_get_for(request.user, pk))
        return Response(PlanIndicatorOutput(status).data)


@extend_schema_view(list=extend_schema(parameters=[
    PLAN_PARAMETER, OpenApiParameter("period", int, description="Reporting period id."),
    OpenApiParameter("state", str, description="draft, submitted, returned or accepted.")]))
class ReportViewSet(StaffAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Progress reports the user may see: a coordinator all of the plan, a unit's
    supervisor those of their units."""

    serializer_class = PlanReportOutput

    def get_queryset(self):
        params = self.request.query_params
        plan_id = _int(params.get("plan"))
        if plan_id is None:
            plans = selectors.plans_for(self.request.user)
            reports = ProgressReport.objects.none()
            for plan in plans:
                reports = reports | selectors.reports_for(self.request.user, plan)
        else:
            reports = selectors.reports_for(self.request.user,
                                            selectors.plan_get_for(self.request.user, plan_id))
        if _int(params.get("period")):
            reports = reports.filter(period_id=_int(params.get("period")))
        if params.get("state") in ReviewState.__members__.values():
            reports = reports.filter(review_state=params["state"])
        return reports.order_by("period__start", "action__node__path", "unit__code", "id")

    def get_object(self):
        return selectors.report_get_for(self.request.user, self.kwargs["pk"])

    @extend_schema(request=PlanReportInput, responses={200: PlanReportOutput})
    def create(self, request):
        """Write a unit's report on an action for a period (a draft until submitted)."""
        data = read_input(PlanReportInput, request)
        action = selectors.actions_for(request.user).filter(pk=data["action"]).first()
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if action is None or unit is None:
            raise NotFound(_("No such action or unit."))
        period = selectors.period_get_for(request.user, action.plan, data["period"])
        report = services.report_save(
            actor=request.user, action=action, unit=unit, period=period,
            occurrence=data.get("occurrence"), status=data["status"],
            narrative=data["narrative"], expected_version=data.get("expected_version"))
        return Response(PlanReportOutput(report).data)

    @extend_schema(request=PlanSubmitInput, responses={200: PlanReportOutput})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the report for review."""
        data = read_input(PlanSubmitInput, request)
        report = services.report_submit(actor=request.user, report=self.get_object(),
                                        expected_version=data["expected_version"])
        return Response(PlanReportOutput(report).data)

    @extend_schema(request=PlanReviewInput, responses={200: PlanReportOutput})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Accept a submitted report, or return it with a comment."""
        data = read_input(PlanReviewInput, request)
        report = services.report_review(actor=request.user, report=self.get_object(),
                                        decision=data["decision"], comment=data["comment"],
                                        expected_version=data["expected_version"])
        return Response(PlanReportOutput(report).data)


routes: list = [
    ("plans", PlanViewSet, "plans-plan"),
    ("nodes", NodeViewSet, "plans-node"),
    ("actions", ActionViewSet, "plans-action"),
    ("indicators", IndicatorViewSet, "plans-indicator"),
    ("reports", ReportViewSet, "plans-report"),
]
