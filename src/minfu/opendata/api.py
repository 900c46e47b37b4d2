"""REST API of open data (read-only, no sign-in): the published datasets with the national
platform's metadata, their fields, their latest files (stable addresses) and the history
of publications. `routes` is mounted at /api/v1/opendata/ by minfu.api.urls."""

from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from minfu.core.site import site_url
from minfu.opendata import registry, selectors


class OpendataFileOutput(serializers.Serializer):
    name = serializers.CharField()
    format = serializers.CharField()
    media_type = serializers.CharField()
    bytes = serializers.IntegerField()
    sha256 = serializers.CharField()
    url = serializers.CharField(help_text="Stable address of this file in this version.")


class OpendataPublicationOutput(serializers.Serializer):
    published_on = serializers.DateField()
    published_at = serializers.DateTimeField()
    rows = serializers.IntegerField()
    files = OpendataFileOutput(many=True)


class OpendataFieldOutput(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.CharField(help_text="A Table Schema type.")
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    description_zh = serializers.CharField(allow_blank=True)
    description_en = serializers.CharField(allow_blank=True)


class OpendataTableOutput(serializers.Serializer):
    name = serializers.CharField(help_text="The resource name; its CSV file is <name>.csv.")
    title_zh = serializers.CharField()
    title_en = serializers.CharField()
    fields = OpendataFieldOutput(many=True)


class OpendataProviderOutput(serializers.Serializer):
    code = serializers.CharField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField(allow_blank=True)


class OpendataContactOutput(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class OpendataLicenceOutput(serializers.Serializer):
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    url = serializers.CharField()


class OpendataDatasetOutput(serializers.Serializer):
    slug = serializers.CharField()
    kind = serializers.CharField()
    title_zh = serializers.CharField()
    title_en = serializers.CharField(allow_blank=True)
    description_zh = serializers.CharField()
    description_en = serializers.CharField(allow_blank=True)
    provider = OpendataProviderOutput()
    contact = OpendataContactOutput()
    frequency = serializers.CharField()
    category = serializers.CharField()
    keywords = serializers.ListField(child=serializers.CharField())
    licence = OpendataLicenceOutput()
    fee = serializers.CharField()
    encoding = serializers.CharField()
    formats = serializers.ListField(child=serializers.CharField())
    page = serializers.CharField(help_text="The dataset's public page.")
    tables = OpendataTableOutput(many=True)
    latest = OpendataPublicationOutput(allow_null=True)
    publications = OpendataPublicationOutput(many=True)


def _publication(dataset, publication, *, version: str | None = None) -> dict:
    version = version or publication.published_on.isoformat()
    return {"published_on": publication.published_on,
            "published_at": publication.published_at, "rows": publication.rows,
            "files": [one | {"url": site_url(reverse("opendata-files:file", args=[
                dataset.slug, version, one["name"]]))} for one in publication.files]}


def dataset_data(dataset) -> dict:
    spec = registry.kind(dataset.kind)
    latest = selectors.latest_publication(dataset)
    with translation.override("zh-hant"):
        page = site_url(reverse("opendata:detail", args=[dataset.slug]))
        return {
            "slug": dataset.slug, "kind": dataset.kind, "title_zh": dataset.title_zh,
            "title_en": dataset.title_en, "description_zh": dataset.description_zh,
            "description_en": dataset.description_en,
            "provider": {"code": dataset.organisation.code,
                         "name_zh": dataset.organisation.name_zh,
                         "name_en": dataset.organisation.name_en},
            "contact": {"name": dataset.contact_name, "phone": dataset.contact_phone,
                        "email": dataset.contact_email},
            "frequency": dataset.frequency, "category": dataset.category,
            "keywords": dataset.all_keywords,
            "licence": {"name_zh": registry.LICENCE_ZH, "name_en": registry.LICENCE_EN,
                        "url": registry.LICENCE_URL},
            "fee": registry.FEE_ZH, "encoding": registry.ENCODING,
            "formats": list(registry.FORMATS), "page": page,
            "tables": [{"name": table.name, "title_zh": table.title_zh,
                        "title_en": table.title_en,
                        "fields": [vars(field) for field in table.fields]}
                       for table in spec.tables],
            "latest": _publication(dataset, latest, version="latest") if latest else None,
            "publications": [_publication(dataset, one) for one in dataset.publications.all()],
        }


class DatasetViewSet(viewsets.GenericViewSet):
    """Published open datasets (public): metadata, fields, files and history."""

    permission_classes = [AllowAny]
    serializer_class = OpendataDatasetOutput
    lookup_field = "slug"
    lookup_value_regex = r"[-a-z0-9_]+"

    def get_queryset(self):
        return selectors.public_datasets()

    @extend_schema(auth=[])
    def list(self, request):
        page = self.paginate_queryset(list(self.get_queryset()))
        return self.get_paginated_response(
            OpendataDatasetOutput([dataset_data(one) for one in page], many=True).data)

    @extend_schema(auth=[])
    def retrieve(self, request, slug=None):
        return Response(OpendataDatasetOutput(
            dataset_data(selectors.public_dataset(slug))).data)


routes: list = [
    ("datasets", DatasetViewSet, "opendata-dataset"),
]
