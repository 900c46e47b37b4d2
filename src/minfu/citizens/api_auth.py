"""The citizen's side of the API: the browser session of a signed-in citizen (the same
sign-in as the pages), with CSRF checked on writes as DRF does for staff sessions. A
citizen is never `request.user` of the staff API: its views name these classes."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import BasePermission

from minfu.citizens.models import Citizen
from minfu.citizens.session import citizen_of


class CitizenSessionAuthentication(BaseAuthentication):
    def authenticate(self, request):
        citizen = citizen_of(request._request)
        if citizen is None:
            return None
        SessionAuthentication().enforce_csrf(request)
        return citizen, None

    def authenticate_header(self, request) -> str:
        return "Session"  # 401, not 403, for a browser that is not signed in


class IsCitizen(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, Citizen)


class CitizenSessionScheme(OpenApiAuthenticationExtension):
    target_class = CitizenSessionAuthentication
    name = "citizenSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid",
                "description": "The session of a citizen signed in on the site "
                               "(/citizen/sign-in/); writes need the CSRF token."}
