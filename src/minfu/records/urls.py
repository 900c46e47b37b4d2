from django.urls import path

from minfu.records import views

app_name = "records"
urlpatterns = [
    path("lookup/", views.lookup, name="public-lookup"),
]
