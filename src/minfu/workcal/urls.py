from django.urls import path

from minfu.core.urls import thing_routes
from minfu.workcal.views import staff

app_name = "workcal"
urlpatterns = [
    path("closures/", staff.closure_list, name="staff-closures"),
    path("closures/new/", staff.closure_create, name="staff-closure-create"),
    *thing_routes("closures/", "staff-closure", edit=staff.closure_edit,
                  delete=staff.closure_delete),
    path("year/", staff.year_view, name="staff-year-current"),
    path("year/<int:year>/", staff.year_view, name="staff-year"),
    path("import/", staff.calendar_import, name="staff-import"),
]
