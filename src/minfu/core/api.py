"""What every app's API shares below the `api` shell."""

import hashlib

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers, status
from rest_framework.response import Response

from minfu.core.errors import ValidationFailed
from minfu.core.text import CONTROL_CHARACTER_CODE, CONTROL_CHARACTER_MESSAGE, has_control_character


def read_input(serializer_class: type[serializers.Serializer], request) -> dict:
    """The request body validated by `serializer_class`, or ValidationFailed with the
    field messages (400 through minfu.api.errors, like every other domain error)."""
    return _validated(serializer_class, request.data)


def read_query(serializer_class: type[serializers.Serializer], request) -> dict:
    """The query parameters validated by `serializer_class`, like `read_input`."""
    return _validated(serializer_class, request.query_params)


def _validated(serializer_class: type[serializers.Serializer], data) -> dict:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise ValidationFailed(details=serializer.errors)
    return serializer.validated_data


def query_filters(serializer_class: type[serializers.Serializer], request) -> dict:
    """The list filters in the query parameters, validated by `serializer_class` (a 400
    naming the parameter otherwise), without those absent or null."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return {key: value for key, value in serializer.validated_data.items() if value is not None}


# A viewset whose detail says more than its list rows: `detail_serializer_class` answers a
# retrieve, `serializer_class` the rest. (No docstring: the API schema would take it as
# the description of every such viewset.)
class DetailSerializerMixin:
    detail_serializer_class: type[serializers.Serializer] | None = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return super().get_serializer_class()


IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER,
    description="Repeat it on a retry: the first record comes back (200) instead of a "
                "second.")


# The shortest column any model keeps a key in: a longer scoped key is stored as its hash.
IDEMPOTENCY_KEY_LENGTH = 64


def idempotency_key(request, *, caller: str) -> str | None:
    """The request's Idempotency-Key header, scoped to the caller ("api:<caller>:<key>")
    so that two callers' keys never meet; None without one. Never longer than
    IDEMPOTENCY_KEY_LENGTH: a long one becomes "api:" and its SHA-256."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()[:80]
    if has_control_character(key):  # it is stored, and PostgreSQL cannot store NUL
        raise ValidationFailed(CONTROL_CHARACTER_MESSAGE, code=CONTROL_CHARACTER_CODE,
                               details={IDEMPOTENCY_HEADER: [str(CONTROL_CHARACTER_MESSAGE)]})
    if not key:
        return None
    scoped = f"api:{caller}:{key}"
    if len(scoped) <= IDEMPOTENCY_KEY_LENGTH:
        return scoped
    return "api:" + hashlib.sha256(scoped.encode()).hexdigest()[:IDEMPOTENCY_KEY_LENGTH - 4]


def created_or_repeated(body, *, created: bool) -> Response:
    """201 for a record this request created, 200 for the one an idempotent retry found."""
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
