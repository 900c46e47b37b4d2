"""What applications offer to the search (minfu.search.sources): every application, for
staff only (public=False), by its number, the applicant's name and the service applied
for, in its unit and organisation, for holders of `cases.view`."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from minfu.cases.models import Case
from minfu.cases.selectors import VIEW
from minfu.search.sources import SearchDocument, queryset_source

SOURCE = "application"


def _cases():
    return Case.objects.select_related("service_type_version").order_by("pk")


def _document(case: Case) -> SearchDocument:
    version = case.service_type_version
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("cases:staff-detail", args=[case.pk])
    return SearchDocument(
        source=SOURCE, key=str(case.pk), title_zh=f"{version.name_zh} {case.applicant_name}",
        title_en=f"{version.name_en} {case.applicant_name}" if version.name_en else "",
        path=path, organisation_id=case.organisation_id, unit_id=case.unit_id, public=False,
        permission=VIEW, number=case.number,
        published_at=case.received_at)


SOURCES = [queryset_source(code=SOURCE, label=_("Application"), queryset=_cases,
                           to_document=_document)]
