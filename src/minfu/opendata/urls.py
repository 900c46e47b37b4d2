from django.urls import path

from minfu.opendata.views import public, staff

app_name = "opendata"
urlpatterns = [
    path("performance/", public.performance_index, name="performance"),
    path("performance/<str:code>/", public.performance_detail, name="performance-detail"),
    path("open-data/", public.dataset_list, name="list"),
    path("open-data/<slug:slug>/", public.dataset_detail, name="detail"),
    path("staff/open-data/", staff.dataset_list, name="staff-list"),
    path("staff/open-data/<int:pk>/", staff.dataset_edit, name="staff-edit"),
    path("staff/open-data/<int:pk>/publish/", staff.dataset_publish, name="staff-publish"),
]
