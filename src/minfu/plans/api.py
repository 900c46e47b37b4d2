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

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from minfu.core.api import read_input
from minfu.core.errors import NotFound, ValidationFailed
from minfu.core.exports import table_download
from minfu.org.api_permissions import ScopedViewSetMixin, StaffAPIMixin, StaffReadViewSet
from minfu.org.models import Organisation, Unit
from minfu.plans import deadlines, selectors, services
from minfu.plans.models import ProgressReport, UnitGroup
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


class PlanSectionOutput(serializers.Serializer):
    heading = serializers.CharField(help_text="Without its number (printed 壹、貳、 in order).")
    kind = serializers.CharField(help_text="basis, objectives, units, tree, indicators or text.")
    paragraphs = serializers.CharField()
    table = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class PlanOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    year = serializers.IntegerField()
    roc_year = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    numbering = serializers.CharField(
        help_text="generated (by each level's style) or as_written (the node's `number`).")
    layout = serializers.CharField(
        help_text="How the printed plan sets out its items: columns (a table, one column per "
                  "level) or headings (nested headings).")
    sections = PlanSectionOutput(many=True, source="sections.all",
                                 help_text="The printed plan's sections in order.")
    uses_weights = serializers.BooleanField(
        help_text="Indicator weights roll up to a score of each item (see `scores`).")
    objectives = serializers.CharField()
    published_on = serializers.DateField(allow_null=True,
                                         help_text="When it was first published.")
    version = serializers.IntegerField(help_text="Give it as `expected_version` to publish "
                                                 "or revise.")
    levels = PlanLevelOutput(many=True, source="levels.all")
    directives = PlanDirectiveOutput(many=True, source="directives.all")


class PlanNodeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    depth = serializers.IntegerField(help_text="0 at the top of the tree.")
    level = serializers.IntegerField(
        help_text="The plan level (name, numbering) it belongs to: depth or deeper where "
                  "its branch skips levels.")
    position = serializers.IntegerField()
    number = serializers.CharField(help_text="The number as written (plans numbered as "
                                             "written).")
    text = serializers.CharField()


class PlanActionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    node = serializers.IntegerField(source="node_id")
    text = serializers.CharField(source="node.text")
    deadline_kind = serializers.CharField(
        help_text="date, month, range, recurring, standing, or text (wording Minfu cannot "
                  "read: kept and printed, never due).")
    deadline = serializers.CharField(source="deadline_label", help_text="As the plan writes it.")
    deadline_warning = serializers.CharField(
        help_text="Why the deadline will not remind as expected (unread wording, a day "
                  "outside the plan's year), or empty.")
    deadline_day = serializers.DateField(allow_null=True)
    deadline_end = serializers.DateField(allow_null=True)
    every_months = serializers.IntegerField(allow_null=True)
    first_month = serializers.IntegerField(allow_null=True)
    month_day = serializers.IntegerField(allow_null=True)
    recurrence = serializers.SerializerMethodField(
        help_text="monthly, quarterly, half_yearly or yearly for those plain recurring "
                  "deadlines, else empty.")
    standing = serializers.CharField()
    due_dates = serializers.SerializerMethodField(
        help_text="The days it falls due in the plan's year, for reminders.")
    all_units = serializers.BooleanField()
    responsible_units = serializers.SerializerMethodField()
    expected_benefit = serializers.CharField()
    version = serializers.IntegerField()

    responsible_groups = serializers.SerializerMethodField(
        help_text="Names of the unit groups responsible (each of their units reports).")

    def get_responsible_units(self, action) -> list[str]:
        return [unit.code for unit in action.responsible_units.all()]

    def get_responsible_groups(self, action) -> list[str]:
        return [group.name for group in action.responsible_groups.all()]

    def get_recurrence(self, action) -> str:
        return action.deadline.recurrence or ""

    def get_due_dates(self, action) -> list[dt.date]:
        return deadlines.occurrences(action.deadline, action.plan.year)


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
    node = serializers.IntegerField(source="indicator.node_id", allow_null=True,
                                    help_text="The plan item it measures; null: the whole plan.")
    weight = serializers.DecimalField(source="indicator.weight", max_digits=6,
                                      decimal_places=2, allow_null=True)
    target = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    target_text = serializers.CharField(help_text="The year's target in words, if not a number.")
    actual = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    actual_text = serializers.CharField(source="indicator.actual_text")
    light = serializers.CharField(help_text="met, near, missed or unknown; a target in words "
                                            "as the coordinator judged it.")
    achievement = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True,
                                           help_text="Share of the target reached, 0 to 1.")


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
    level = serializers.IntegerField(
        required=False, allow_null=True,
        help_text="Default: the level below the parent's; deeper to skip levels.")
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)


