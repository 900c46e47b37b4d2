"""Pages' half of the one mapping of domain errors to HTTP (the API's half is
minfu.api.errors): a view lets NotFound or PermissionDenied propagate and the visitor gets
the ordinary 404 or 403 page; any other DomainError that a view did not turn into a form
message becomes a 4xx page with its message, never a 500."""

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views import defaults

from minfu.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed, error_body
from minfu.core.text import CONTROL_CHARACTER_CODE, CONTROL_CHARACTER_MESSAGE, has_control_character

# Where minfu.config.urls mounts the API, whose errors are JSON (minfu.api.errors).
API_PREFIX = "/api/"


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, Http404(str(exception.message)))
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, HttpForbidden(str(exception.message)))
        return render(request, "web/domain_error.html", {"error": exception},
                      status=exception.status)


class ControlCharacterMiddleware:
    """Refuse, with 400, a request whose address, query string or form body (its fields
    and the names of its files) holds NUL or another control character
    (minfu.core.text): no field accepts one, and PostgreSQL fails on NUL in any text it
    stores or compares. Checked here once rather than by every view that reads a
    parameter (Django's form fields refuse NUL, but views also read `request.GET`
    directly). JSON bodies are checked by minfu.api.parsers."""

    error = ValidationFailed(CONTROL_CHARACTER_MESSAGE, code=CONTROL_CHARACTER_CODE)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_character(_sent_text(request)):
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse(error_body(self.error), status=self.error.status)
            return render(request, "web/domain_error.html", {"error": self.error},
                          status=self.error.status)
        return self.get_response(request)


def _sent_text(request) -> list:
    sent = [request.path_info, list(request.GET.lists())]
    if request.method == "POST":  # Django parses form bodies of POST requests only
        sent.append(list(request.POST.lists()))
        sent.append([upload.name for upload in request.FILES.values()])
    return sent
