"""The GeoReport v2 endpoint, mounted at /open311/v2/ (outside the language prefixes)."""

from django.urls import path, re_path

from minfu.open311.views import api

app_name = "open311"
_FMT = r"\.(?P<fmt>[A-Za-z0-9]{1,8})$"
urlpatterns = [
    path("", api.root, name="root"),
    re_path(r"^discovery" + _FMT, api.discovery, name="discovery"),
    re_path(r"^services" + _FMT, api.service_list, name="services"),
    re_path(r"^services/(?P<code>[^/.]{1,40})" + _FMT, api.service_definition,
            name="service"),
    re_path(r"^requests" + _FMT, api.requests, name="requests"),
    re_path(r"^requests/(?P<service_request_id>[^/.]{1,40})" + _FMT, api.request_detail,
            name="request"),
    re_path(r"^tokens/(?P<token>[^/.]{1,64})" + _FMT, api.token, name="token"),
    re_path(r"^(?P<path>.*)$", api.not_found),
]