class PlanNodeMoveInput(serializers.Serializer):
    direction = serializers.CharField(help_text="up or down.")


class PlanActionInput(serializers.Serializer):
    node = serializers.IntegerField()
    deadline = serializers.CharField(
        allow_blank=True, max_length=200,
        help_text="As the plan writes it, e.g. 114年6月30日, 114年12月底前, 3月至6月, 每季, "
                  "每3個月, 每年3月底前, 隨時辦理, 不定時, 即日起. Wording Minfu cannot read is "
                  "kept, with `deadline_warning` in the answer.")
    units = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                  help_text="Codes of the responsible units.")
    groups = serializers.ListField(child=serializers.CharField(), required=False, default=list,
                                   help_text="Names of responsible unit groups (各業務科).")
    all_units = serializers.BooleanField(required=False, default=False)
    expected_benefit = serializers.CharField(required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True)


class UnitGroupOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    name = serializers.CharField()
    units = serializers.SerializerMethodField(help_text="Codes of its units.")
    version = serializers.IntegerField()

    def get_units(self, group) -> list[str]:
        return [unit.code for unit in group.units.all()]


class UnitGroupInput(serializers.Serializer):
    organisation = serializers.CharField(help_text="Code of the organisation (on create).",
                                         required=False)
    name = serializers.CharField(max_length=40)
    units = serializers.ListField(child=serializers.CharField(), help_text="Unit codes.")
    expected_version = serializers.IntegerField(
        required=False, allow_null=True, help_text="The group's `version` (on change).")


class NodeScoreOutput(serializers.Serializer):
    node = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True,
                                       help_text="0-100; null while no indicator has a value.")
    weight = serializers.DecimalField(max_digits=10, decimal_places=2,
                                      help_text="The weights of the subtree's indicators.")


class PlanVersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(help_text="The plan's `version` you read.")


class PlanChangeOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="added, removed, changed or moved.")
    subject = serializers.CharField(help_text="plan, item or indicator.")
    label = serializers.CharField(help_text="The item or indicator as it reads.")
    fields = serializers.ListField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text="[field, before, after] of a change.")


class ProgrammeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    title = serializers.CharField()
    plans_due_month = serializers.IntegerField()
    plans_due_day = serializers.IntegerField(allow_null=True,
                                             help_text="Null: the month's last day.")


class SubmissionOutput(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.code")
    organisation_name = serializers.CharField(source="organisation.name_zh")
    plan = serializers.IntegerField(source="plan.pk", default=None, allow_null=True)
    published_on = serializers.DateField(source="plan.published_on", default=None,
                                         allow_null=True)
    due_on = serializers.DateField()
    state = serializers.CharField(help_text="on_time, late, draft or missing.")
    overdue = serializers.BooleanField(help_text="Not published and past the deadline.")


class RemindInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2200,
                                    help_text="Western calendar year.")


class RemindOutput(serializers.Serializer):
    told = serializers.IntegerField(help_text="People reminded (each once a day at most).")


class PlanImportInput(serializers.Serializer):
    file = serializers.FileField(help_text="The plan's sheet: .xlsx, .ods or .csv.")
    numbering = serializers.ChoiceField(
        choices=["generated", "as_written"], default="generated",
        help_text="as_written keeps the numbers the sheet writes (1.1, 2., (一)); generated "
                  "numbers each level by its style.")
    dry_run = serializers.BooleanField(
        default=False, help_text="Only read and check: nothing is saved.")


