"""URLs of surveys (included at the site root by config/urls.py): citizens' pages under
surveys/ and rate/, staff pages under staff/surveys/."""

from django.urls import path

from minfu.core.urls import thing_routes
from minfu.surveys.views import public, staff

app_name = "surveys"
urlpatterns = [
    # citizens
    path("surveys/t/<str:token>/", public.answer_by_token, name="public-token"),
    path("surveys/<int:pk>/", public.answer_open, name="public-open"),
    path("surveys/thanks/", public.thanks, name="public-thanks"),
    path("rate/kiosk/<str:token>/", public.kiosk, name="public-kiosk"),
    path("rate/thanks/", public.rate_thanks, name="public-rate-thanks"),
    path("rate/<str:organisation_code>/<str:service_code>/", public.rate_service,
         name="public-rate"),
    # staff
    path("staff/surveys/", staff.survey_list, name="staff-surveys"),
    path("staff/surveys/peers/", staff.peers, name="staff-peers"),
    path("staff/surveys/ratings/", staff.ratings, name="staff-ratings"),
    *thing_routes("staff/surveys/follow-ups/", "staff-follow-up", index=staff.follow_ups,
                  detail=staff.follow_up_detail),
    path("staff/surveys/versions/<int:pk>/", staff.version_detail, name="staff-version"),
    path("staff/surveys/versions/<int:pk>/<slug:action>/", staff.version_action,
         name="staff-version-action"),
    path("staff/surveys/waves/<int:pk>/", staff.wave_detail, name="staff-wave"),
    path("staff/surveys/<int:pk>/", staff.survey_detail, name="staff-survey"),
    path("staff/surveys/<int:pk>/analysis/", staff.analysis, name="staff-analysis"),
]
