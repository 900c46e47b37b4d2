"""Admin: rollups are derived data, so read-only; non-superusers see the rollups of the
organisations whose metrics they may view. The "rebuild" action (metrics.rebuild)
recomputes every rollup through the service."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import DomainError
from minfu.metrics import selectors, services
from minfu.metrics.models import DirtyDay, MonthRollup, Rollup
from minfu.org.admin_mixins import NoWritesAdminMixin, ReadOnlyAdminMixin
from minfu.org.permissions import can


class ReadOnlyScopedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "organisation", "unit_id", "service_type_id", "channel",
                    "numerator", "denominator"]
    list_filter = ["code", "channel"]
    list_select_related = ["organisation"]
    actions = ["rebuild"]

    def has_rebuild_permission(self, request):
        return can(request.user, services.REBUILD)

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        if request.user.is_superuser:
            return rows
        return rows.filter(organisation_id__in=selectors.viewable_organisation_ids(request.user))

    @admin.action(description=_("Rebuild every metric from the records"),
                  permissions=["rebuild"])
    def rebuild(self, request, queryset):
        try:
            result = services.rollups_rebuild(actor=request.user)
        except DomainError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, _("Rebuilt %(days)s days: %(rows)s rollup rows.")
                          % {"days": result.days, "rows": result.rows}, messages.SUCCESS)


@admin.register(Rollup)
class RollupAdmin(ReadOnlyScopedAdmin):
    list_display = ["day", *ReadOnlyScopedAdmin.list_display]
    date_hierarchy = "day"


@admin.register(MonthRollup)
class MonthRollupAdmin(ReadOnlyScopedAdmin):
    list_display = ["month", *ReadOnlyScopedAdmin.list_display]


@admin.register(DirtyDay)
class DirtyDayAdmin(NoWritesAdminMixin, admin.ModelAdmin):
    list_display = ["day", "marked_at"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