class SheetProblemOutput(serializers.Serializer):
    row = serializers.IntegerField(help_text="The sheet's row, 1 the header; 0 the file.")
    column = serializers.CharField()
    message = serializers.CharField()


class SheetItemOutput(serializers.Serializer):
    row = serializers.IntegerField()
    level = serializers.IntegerField(help_text="0 for the first level column.")
    number = serializers.CharField(help_text="As written (kept only with as_written).")
    text = serializers.CharField()
    deadline = serializers.CharField(source="action.deadline_label", default="")
    deadline_kind = serializers.CharField(source="action.deadline.kind", default="")
    units = serializers.CharField(source="action.units_label", default="")


class PlanImportOutput(serializers.Serializer):
    ok = serializers.BooleanField(help_text="True when nothing is wrong (warnings aside).")
    dry_run = serializers.BooleanField()
    imported = serializers.IntegerField(help_text="Items added; 0 on a dry run.")
    levels = serializers.ListField(child=serializers.CharField(),
                                   help_text="The level names of the sheet's columns.")
    items = SheetItemOutput(many=True, help_text="Depth first, in sheet order.")
    errors = SheetProblemOutput(many=True)
    warnings = SheetProblemOutput(many=True)


def _units_by_code(organisation, codes: list[str]) -> list[Unit]:
    units = list(Unit.objects.filter(organisation=organisation, code__in=codes))
    if len(units) != len(set(codes)):
        raise ValidationFailed(details={"units": [_("There is no unit with this code.")]})
    return units


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


PLAN_PARAMETER = OpenApiParameter("plan", int, description="Plan id.")
# Not `format`: DRF reads that one to choose its own renderer.
SHEET_FORMAT = OpenApiParameter("sheet_format", str, enum=["xlsx", "ods", "csv"],
                                description="The sheet's format (default xlsx).")


# Views ----------------------------------------------------------------------------------

