from django.urls import path

from minfu.catalog.views import public, staff

app_name = "catalog"
urlpatterns = [
    path("", public.service_list, name="public-list"),
    path("staff/", staff.service_list, name="staff-list"),
]
