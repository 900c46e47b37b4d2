from django.urls import path

from minfu.appointments.views import points, public, staff
from minfu.core.urls import thing_routes

app_name = "appointments"
urlpatterns = [
    path("service-points/", public.directory, name="public-directory"),
    path("service-points/<int:pk>/", public.point_detail, name="public-point"),
    path("service-points/<int:pk>/book/<int:offer_pk>/", public.book, name="public-book"),
    path("service-points/<int:pk>/home-visit/<int:offer_pk>/", public.home_visit,
         name="public-home-visit"),
    path("appointments/manage/<str:token>/", public.manage, name="public-manage"),
    path("appointments/<int:pk>/", public.detail, name="public-detail"),
    path("appointments/<int:pk>/reschedule/", public.reschedule, name="public-reschedule"),
    path("appointments/<int:pk>/cancel/", public.cancel, name="public-cancel"),
    path("appointments/<int:pk>/another-day/", public.ask_again, name="public-ask-again"),
    path("staff/appointments/", staff.index, name="staff-index"),
    *thing_routes("staff/appointments/points/", "staff-point", index=points.point_list,
                  new=points.point_edit, detail=points.point_detail, edit=points.point_edit,
                  hours=points.point_hours, special_day=points.special_day_add,
                  offer=points.offer_edit),
    path("staff/appointments/points/<int:pk>/special-day/<int:day_pk>/remove/",
         points.special_day_remove, name="staff-point-special-day-remove"),
    path("staff/appointments/points/<int:pk>/offer/<int:offer_pk>/", points.offer_edit,
         name="staff-point-offer-edit"),
    path("staff/appointments/<int:pk>/", staff.detail, name="staff-detail"),
    path("staff/appointments/<int:pk>/<str:action>/", staff.action, name="staff-action"),
]
