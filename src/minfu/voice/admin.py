"""Admin: petitions are read-only here (every change goes through the services, so the
timeline and the audit trail stay whole). Non-superusers see what the staff selectors
give them; a petition outside that (another agency's, or a head-of-agency mailbox case
for a non-reader) is 404. Configuration models are editable by superusers only; staff
configure through the staff pages."""

from django.contrib import admin
from django.http import Http404

from minfu.core.ids import as_id
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline
from minfu.records.admin import RecordEventInline
from minfu.voice import selectors
from minfu.voice.models import (
    Category,
    FollowUp,
    MailboxReader,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    Reply,
    RoutingRule,
)


class EventInline(RecordEventInline):
    model = PetitionEvent


class ReplyInline(ReadOnlyInline):
    model = Reply
    fields = ["language", "text", "legal_basis", "remedies", "publish", "drafted_by",
              "approved_by", "approved_at"]


class AttachmentInline(ReadOnlyInline):
    model = PetitionAttachment
    fields = ["original_name", "content_type", "size", "received_at"]


@admin.register(Petition)
class PetitionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organisation", "unit", "kind", "channel", "state",
                    "received_at", "due_date", "assigned_officer"]
    list_filter = ["state", "kind", "channel", "on_time"]
    search_fields = ["number", "subject"]
    date_hierarchy = "received_at"
    exclude = ["access_code_hmac", "idempotency_key"]
    inlines = [EventInline, ReplyInline, AttachmentInline]

    def get_queryset(self, request):
        return selectors.petitions_for(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.get_queryset(request).filter(pk=as_id(object_id)).exists():
            raise Http404
        return super().change_view(request, object_id, form_url, extra_context)


class SuperuserConfigAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(Category)
class CategoryAdmin(SuperuserConfigAdmin):
    list_display = ["organisation", "code", "name_zh", "limit_value", "limit_unit",
                    "default_unit", "active"]
    list_filter = ["limit_unit", "active"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(SuperuserConfigAdmin):
    list_display = ["organisation", "priority", "category", "unit", "active"]


@admin.register(MailboxReader)
class MailboxReaderAdmin(SuperuserConfigAdmin):
    list_display = ["organisation", "user"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["petition", "unit", "created_at", "closed_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(
            petition__in=selectors.petitions_for(request.user).values("pk"))
