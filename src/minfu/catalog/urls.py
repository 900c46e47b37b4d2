from django.urls import path, re_path

from minfu.catalog.views import public, staff
from minfu.core.urls import thing_routes

app_name = "catalog"
urlpatterns = [
    path("", public.service_list, name="public-list"),
    path("periods/", public.period_tables, name="public-periods"),
    re_path(r"^periods/(?P<organisation_code>[^/.]+)\.(?P<extension>csv|ods)$",
            public.period_table_download, name="public-periods-download"),
    path("staff/", staff.service_list, name="staff-list"),
    path("staff/new/", staff.service_create, name="staff-create"),
    path("staff/import/", staff.service_import, name="staff-import"),
    path("staff/export/", staff.service_export, name="staff-export"),
    path("staff/<int:pk>/", staff.service_detail, name="staff-detail"),
    path("staff/<int:pk>/new-draft/", staff.version_new_draft, name="staff-new-draft"),
    path("staff/<int:pk>/cross-agency/", staff.service_cross_agency, name="staff-cross-agency"),
    *thing_routes("staff/versions/", "staff-version", detail=staff.version_detail,
                  edit=staff.version_edit, publish=staff.version_publish),
    # Last: any other two segments are an organisation code and a service code.
    path("<str:organisation_code>/<str:code>/", public.service_detail, name="public-detail"),
]
