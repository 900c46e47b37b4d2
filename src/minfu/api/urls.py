from django.urls import include, path
from rest_framework.routers import DefaultRouter

from minfu.api.docs import DocsView, SchemaView
from minfu.appointments import api as appointments_api
from minfu.assessment import api as assessment_api
from minfu.cases import api as cases_api
from minfu.catalog import api as catalog_api
from minfu.citizens import api as citizens_api
from minfu.documents import api as documents_api
from minfu.knowledge import api as knowledge_api
from minfu.metrics import api as metrics_api
from minfu.notify import api as notify_api
from minfu.opendata import api as opendata_api
from minfu.org import api as org_api
from minfu.participation import api as participation_api
from minfu.participation import proposals_sessions_api as participation_proposals_sessions_api
from minfu.plans import api as plans_api
from minfu.records import api as records_api
from minfu.search import api as search_api
from minfu.surveys import api as surveys_api
from minfu.voice import api as voice_api
from minfu.workcal import api as workcal_api

router = DefaultRouter()
# Each app's routes live under its own prefix: /api/v1/org/..., /api/v1/workcal/...
APP_APIS = (("org", org_api), ("workcal", workcal_api), ("catalog", catalog_api),
            ("notify", notify_api), ("documents", documents_api), ("records", records_api), ("citizens", citizens_api),
            ("cases", cases_api), ("voice", voice_api),
            ("surveys", surveys_api), ("metrics", metrics_api), ("plans", plans_api),
            ("assessment", assessment_api), ("knowledge", knowledge_api),
            ("opendata", opendata_api), ("participation", participation_api),
            ("search", search_api), ("appointments", appointments_api),
            ("participation", participation_proposals_sessions_api))
for app_prefix, app_api in APP_APIS:
    for prefix, viewset, basename in app_api.routes:
        # An app whose API is one list at its own prefix (search) registers prefix "".
        router.register("/".join(part for part in (app_prefix, prefix) if part), viewset,
                        basename=basename)

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
]
