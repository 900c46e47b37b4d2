"""The kernel's public API: the lookup of any record by number and access code, and the
base of each kind's own lookup (same input, same rate limit, the kind's own answer).

- `records/lookup`: `POST` a number of any kind and its access code; the answer names the
  kind, the number and the citizen's page of the record. A wrong pair is 404, too many
  tries 429 (the limit is shared with every other lookup)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from minfu.core.api import read_input
from minfu.core.client_ip import client_ip
from minfu.core.errors import NotFound
from minfu.records import throttle
from minfu.records.kinds import RecordKind
from minfu.records.selectors import record_for_lookup, record_of_kind_for_lookup


class LookupInput(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    access_code = serializers.CharField(max_length=60)


class RecordLookupOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="The record kind: case, petition ...")
    number = serializers.CharField()
    url = serializers.CharField(help_text="The citizen's page of the record (a path).")


NO_MATCH = _("No record matches this number and access code.")


def _counted_input(request) -> dict:
    throttle.lookup_check(client_ip(request))
    return read_input(LookupInput, request)


def lookup_schema(output, not_found):
    """The schema every lookup shares: the number and code in, `output` or 404 or 429 out."""
    return extend_schema(request=LookupInput, auth=[], responses={
        200: output,
        404: OpenApiResponse(description=not_found),
        429: OpenApiResponse(description="Too many lookups; see Retry-After."),
    })


class LookupViewSet(viewsets.GenericViewSet):
    """Public lookup of a record of any kind by its number and access code."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = RecordLookupOutput

    @lookup_schema(RecordLookupOutput, NO_MATCH)
    def create(self, request):
        data = _counted_input(request)
        found = record_for_lookup(data["number"], data["access_code"])
        if found is None:
            raise NotFound(NO_MATCH, code="no_match")
        kind, record = found
        return Response(RecordLookupOutput({"kind": kind.code, "number": record.number,
                                            "url": kind.progress_url(record)}).data)


class KindLookupViewSet(viewsets.GenericViewSet):
    """Base of a kind's own public lookup: subclasses set `record_kind`, `not_found`,
    `serializer_class` (the answer's schema) and `answer(record)`."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    record_kind: RecordKind
    not_found = NO_MATCH

    def create(self, request):
        data = _counted_input(request)
        record = record_of_kind_for_lookup(self.record_kind, data["number"],
                                           data["access_code"])
        if record is None:
            raise NotFound(self.not_found, code="no_match")
        return Response(self.answer(record))

    def answer(self, record) -> dict:
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        extend_schema_view(create=lookup_schema(cls.serializer_class, cls.not_found))(cls)


routes: list = [
    ("lookup", LookupViewSet, "records-lookup"),
]
