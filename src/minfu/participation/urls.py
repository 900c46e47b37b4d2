from django.urls import path

from minfu.participation.views import verify

app_name = "participation"
urlpatterns = [
    path("participate/verify/", verify.verify, name="verify"),
]
