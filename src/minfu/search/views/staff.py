"""The staff search (/staff/search/): services, articles (internal ones too) and the
records in the user's scope; an exact record number goes straight to the record."""

from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from minfu.org.auth import staff_required
from minfu.search import results, selectors
from minfu.search.views.public import search_page


@require_GET
@staff_required
def search(request):
    record = selectors.staff_record_by_number(request.user, request.GET.get("q", ""))
    if record is not None:
        return redirect(results.localised_path(record.path))
    return search_page(request, template="search/staff/search.html", log=False,
                       matching=lambda query, source: selectors.staff_search(
                           request.user, query, source=source))
