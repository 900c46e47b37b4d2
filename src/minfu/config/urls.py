from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from minfu.citizens import urls as citizens_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("minfu.api.urls")),
    path("open311/v2/", include("minfu.open311.urls_api")),
    path("open-data/", include("minfu.opendata.urls_files")),
    path("", include(citizens_urls.callback_urlpatterns)),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("staff/org/", include("minfu.org.urls")),
    path("staff/calendar/", include("minfu.workcal.urls")),
    path("services/", include("minfu.catalog.urls")),
    path("staff/notify/", include("minfu.notify.urls")),
    path("staff/documents/", include("minfu.documents.urls")),
    path("", include("minfu.records.urls")),
    path("", include("minfu.citizens.urls")),
    path("", include("minfu.cases.urls")),
    path("", include("minfu.voice.urls")),
    path("", include("minfu.surveys.urls")),
    path("", include("minfu.metrics.urls")),
    path("", include("minfu.plans.urls")),
    path("", include("minfu.assessment.urls")),
    path("", include("minfu.knowledge.urls")),
    path("", include("minfu.open311.urls")),
    path("", include("minfu.opendata.urls")),
    path("", include("minfu.participation.urls")),
    path("", include("minfu.appointments.urls")),
    path("", include("minfu.search.urls")),
    path("", include("minfu.web.urls")),
    prefix_default_language=False,
)

handler500 = "minfu.web.middleware.server_error"
