"""The public search page (/search/) and its click-through (/search/go/): one box that
finds services, articles and published replies, never records."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from minfu.search import results, selectors, services, text
from minfu.search.sources import sources

PAGE_SIZE = 20


class ResultPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return selectors.capped_count(self.object_list)


def search_page(request, *, template: str, matching, log: bool, extra: dict | None = None):
    query = text.parse(request.GET.get("q", ""))
    source = request.GET.get("source", "")
    if source not in sources():
        source = ""
    context = {"query": query, "source": source, "breadcrumbs": [(_("Search"), None)],
               **(extra or {})}
    if query:
        every = matching(query, "")
        entries = matching(query, source) if source else every
        page = ResultPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        first_page = request.GET.get("page", "1") in ("", "1")
        if log and first_page and not source:
            services.query_log_record(query=query, results=page.paginator.count)
        context.update(page_obj=page, hits=results.hits(page.object_list, query),
                       counts=selectors.source_counts(every), total=page.paginator.count,
                       capped=page.paginator.count >= selectors.MAX_RESULTS,
                       max_results=selectors.MAX_RESULTS)
    return render(request, template, context)


@require_GET
def search(request):
    return search_page(request, template="search/public/search.html", log=True,
                       matching=lambda query, source: selectors.public_search(query,
                                                                               source=source))


@require_GET
def go(request):
    """Count the opened result for the query (today's log), then go to its page."""
    source, _sep, key = request.GET.get("to", "").partition(":")
    entry = selectors.entry_for_click(source=source, key=key)
    services.result_click_record(normalised=request.GET.get("q", ""), source=source, key=key)
    return redirect(results.localised_path(entry.path))
