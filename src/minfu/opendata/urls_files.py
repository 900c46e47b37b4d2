"""The stable addresses of the published files and of the DCAT catalogue: outside the
language prefixes, so each has exactly one address."""

from django.urls import path, re_path

from minfu.opendata.views import public

app_name = "opendata-files"
urlpatterns = [
    path("catalog.jsonld", public.catalogue_jsonld, name="catalogue"),
    re_path(r"^(?P<slug>[-a-z0-9_]+)/(?P<version>latest|\d{4}-\d{2}-\d{2})/"
            r"(?P<name>[-a-z0-9_]+\.(?:csv|json|ods))$", public.dataset_file, name="file"),
]
