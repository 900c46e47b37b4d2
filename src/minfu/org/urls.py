from django.urls import path

from minfu.core.urls import thing_routes
from minfu.org.views import audit, staff

app_name = "org"
urlpatterns = [
    path("", staff.directory, name="staff-directory"),
    *thing_routes("", "staff-organisation", detail=staff.organisation_detail,
                  edit=staff.organisation_edit),
    path("<int:organisation_pk>/units/new/", staff.unit_create, name="staff-unit-create"),
    path("units/<int:pk>/edit/", staff.unit_edit, name="staff-unit-edit"),
    path("<int:organisation_pk>/members/grant/", staff.membership_grant,
         name="staff-membership-grant"),
    path("members/<int:pk>/revoke/", staff.membership_revoke, name="staff-membership-revoke"),
    path("members/<int:membership_pk>/reset-authenticator/", staff.authenticator_reset,
         name="staff-authenticator-reset"),
    path("audit/", audit.audit_log, name="staff-audit"),
]
