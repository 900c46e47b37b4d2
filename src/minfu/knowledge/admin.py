"""Admin: articles, votes and calls are read-only here (every change goes through the
services, so the review rule, the versions and the audit trail stay whole). Non-superusers
see what the staff selectors give them; another agency's article is 404."""

from django.contrib import admin
from django.http import Http404

from minfu.core.ids import as_id
from minfu.knowledge import selectors
from minfu.knowledge.models import (
    Article,
    ArticleAttachment,
    ArticleUse,
    ArticleVersion,
    HotlineCall,
    Vote,
)
from minfu.org.admin_mixins import ReadOnlyAdminMixin, ReadOnlyInline


class VersionInline(ReadOnlyInline):
    model = ArticleVersion
    fields = ["number", "title_zh", "title_en", "reviewed_by", "approved_at", "published_at"]


class AttachmentInline(ReadOnlyInline):
    model = ArticleAttachment
    fields = ["original_name", "content_type", "size", "received_at"]


class UseInline(ReadOnlyInline):
    model = ArticleUse
    fields = ["version_number", "petition", "call", "used_by", "used_at"]


class ScopedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.get_queryset(request).filter(pk=as_id(object_id)).exists():
            raise Http404
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Article)
class ArticleAdmin(ScopedAdmin):
    list_display = ["title_zh", "organisation", "kind", "state", "review_by", "updated_at"]
    list_filter = ["state", "kind"]
    search_fields = ["title_zh", "title_en"]
    inlines = [VersionInline, AttachmentInline, UseInline]

    def get_queryset(self, request):
        return selectors.articles_for(request.user)


@admin.register(Vote)
class VoteAdmin(ScopedAdmin):
    list_display = ["article", "version_number", "helpful", "voted_at"]
    list_filter = ["helpful"]
    exclude = ["voter"]

    def get_queryset(self, request):
        return Vote.objects.filter(article__in=selectors.articles_for(request.user).values("pk"))


@admin.register(HotlineCall)
class HotlineCallAdmin(ScopedAdmin):
    list_display = ["question", "organisation", "outcome", "article", "taken_at"]
    list_filter = ["outcome"]
    exclude = ["idempotency_key"]

    def get_queryset(self, request):
        return selectors.calls_for(request.user, limit=None)