@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("year", int, description="Western calendar year.")]))
class PlanViewSet(StaffAPIMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Execution plans of the organisations the user sees."""

    serializer_class = PlanOutput

    def get_queryset(self):
        plans = selectors.plans_for(self.request.user).prefetch_related("levels", "directives",
                                                                        "sections")
        year = _int(self.request.query_params.get("year"))
        return plans.filter(year=year) if year else plans.order_by("-year", "organisation__path")

    get_for = selectors.plan_get_for

    @extend_schema(request=PlanVersionInput, responses={200: PlanOutput})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish the plan (or its revision): it is frozen, and edits answer 409 until a
        revision is started."""
        data = read_input(PlanVersionInput, request)
        plan = services.plan_publish(actor=request.user, plan=self.get_object(),
                                     expected_version=data["expected_version"])
        return Response(PlanOutput(plan).data)

    @extend_schema(request=PlanVersionInput, responses={200: PlanOutput})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Start a revision of a published plan: a draft again, the published revision
        stays public until the revision is published."""
        data = read_input(PlanVersionInput, request)
        plan = services.plan_revise(actor=request.user, plan=self.get_object(),
                                    expected_version=data["expected_version"])
        return Response(PlanOutput(plan).data)

    @extend_schema(request=None, responses={200: PlanChangeOutput(many=True)})
    @action(detail=True, methods=["get"])
    def changes(self, request, pk=None):
        """What the plan now says differently from its last published revision (empty
        when it was never published)."""
        found = selectors.changes_since_published(self.get_object()) or []
        return Response(PlanChangeOutput(found, many=True).data)

    @extend_schema(request=None, responses={200: NodeScoreOutput(many=True)})
    @action(detail=True, methods=["get"])
    def scores(self, request, pk=None):
        """Each item's score where the plan scores by weight: the weighted achievement of
        the key indicators of its subtree; empty when the plan does not."""
        plan = self.get_object()
        scores = selectors.node_scores(plan, selectors.plan_indicators(plan))
        return Response(NodeScoreOutput([{"node": node, "percent": score.percent,
                                          "weight": score.weight}
                                         for node, score in sorted(scores.items())
                                         if score.weight], many=True).data)

    @extend_schema(request={"multipart/form-data": PlanImportInput},
                   responses={200: PlanImportOutput})
    @action(detail=True, methods=["post"], url_path="import")
    def import_sheet(self, request, pk=None):
        """Read the plan's sheet (its level columns, 完成期限, 執行單位, 預期效益) and, unless
        `dry_run`, append its items to the plan. Every problem of every row comes back;
        with an error nothing is saved (400 with the same body under `details`)."""
        plan = self.get_object()
        self.require(services.EDIT, organisation=plan.organisation)
        data = read_input(PlanImportInput, request)
        keep = data["numbering"] == "as_written"
        upload = data["file"]
        sheet = selectors.plan_sheet_read(plan, content=upload.read(), filename=upload.name,
                                          keep_numbers=keep)
        body = {"ok": sheet.ok, "dry_run": data["dry_run"], "imported": 0,
                "levels": sheet.levels, "items": sheet.nodes(), "errors": sheet.errors,
                "warnings": sheet.warnings}
        if not sheet.ok:
            raise ValidationFailed(_("Correct the rows listed and upload the file again."),
                                   code="sheet_invalid", details=PlanImportOutput(body).data)
        if not data["dry_run"]:
            body["imported"] = services.plan_import(actor=request.user, plan=plan, sheet=sheet,
                                                    keep_numbers=keep)
        return Response(PlanImportOutput(body).data)

    @extend_schema(parameters=[SHEET_FORMAT], request=None, responses={
        (200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """The plan as a sheet that imports back as the same plan."""
        return self._sheet(template=False)

    @extend_schema(parameters=[SHEET_FORMAT], request=None, responses={
        (200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def template(self, request, pk=None):
        """The plan's empty sheet: its level columns, then deadline, units and benefit."""
        return self._sheet(template=True)

    def _sheet(self, *, template: bool):
        plan = self.get_object()
        rows = selectors.plan_sheet_rows(plan, template=template)
        kind = "template" if template else "export"
        return table_download(self.request.query_params.get("sheet_format", "xlsx"),
                              filename=f"{plan.organisation.code}-{plan.roc_year}-plan-{kind}",
                              sheet=plan.title[:31], header=rows[0], rows=rows[1:])


class _ByPlan:
    def by_plan(self, queryset):
        plan = _int(self.request.query_params.get("plan"))
        return queryset.filter(plan_id=plan) if plan else queryset


@extend_schema_view(list=extend_schema(parameters=[PLAN_PARAMETER]))
class NodeViewSet(StaffAPIMixin, ScopedViewSetMixin, _ByPlan, mixins.ListModelMixin,
                  mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Nodes of the plans' trees (any depth); `parent` null for the top level."""

    serializer_class = PlanNodeOutput

    def get_queryset(self):
        from minfu.plans.models import PlanNode

        return self.by_plan(PlanNode.objects.filter(
            plan__organisation_id__in=self.scope.organisation_ids).order_by("plan", "path"))

    get_for = selectors.node_get_for

    @extend_schema(request=PlanNodeInput, responses={200: PlanNodeOutput})
    def create(self, request):
        """Add a node as the last child of `parent` (or at the top level)."""
        data = read_input(PlanNodeInput, request)
        plan = selectors.plan_get_for(request.user, data["plan"])
        parent = (selectors.node_get_for(request.user, data["parent"])
                  if data.get("parent") else None)
        node = services.node_add(actor=request.user, plan=plan, parent=parent,
                                 text=data["text"], level=data.get("level"),
                                 number=data["number"])
        return Response(PlanNodeOutput(node).data)

    @extend_schema(parameters=[OpenApiParameter(
        "confirm", bool, description="Required (true) to remove a node with nodes below it; "
                                     "without it the answer is 400 confirm_required listing "
                                     "what would go.")],
        responses={204: None})
    def destroy(self, request, pk=None):
        """Remove the node with its subtree, actions and indicators."""
        confirmed = str(request.query_params.get("confirm", "")).lower() in ("true", "1")
        services.node_delete(actor=request.user, node=self.get_object(), confirmed=confirmed)
        return Response(status=204)

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
        units = _units_by_code(node.plan.organisation, data["units"])
        groups = list(UnitGroup.objects.filter(organisation=node.plan.organisation,
                                               name__in=data["groups"]))
        if len(groups) != len(set(data["groups"])):
            raise ValidationFailed(details={"groups": [_("There is no unit group with this "
                                                         "name.")]})
        action_ = services.action_set(
            actor=request.user, node=node, deadline=data["deadline"], units=units, groups=groups,
            all_units=data["all_units"], expected_benefit=data["expected_benefit"],
            expected_version=data.get("expected_version"))
        return Response(PlanActionOutput(selectors.actions_for(request.user).get(
            pk=action_.pk)).data)


YEAR_PARAMETER = OpenApiParameter("year", int, description="Western calendar year; this "
                                                              "year by default.")


class ProgrammeViewSet(StaffReadViewSet):
    """The programmes of the ministries whose agencies' plans the user oversees."""

    serializer_class = ProgrammeOutput

    def get_queryset(self):
        return selectors.programmes_overseen(self.request.user).order_by("pk")

    get_for = selectors.programme_overseen

    @extend_schema(parameters=[YEAR_PARAMETER], responses={200: SubmissionOutput(many=True)})
    @action(detail=True, methods=["get"])
    def submissions(self, request, pk=None):
        """Each agency under the ministry with its plan for the year against the
        programme's deadline (end of January unless the programme says otherwise)."""
        today = timezone.localdate()
        year = _int(request.query_params.get("year")) or today.year
        found = selectors.plan_submissions(self.get_object(), year, today=today)
        return Response(SubmissionOutput(found, many=True).data)

    @extend_schema(request=RemindInput, responses={200: RemindOutput})
    @action(detail=True, methods=["post"])
    def remind(self, request, pk=None):
        """Remind, through the outbox, the agencies without a published plan for the year
        (their quality coordinators; at most once a day)."""
        data = read_input(RemindInput, request)
        told = services.plans_missing_remind(actor=request.user, programme=self.get_object(),
                                             year=data["year"])
        return Response(RemindOutput({"told": told}).data)


class UnitGroupViewSet(StaffReadViewSet):
    """Groups of an organisation's units (各業務科) that plans name as one responsible
    party; each unit of the group reports on the group's actions."""

    serializer_class = UnitGroupOutput

    list_for = selectors.unit_groups_for
    get_for = selectors.unit_group_get_for

    @extend_schema(request=UnitGroupInput, responses={200: UnitGroupOutput})
    def create(self, request):
        """A new group of the organisation's units."""
        data = read_input(UnitGroupInput, request)
        organisation = Organisation.objects.filter(
            pk__in=self.scope.organisation_ids, code=data.get("organisation", "")).first()
        if organisation is None:
            raise NotFound(_("No such organisation."))
        group = services.unit_group_save(
            actor=request.user, organisation=organisation, name=data["name"],
            units=_units_by_code(organisation, data["units"]))
        return Response(UnitGroupOutput(selectors.unit_group_get_for(request.user,
                                                                     group.pk)).data)

    @extend_schema(request=UnitGroupInput, responses={200: UnitGroupOutput})
    def update(self, request, pk=None):
        """Rename the group or change its units (give `expected_version`)."""
        group = self.get_object()
        data = read_input(UnitGroupInput, request)
        services.unit_group_save(
            actor=request.user, organisation=group.organisation, group=group,
            name=data["name"], units=_units_by_code(group.organisation, data["units"]),
            expected_version=data.get("expected_version"))
        return Response(UnitGroupOutput(self.get_object()).data)


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
class ReportViewSet(StaffReadViewSet):
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

    get_for = selectors.report_get_for

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
    ("unit-groups", UnitGroupViewSet, "plans-unit-group"),
    ("programmes", ProgrammeViewSet, "plans-programme"),
    ("reports", ReportViewSet, "plans-report"),
]
