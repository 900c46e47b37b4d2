"""The API schema (/api/schema/) and its Swagger UI page (/api/docs/).

The page loads Swagger UI from Minfu's own static files (drf-spectacular-sidecar, never a
CDN) and its start-up script with a second request to itself
(`SpectacularSwaggerSplitView`), so it runs under the site's Content Security Policy
without 'unsafe-inline'. With MINFU_API_SCHEMA_PUBLIC off, both need a signed-in staff
member: the schema answers API clients 401/403 like any endpoint, the page sends a
browser to the staff sign-in like any staff page."""

from django.conf import settings
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny, BasePermission

from minfu.org.auth import staff_access_denial
from minfu.org.selectors import is_staff_member


def schema_is_public() -> bool:
    return settings.MINFU_API_SCHEMA_PUBLIC


class SchemaVisible(BasePermission):
    def has_permission(self, request, view) -> bool:
        return schema_is_public() or is_staff_member(request.user)


class SchemaView(SpectacularAPIView):
    permission_classes = [SchemaVisible]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]  # the page guards itself in dispatch, as staff pages do
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"

    def dispatch(self, request, *args, **kwargs):
        if not schema_is_public():
            denial = staff_access_denial(request)
            if denial is not None:
                return denial
        return super().dispatch(request, *args, **kwargs)
