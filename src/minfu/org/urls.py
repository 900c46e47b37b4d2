from django.urls import path

from minfu.org.views import staff

app_name = "org"
urlpatterns = [
    path("", staff.directory, name="staff-directory"),
]
