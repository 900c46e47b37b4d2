from django.urls import path

from minfu.workcal.views import staff

app_name = "workcal"
urlpatterns = [
    path("closures/", staff.closure_list, name="staff-closures"),
]
