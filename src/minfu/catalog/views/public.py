"""Public pages: the searchable catalogue, the service page (the one-time notice of every
document needed), and the processing-period table with its CSV and ODS downloads."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from minfu.catalog import period_table, selectors
from minfu.catalog.forms import CatalogueSearchForm
from minfu.catalog.periods import describe_period
from minfu.core.sheets import write_csv, write_ods

PAGE_SIZE = 20


def service_list(request):
    organisations = list(selectors.public_organisations())
    tags = list(selectors.active_tags())
    form = CatalogueSearchForm(request.GET or None, organisations=organisations, tags=tags)
    if form.is_bound:
        form.is_valid()  # invalid choices are shown on the form and left out of the search
    criteria = form.criteria()
    query = selectors.CatalogueQuery(
        text=criteria["q"], organisation=criteria["organisation"], channel=criteria["channel"],
        applicant_kind=criteria["applicant"], topic=criteria["topic"],
        policy=criteria["policy"], service=criteria["service"])
    versions = selectors.public_catalogue(on=timezone.localdate(), query=query)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    return render(request, "catalog/public/list.html", {
        "form": form,
        "page_obj": page,
        "results": [(version, describe_period(version.period, language)) for version in page],
        "searched": any(criteria.values()),
        "breadcrumbs": [(_("Services"), None)],
    })


def service_detail(request, organisation_code: str, code: str):
    version = selectors.public_service(organisation_code=organisation_code, code=code,
                                       on=timezone.localdate())
    language = get_language()
    documents = list(version.documents.all())
    return render(request, "catalog/public/detail.html", {
        "version": version,
        "organisation": version.service_type.organisation,
        "documents": documents,
        "documents_to_bring": [d for d in documents if not d.fetched_by_agency],
        "period_words": describe_period(version.period, language),
        "norm_words": describe_period(version.norm, language),
        "breadcrumbs": [(_("Services"), reverse("catalog:public-list")),
                        (version.name, None)],
    })


def period_tables(request):
    organisation_code = request.GET.get("organisation", "")
    language = get_language()
    tables = selectors.period_tables(on=timezone.localdate(), organisation_code=organisation_code)
    return render(request, "catalog/public/periods.html", {
        "tables": [{
            "organisation": table.organisation,
            "title": period_table.title(table.organisation, table.updated_on, language),
            "headers": period_table.headers(language),
            "rows": period_table.rows(table.versions, language),
        } for table in tables],
        "organisations": selectors.public_organisations(),
        "selected": organisation_code,
        "breadcrumbs": [(_("Services"), reverse("catalog:public-list")),
                        (_("Processing periods"), None)],
    })


def period_table_download(request, organisation_code: str, extension: str):
    tables = selectors.period_tables(on=timezone.localdate(), organisation_code=organisation_code)
    if not tables:
        raise Http404(_("This organisation publishes no processing periods."))
    table = tables[0]
    language = get_language()
    if extension == "csv":
        content = write_csv(period_table.csv_rows(table.versions, language))
        content_type = "text/csv; charset=utf-8"
    else:
        content = write_ods(period_table.ods_workbook(table.organisation, table.versions,
                                                      table.updated_on, language))
        content_type = "application/vnd.oasis.opendocument.spreadsheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True,
        filename=period_table.filename(table.organisation, table.updated_on, extension))
    return response
