"""Pages' half of the one mapping of domain errors to HTTP (the API's half is
minfu.api.errors): a view lets NotFound or PermissionDenied propagate and the visitor gets
the ordinary 404 or 403 page; any other DomainError that a view did not turn into a form
message becomes a 4xx page with its message, never a 500."""

from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404
from django.shortcuts import render
from django.views import defaults

from minfu.core.errors import DomainError, NotFound, PermissionDenied


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
