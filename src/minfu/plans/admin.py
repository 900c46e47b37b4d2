"""Admin: plans are edited through the staff pages (services keep the audit trail and the
tree's paths); here they can be looked at. Non-superusers see the plans of their scope."""

from django.contrib import admin

from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline
from minfu.org.selectors import visible_scope
from minfu.plans.models import (
    Action,
    Directive,
    IndicatorTarget,
    KeyIndicator,
    Measure,
    Plan,
    PlanLevel,
    PlanNode,
    PlanRevision,
    Programme,
    ProgressReport,
    ReportingPeriod,
    UnitGroup,
)


class ScopedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    organisation_field = "plan__organisation_id"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.organisation_field}__in":
                                  visible_scope(request.user).organisation_ids})


class LevelInline(ReadOnlyInline):
    model = PlanLevel


class DirectiveInline(ReadOnlyInline):
    model = Directive


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    organisation_field = "organisation_id"
    list_display = ["title", "organisation", "year", "status"]
    list_filter = ["status", "year"]
    search_fields = ["title", "organisation__code"]
    list_select_related = ["organisation"]
    inlines = [LevelInline, DirectiveInline]


@admin.register(PlanNode)
class PlanNodeAdmin(ScopedAdmin):
    list_display = ["text", "plan", "depth", "position"]
    list_select_related = ["plan"]
    search_fields = ["text"]


@admin.register(Action)
class ActionAdmin(ScopedAdmin):
    list_display = ["__str__", "plan", "deadline_kind", "all_units"]
    list_select_related = ["plan", "node"]
    list_filter = ["deadline_kind"]


class TargetInline(ReadOnlyInline):
    model = IndicatorTarget


@admin.register(KeyIndicator)
class KeyIndicatorAdmin(ScopedAdmin):
    list_display = ["name", "plan", "metric_code", "direction"]
    list_select_related = ["plan"]
    inlines = [TargetInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ScopedAdmin):
    list_display = ["label", "plan", "start", "end", "due"]
    list_select_related = ["plan"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedAdmin):
    organisation_field = "action__plan__organisation_id"
    list_display = ["action", "unit", "period", "occurrence", "status", "review_state"]
    list_filter = ["status", "review_state"]
    list_select_related = ["action__node", "unit", "period"]


class MeasureInline(ReadOnlyInline):
    model = Measure


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    organisation_field = "organisation_id"
    list_display = ["title", "organisation", "issued_on"]
    inlines = [MeasureInline]


@admin.register(UnitGroup)
class UnitGroupAdmin(ScopedAdmin):
    organisation_field = "organisation_id"
    list_display = ["name", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "organisation__code"]


@admin.register(PlanRevision)
class PlanRevisionAdmin(ScopedAdmin):
    list_display = ["plan", "number", "published_on", "published_by"]
    list_select_related = ["plan", "published_by"]
    exclude = ["pdf", "odt"]
