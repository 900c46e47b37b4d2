"""Map errors to HTTP in one place. Every API error body is
{"error": {"code": "...", "message": "...", "details": {...}}}. A database or shared
cache that is down for a moment (minfu.core.outages) is 503 `service_unavailable` with
Retry-After."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from minfu.core.errors import DomainError, error_body
from minfu.core.outages import is_outage, unavailable


def exception_handler(exc, context):
    if is_outage(exc):
        exc = unavailable(exc, path=context["request"].path)
    if isinstance(exc, DomainError):
        retry_after = exc.details.get("retry_after")
        return Response(
            error_body(exc), status=exc.status,
            headers={"Retry-After": str(retry_after)} if retry_after else None,
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        body = {"code": getattr(data["detail"], "code", code), "message": str(data["detail"]), "details": {}}
    else:
        body = {"code": "invalid" if response.status_code == status.HTTP_400_BAD_REQUEST else code,
                "message": str(getattr(exc, "default_detail", "")), "details": data}
    response.data = {"error": body}
    return response
