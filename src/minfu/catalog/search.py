"""What the catalogue offers to the search (minfu.search.sources): every listed service
type, with the version in force today: its name, description, fee, where to apply and the
names of the documents to bring. Public."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from minfu.catalog.models import ServiceTypeVersion
from minfu.catalog.selectors import SEARCH_SOURCE, public_versions
from minfu.search.sources import SearchDocument, queryset_source

SOURCE = SEARCH_SOURCE


def _document(version: ServiceTypeVersion) -> SearchDocument:
    service_type = version.service_type
    documents = list(version.documents.all())
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("catalog:public-detail",
                       args=[service_type.organisation.code, service_type.code])
    body_zh = "\n".join([version.description_zh, version.fee_zh, version.where_to_apply_zh,
                         *(d.name_zh for d in documents)])
    body_en = "\n".join([version.description_en, version.fee_en, version.where_to_apply_en,
                         *(d.name_en for d in documents if d.name_en)])
    return SearchDocument(
        source=SOURCE, key=str(service_type.pk), title_zh=version.name_zh,
        title_en=version.name_en, body_zh=body_zh.strip(), body_en=body_en.strip(), path=path,
        organisation_id=service_type.organisation_id, unit_id=version.responsible_unit_id,
        public=True,
        published_at=version.published_at)


def _versions():
    return public_versions(on=timezone.localdate()).prefetch_related("documents")


SOURCES = [queryset_source(code=SOURCE, label=_("Service"), queryset=_versions,
                           to_document=_document, key_field="service_type_id",
                           chunk_size=500)]
