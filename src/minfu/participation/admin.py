"""Admin: where the quality office sets up consultations (sections, attachments) and polls
(options) for now; comments, ballots, participants and links are read-only here (their
changes go through the services, so the history and audit trail stay whole).
Non-superusers see only the organisations where they hold participation.manage. Proposals
and co-design sessions are read-only, seen through their scoped selectors."""

from django.contrib import admin
from django.http import Http404

from minfu.core.audit import record
from minfu.core.ids import as_id
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline
from minfu.participation import actions, proposals_selectors, selectors, sessions_selectors
from minfu.participation.models import (
    Attachment,
    Comment,
    Consultation,
    Participant,
    Poll,
    PollOption,
    ResultLink,
    Section,
)
from minfu.participation.models.proposals import Proposal, ProposalSignature
from minfu.participation.models.sessions import Registration, Session, SessionDecision


class SectionInline(admin.StackedInline):
    model = Section
    extra = 1


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


class OptionInline(admin.TabularInline):
    model = PollOption
    extra = 2


class ActivityAdmin(admin.ModelAdmin):
    """A consultation or a poll: scoped; each save bumps its version (pages carry it)
    and is an audit event."""

    audit_action = ""

    def get_queryset(self, request):
        return selectors.scoped(super().get_queryset(request), request.user,
                                "participation.manage")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            kwargs["queryset"] = selectors.manageable_organisations(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        record(actor=request.user, action=self.audit_action, obj=obj,
               after={"fields": form.changed_data})


@admin.register(Consultation)
class ConsultationAdmin(ActivityAdmin):
    audit_action = actions.CONSULTATION_SAVED
    list_display = ["title", "organisation", "opens_at", "closes_at", "published", "closed_at"]
    list_filter = ["published", "moderation"]
    search_fields = ["title"]
    exclude = ["version"]
    readonly_fields = ["closed_at", "report_published_at"]
    inlines = [SectionInline, AttachmentInline]


@admin.register(Poll)
class PollAdmin(ActivityAdmin):
    audit_action = actions.POLL_SAVED
    list_display = ["title", "organisation", "opens_at", "closes_at", "published", "multiple"]
    list_filter = ["published", "multiple"]
    search_fields = ["title"]
    exclude = ["version"]
    inlines = [OptionInline]


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "consultation", "state", "verdict", "created_at"]
    list_filter = ["state", "verdict"]
    search_fields = ["number"]
    exclude = ["access_code_hmac", "idempotency_key", "participant"]

    def get_queryset(self, request):
        return selectors.scoped(super().get_queryset(request), request.user)


@admin.register(ResultLink)
class ResultLinkAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["source_type", "source_id", "improvement_item", "plan_action", "created_at"]

    def get_queryset(self, request):
        return selectors.scoped(super().get_queryset(request), request.user)


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Masked addresses only; for superusers (participants belong to no organisation)."""

    list_display = ["masked", "kind", "created_at", "last_verified_at"]
    fields = ["masked", "kind", "created_at", "last_verified_at"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


# ----- proposals and co-design sessions: read-only (every change goes through the services,
# so the counts, the deadlines, the waiting list and the audit trail stay whole); staff see
# what the scoped selectors give them.

class _Scoped(ReadOnlyAdminMixin, admin.ModelAdmin):
    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.get_queryset(request).filter(pk=as_id(object_id)).exists():
            raise Http404
        return super().change_view(request, object_id, form_url, extra_context)


class SignatureInline(ReadOnlyInline):
    model = ProposalSignature
    fields = ["participant", "signed_at", "withdrawn_at"]


@admin.register(Proposal)
class ProposalAdmin(_Scoped):
    list_display = ["number", "title", "organisation", "state", "signature_count", "threshold",
                    "response_due_on"]
    list_filter = ["state"]
    search_fields = ["number", "title"]
    inlines = [SignatureInline]

    def get_queryset(self, request):
        return proposals_selectors.proposals_for(request.user)


class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = ["participant", "name", "status", "registered_at", "promoted_at", "attended"]


class DecisionInline(ReadOnlyInline):
    model = SessionDecision
    fields = ["text_zh", "text_en", "created_at"]


@admin.register(Session)
class SessionAdmin(_Scoped):
    list_display = ["title_zh", "organisation", "starts_at", "capacity", "state"]
    list_filter = ["state", "format"]
    search_fields = ["title_zh", "title_en"]
    inlines = [RegistrationInline, DecisionInline]

    def get_queryset(self, request):
        return sessions_selectors.sessions_for(request.user)
