"""Public pages of open data: the performance pages (an agency, or every agency) with
their download, the list of datasets and a dataset's page with its metadata and the
history of its publications, the files at their stable addresses and the DCAT catalogue.
No sign-in; no personal data."""

import datetime as dt
import json

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from minfu.core.exports import table_download
from minfu.core.replica import reads_from_replica
from minfu.core.site import site_url
from minfu.opendata import dcat, performance, registry, selectors


@require_GET
@reads_from_replica
def performance_index(request):
    return _performance(request, None)


@require_GET
@reads_from_replica
def performance_detail(request, code: str):
    return _performance(request, selectors.public_organisation(code))


def _performance(request, organisation):
    report = selectors.performance_report(organisation)
    if "format" in request.GET:
        code = organisation.code if organisation else "all"
        return table_download(request.GET["format"], filename=f"performance-{code}",
                              sheet=code[:31], header=performance.download_header(),
                              rows=performance.download_rows(report))
    crumbs = [(_("Service performance"), reverse("opendata:performance") if organisation
               else None)]
    if organisation:
        crumbs.append((organisation.name, None))
    return render(request, "opendata/public/performance.html", {
        "report": report, "organisation": organisation,
        "charts": [(table, performance.chart_of(table, report.min_count))
                   for table in report.tables],
        "organisations": selectors.public_organisations(),
        "dataset": selectors.public_datasets().filter(
            kind="performance", organisation=organisation).first() if organisation else None,
        "breadcrumbs": crumbs,
    })


@require_GET
@reads_from_replica
def dataset_list(request):
    datasets = [(dataset, selectors.latest_publication(dataset))
                for dataset in selectors.public_datasets()]
    return render(request, "opendata/public/list.html", {
        "datasets": datasets,
        "breadcrumbs": [(_("Open data"), None)],
    })


@require_GET
@reads_from_replica
def dataset_detail(request, slug: str):
    dataset = selectors.public_dataset(slug)
    spec = registry.kind(dataset.kind)
    return render(request, "opendata/public/detail.html", {
        "dataset": dataset, "spec": spec,
        "latest": selectors.latest_publication(dataset),
        "publications": list(dataset.publications.all()),
        "licence": {"zh": registry.LICENCE_ZH, "en": registry.LICENCE_EN,
                    "url": registry.LICENCE_URL},
        "fee": {"zh": registry.FEE_ZH, "en": registry.FEE_EN},
        "encoding": registry.ENCODING, "formats": registry.FORMATS,
        "breadcrumbs": [(_("Open data"), reverse("opendata:list")), (dataset.title, None)],
    })


def _day(version: str) -> dt.date:
    try:
        return dt.date.fromisoformat(version)
    except ValueError:
        raise Http404(_("No such version.")) from None


@require_GET
def dataset_file(request, slug: str, version: str, name: str):
    """/open-data/<slug>/latest/<file> and /open-data/<slug>/<YYYY-MM-DD>/<file>."""
    dataset = selectors.public_dataset(slug)
    if version == "latest":
        publication = selectors.latest_publication(dataset)
        if publication is None:
            raise Http404(_("Nothing is published yet."))
    else:
        publication = selectors.publication_on(dataset, _day(version))
    described = publication.file(name)
    if described is None:
        raise Http404(_("No such file."))
    try:
        handle = default_storage.open(f"{publication.folder}/{name}", "rb")
    except OSError:
        raise Http404(_("No such file.")) from None
    content_type = described["media_type"]
    if content_type.startswith("text/") or content_type == "application/json":
        content_type += "; charset=utf-8"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Last-Modified"] = http_date(publication.published_at.timestamp())
    response["Cache-Control"] = "public, max-age=600" if version == "latest" \
        else "public, max-age=86400"
    return response


@require_GET
@reads_from_replica
def catalogue_jsonld(request):
    """The same document whatever the visitor's language (its links are the Chinese,
    unprefixed, pages)."""
    with translation.override(settings.LANGUAGE_CODE):
        document = _catalogue()
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2),
                            content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _catalogue() -> dict:
    nodes = []
    modified = None
    for dataset in selectors.public_datasets():
        publication = selectors.latest_publication(dataset)
        if publication and (modified is None or publication.published_at > modified):
            modified = publication.published_at
        page = site_url(reverse("opendata:detail", args=[dataset.slug]))
        nodes.append(dcat.dataset_node(
            dataset, publication, page_url=page,
            file_url=lambda name, slug=dataset.slug: site_url(
                reverse("opendata-files:file", args=[slug, "latest", name]))))
    return dcat.catalogue(
        catalogue_url=site_url(reverse("opendata-files:catalogue")),
        homepage=site_url(reverse("opendata:list")), title_zh="為民服務平台開放資料",
        title_en="Minfu open data", publisher="為民服務平台 Minfu", datasets=nodes,
        modified=modified)
