from django.urls import path

from minfu.participation import part2_urls
from minfu.participation.views import verify

app_name = "participation"
urlpatterns = [
    path("participate/verify/", verify.verify, name="verify"),
]
urlpatterns += part2_urls.urlpatterns  # co-signed proposals and co-design sessions
