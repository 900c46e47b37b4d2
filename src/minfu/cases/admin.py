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
    FetchedDocumentCheck,
)
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline
from minfu.records.admin import RecordEventInline


class EventInline(RecordEventInline):
    model = CaseEvent


class PauseInline(ReadOnlyInline):
    model = CasePause
    fields = ["kind", "reason", "legal_basis", "started_at", "ended_at"]


class ExtensionInline(ReadOnlyInline):
    model = CaseExtension
    fields = ["reason", "extra_value", "extra_unit", "approved_by", "notice_sent_at"]


class NoticeInline(ReadOnlyInline):
    model = DeficiencyNotice
    fields = ["sequence", "items", "supplement_due_date", "reason_for_repeat", "issued_at"]


class DocumentInline(ReadOnlyInline):
    model = CaseDocument
    # No file link: files are served only by the access-checked, audited download views.
    fields = ["original_name", "required_document", "on_paper", "recorded_by", "content_type",
              "size", "sha256", "uploaded_by_kind", "received_at"]


class FetchedCheckInline(ReadOnlyInline):
    model = FetchedDocumentCheck
    fields = ["required_document", "method", "checked_on", "note", "checked_by", "recorded_at"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organisation", "unit", "state", "received_at",
                    "legal_due_date", "norm_due_date", "assigned_officer"]
    list_filter = ["state", "channel", "legal_on_time", ("received_by", admin.EmptyFieldListFilter)]
    search_fields = ["number"]
    date_hierarchy = "received_at"
    exclude = ["access_code_hmac", "idempotency_key"]
    inlines = [EventInline, PauseInline, ExtensionInline, NoticeInline, DocumentInline,
               FetchedCheckInline]

    def get_queryset(self, request):
        return selectors.cases_for(request.user)
