from django.urls import path

from minfu.search.views import public, staff

app_name = "search"
urlpatterns = [
    path("search/", public.search, name="public-search"),
    path("search/go/", public.go, name="public-go"),
    path("staff/search/", staff.search, name="staff-search"),
]
