"""The one domain error family. Services raise these; `api.errors` and the web views map
them to HTTP in one place. `code` is machine-readable, `message` is for people."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "domain_error"
    status = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, code: str | None = None, details: dict | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.details = details or {}
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    code = "invalid"
    default_message = _("The input is not valid.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403
    default_message = _("You may not do this.")


class Conflict(DomainError):
    """A concurrent change or a state that no longer allows the operation."""

    code = "conflict"
    status = 409
    default_message = _("Someone else changed this record; reload and try again.")


class RateLimited(DomainError):
    """Too many attempts from one client; `details["retry_after"]` (seconds), when given,
    becomes the Retry-After header."""

    code = "rate_limited"
    status = 429
    default_message = _("Too many requests. Try again later.")


class ServiceUnavailable(DomainError):
    """The database or the shared cache is down for a moment (minfu.core.outages):
    `details["retry_after"]` becomes the Retry-After header."""

    code = "service_unavailable"
    status = 503
    default_message = _("The service is briefly unavailable. Please try again in a moment.")
def error_body(error: DomainError) -> dict:
    """The body of every API error: {"error": {"code", "message", "details"}}."""
    return {"error": {"code": error.code, "message": str(error.message),
                      "details": error.details}}
