"""URLs of metrics (included at the site root by config/urls.py): staff/metrics/..."""

from django.urls import path

from minfu.metrics import views

app_name = "metrics"
urlpatterns = [
    path("staff/metrics/", views.index, name="staff-index"),
    path("staff/metrics/catalogue/", views.catalogue, name="staff-catalogue"),
    path("staff/metrics/<slug:level>/<int:pk>/", views.dashboard, name="staff-dashboard"),
    path("staff/metrics/<slug:level>/<int:pk>/export/", views.export, name="staff-export"),
]
