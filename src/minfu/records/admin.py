"""Admin pieces every record kind shares, and the retention rules, legal holds and
retention runs."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import DomainError
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline
from minfu.org.selectors import is_staff_member
from minfu.records import services
from minfu.records.models import LegalHold, RetentionRule, RetentionRun


class RecordEventInline(ReadOnlyInline):
    """A record's history, read only (set `model` to the kind's event model)."""

    fields = ["occurred_at", "action", "from_state", "to_state", "actor_kind", "actor",
              "public_note_zh", "public_note_en", "internal_note_zh", "internal_note_en"]


# ----- retention (docs/retention.md) ---------------------------------------------------

class SuperuserWritesMixin:
    """Retention decides when personal data goes: only superusers change it, staff look."""

    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_member(request.user)

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RetentionRule)
class RetentionRuleAdmin(SuperuserWritesMixin, admin.ModelAdmin):
    list_display = ["kind", "outcome", "years", "legal_basis"]

    def save_model(self, request, obj, form, change):
        services.retention_rule_save(actor=request.user, rule=obj)


@admin.register(LegalHold)
class LegalHoldAdmin(SuperuserWritesMixin, admin.ModelAdmin):
    list_display = ["kind", "record_id", "reason", "placed_by", "placed_at", "released_at"]
    list_filter = ["kind", ("released_at", admin.EmptyFieldListFilter)]
    fields = ["kind", "record_id", "reason", "released_at"]

    def get_readonly_fields(self, request, obj=None):
        # A hold names its record once; afterwards it can only be released.
        return ["kind", "record_id", "reason"] if obj else []

    def save_model(self, request, obj, form, change):
        try:
            if not change:
                placed = services.legal_hold_place(
                    actor=request.user, kind=obj.kind, record_id=obj.record_id,
                    reason=obj.reason)
                obj.pk = placed.pk
            elif obj.released_at and "released_at" in form.changed_data:
                services.legal_hold_release(actor=request.user, hold=obj)
        except DomainError as error:
            messages.error(request, str(error.message))


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["started_at", "finished_at", "dry_run", "trigger", "anonymised", "files",
                    "held"]
    list_filter = ["dry_run"]

    @admin.display(description=_("records cleared"))
    def anonymised(self, run):
        return run.total("anonymised")

    @admin.display(description=_("files deleted"))
    def files(self, run):
        return run.total("files")

    @admin.display(description=_("under a legal hold"))
    def held(self, run):
        return run.total("held")
