"""Admin of proposals and sessions: read-only (every change goes through the services, so
the counts, the deadlines, the waiting list and the audit trail stay whole); staff see
what the scoped selectors give them. Imported by admin.py."""

from django.contrib import admin
from django.http import Http404

from minfu.core.ids import as_id
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline
from minfu.participation import proposals_selectors, sessions_selectors
from minfu.participation.models.proposals import Proposal, ProposalSignature
from minfu.participation.models.sessions import Registration, Session, SessionDecision


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
