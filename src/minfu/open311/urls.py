"""The staff pages of the Open311 server (included at the site root by config/urls.py);
the GeoReport endpoint itself is urls_api.py."""

from django.urls import path

from minfu.open311.views import staff

app_name = "open311-staff"
urlpatterns = [
    path("staff/open311/", staff.home, name="home"),
    path("staff/open311/services/add/", staff.service_add, name="service-add"),
    path("staff/open311/services/<int:pk>/", staff.service_edit, name="service-edit"),
    path("staff/open311/keys/issue/", staff.key_issue, name="key-issue"),
    path("staff/open311/keys/<int:pk>/", staff.key_detail, name="key-detail"),
    path("staff/open311/keys/<int:pk>/revoke/", staff.key_revoke, name="key-revoke"),
]
