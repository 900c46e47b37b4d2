"""The admin site: signed in through the staff sign-in (so the password step is guarded
by django-axes and the code step by TOTP), and refused to a session without a second
factor when MINFU_REQUIRE_2FA is on."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from minfu.org.auth import is_fully_signed_in


class MinfuAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and is_fully_signed_in(request)

    def login(self, request, extra_context=None):
        """One way in for staff: the staff sign-in page, then back here."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index",
                                                                    current_app=self.name)
        return redirect_to_login(next_url, reverse("web:staff-login"))
