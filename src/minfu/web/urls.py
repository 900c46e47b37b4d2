from django.contrib.auth import views as auth_views
from django.urls import path

from minfu.web.views import public, staff

app_name = "web"
urlpatterns = [
    path("", public.home, name="public-home"),
    path("accessibility/", public.accessibility, name="accessibility"),
    path("privacy/", public.privacy, name="privacy"),
    path("staff/", staff.home, name="staff-home"),
    path("staff/login/", staff.StaffLoginView.as_view(), name="staff-login"),
    path("staff/login/code/", staff.otp_verify, name="staff-otp"),
    path("staff/login/authenticator/", staff.otp_enrol, name="staff-otp-enrol"),
    path("staff/logout/", auth_views.LogoutView.as_view(), name="staff-logout"),
]
