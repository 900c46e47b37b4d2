from django.urls import path

from minfu.workcal.views import staff

app_name = "workcal"
urlpatterns = [
    path("closures/", staff.closure_list, name="staff-closures"),
    path("closures/new/", staff.closure_create, name="staff-closure-create"),
    path("closures/<int:pk>/edit/", staff.closure_edit, name="staff-closure-edit"),
    path("closures/<int:pk>/delete/", staff.closure_delete, name="staff-closure-delete"),
    path("year/", staff.year_view, name="staff-year-current"),
    path("year/<int:year>/", staff.year_view, name="staff-year"),
    path("import/", staff.calendar_import, name="staff-import"),
]
