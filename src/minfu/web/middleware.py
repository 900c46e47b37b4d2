"""Pages' half of the one mapping of errors to HTTP (the API's half is minfu.api.errors):
a view lets NotFound or PermissionDenied propagate and the visitor gets the ordinary 404
or 403 page; any other DomainError that a view did not turn into a form message becomes
a 4xx page with its message, never a 500. A database or shared cache that is down for a
moment (minfu.core.outages) becomes a 503 page with Retry-After, wherever it is raised
(`server_error` is the handler500 for what fails outside a view)."""

import sys

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views import defaults

from minfu.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed, error_body
from minfu.core.models import HTML_LANG
from minfu.core.outages import is_outage, unavailable
from minfu.core.text import CONTROL_CHARACTER_CODE, CONTROL_CHARACTER_MESSAGE, has_control_character
from minfu.open311.views.api import error_response as open311_error_response
from minfu.web.context_processors import current_language

# Where minfu.config.urls mounts the API, whose errors are JSON (minfu.api.errors).
API_PREFIX = "/api/"
OPEN311_PREFIX = "/open311/"  # errors in the GeoReport format (minfu.open311)


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_outage(exception):
            return unavailable_page(request, exception)
        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, NotFound):
            return defaults.page_not_found(request, Http404(str(exception.message)))
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, HttpForbidden(str(exception.message)))
        return render(request, "web/domain_error.html", {"error": exception},
                      status=exception.status)


def unavailable_page(request, exception) -> HttpResponse:
    """The 503 page, rendered without the request's context: its context processors may
    need the very database or cache that is down."""
    error = unavailable(exception, path=request.path)
    language = current_language()
    response = HttpResponse(render_to_string("web/unavailable.html", {
        "html_lang": HTML_LANG.get(language, language)}), status=error.status)
    response["Retry-After"] = str(error.details["retry_after"])
    return response


def server_error(request) -> HttpResponse:
    """handler500: the 503 page when the failure is an outage, Django's 500 page else."""
    error = sys.exc_info()[1]
    if error is not None and is_outage(error):
        return unavailable_page(request, error)
    return defaults.server_error(request)


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
            if request.path_info.startswith(OPEN311_PREFIX):
                return open311_error_response(
                    "xml" if request.path_info.endswith(".xml") else "json", self.error)
            return render(request, "web/domain_error.html", {"error": self.error},
                          status=self.error.status)
        return self.get_response(request)


def _sent_text(request) -> list:
    sent = [request.path_info, list(request.GET.lists())]
    if request.method == "POST":  # Django parses form bodies of POST requests only
        sent.append(list(request.POST.lists()))
        sent.append([upload.name for upload in request.FILES.values()])
    return sent
