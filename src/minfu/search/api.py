"""REST API of the search, under /api/v1/search/.

`GET /api/v1/search/?q=...&source=...`: the public search (services, articles, published
replies) for anyone; signed-in staff get the staff search (also internal answers and the
records in their scope). Results best first, paginated with `limit` and `offset`, counted
up to 1,000 (`count`: 1000 means 1,000 or more); the
title and snippet come escaped with the matches in <mark>. The public search is counted in
the query log (first page only, without personal data)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from minfu.core.api import read_query
from minfu.org.selectors import is_staff_member
from minfu.search import results, selectors, services, text
from minfu.search.sources import sources


class SearchInput(serializers.Serializer):
    q = serializers.CharField(max_length=text.MAX_QUERY_CHARS, allow_blank=True,
                              help_text="What to find: Chinese (traditional or simplified), "
                                        "English, numbers; at most 100 characters.")
    source = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                   help_text="Only results of this source (service, article, "
                                             "reply; for staff also application, petition).")

    def validate_source(self, value: str) -> str:
        if value and value not in sources():
            raise serializers.ValidationError(f"Unknown source; one of: {', '.join(sources())}.")
        return value


class ResultOutput(serializers.Serializer):
    source = serializers.CharField(help_text="The source's code.")
    source_label = serializers.CharField()
    key = serializers.CharField(help_text="The document's key within its source.")
    title = serializers.CharField(help_text="Escaped HTML, matches in <mark>.")
    snippet = serializers.CharField(help_text="Escaped HTML, matches in <mark>.")
    url = serializers.CharField(help_text="The page's path in the request's language.")
    kind = serializers.CharField()
    number = serializers.CharField(help_text="A record's number (staff); else empty.")
    published_at = serializers.DateTimeField(allow_null=True)
    score = serializers.IntegerField(help_text="Higher is better (see docs/search.md).")

    def to_representation(self, instance):
        hit = instance
        return {
            "source": hit.source, "source_label": hit.source_label, "key": hit.key,
            "title": str(hit.title), "snippet": str(hit.snippet), "url": hit.path,
            "kind": hit.entry.kind, "number": hit.entry.number,
            "published_at": serializers.DateTimeField().to_representation(
                hit.entry.published_at) if hit.entry.published_at else None,
            "score": hit.entry.score,
        }


@extend_schema_view(list=extend_schema(parameters=[SearchInput], auth=[]))
class SearchViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """One search over services, articles and published replies; staff also find the
    records they may see."""

    permission_classes = [AllowAny]
    serializer_class = ResultOutput

    def list(self, request, *args, **kwargs):
        self._input = read_query(SearchInput, request)
        self._query = text.parse(self._input["q"])
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        source = self._input.get("source", "")
        if is_staff_member(self.request.user):
            return selectors.staff_search(self.request.user, self._query, source=source)
        return selectors.public_search(self._query, source=source)

    def paginate_queryset(self, queryset):
        self.paginator.get_count = selectors.capped_count   # counts up to MAX_RESULTS
        page = super().paginate_queryset(queryset)
        staff = is_staff_member(self.request.user)
        if not staff and self._query and self.paginator.offset == 0 and not self._input.get(
                "source"):
            services.query_log_record(query=self._query, results=self.paginator.count)
        return results.hits(page, self._query)


routes = [("", SearchViewSet, "search")]
