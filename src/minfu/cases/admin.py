"""Admin: applications are read-only here (every change goes through the services, so
that the history and the audit trail stay whole). Non-superusers see the cases the staff
selectors give them, nothing more."""

from django.contrib import admin

from minfu.cases import selectors
from minfu.cases.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseExtension,
    CasePause,
    DeficiencyNotice,
)
from minfu.org.selectors import is_staff_member


class ReadOnlyMixin:
    def has_module_permission(self, request):
        return is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_member(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseEvent
    fields = ["at", "action", "from_state", "to_state", "actor_kind", "actor"]
    readonly_fields = fields
    extra = 0


class PauseInline(ReadOnlyMixin, admin.TabularInline):
    model = CasePause
    fields = ["kind", "reason", "legal_basis", "started_at", "ended_at"]
    readonly_fields = fields
    extra = 0


class ExtensionInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseExtension
    fields = ["reason", "extra_value", "extra_unit", "approved_by", "notice_sent_at"]
    readonly_fields = fields
    extra = 0


class NoticeInline(ReadOnlyMixin, admin.TabularInline):
    model = DeficiencyNotice
    fields = ["sequence", "items", "supplement_due_date", "reason_for_repeat", "issued_at"]
    readonly_fields = fields
    extra = 0


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = CaseDocument
    fields = ["original_name", "required_document", "content_type", "size", "sha256",
              "uploaded_by_kind", "received_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "organisation", "unit", "state", "received_at",
                    "legal_due_date", "norm_due_date", "assigned_officer"]
    list_filter = ["state", "channel", "legal_on_time"]
    search_fields = ["number"]
    date_hierarchy = "received_at"
    exclude = ["access_code_hmac", "idempotency_key"]
    inlines = [EventInline, PauseInline, ExtensionInline, NoticeInline, DocumentInline]

    def get_queryset(self, request):
        return selectors.cases_for(request.user)
