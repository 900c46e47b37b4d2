"""The API's one pagination: `limit` and `offset`, checked like any other input. DRF's
own LimitOffsetPagination quietly ignores a malformed value (`offset=null` reads as 0)
and passes any number to the database (`limit=99999999999999999999` is beyond a bigint
and fails there); here a value outside the published range is a 400 with the field's
message.

`count` is exact up to COUNTED_UP_TO; a longer list says `count: 10000` with
`count_capped: true` ("10,000 or more"). Counting every one of a unit's two million
petitions took most of a second on each page (docs/performance.md, "Ten million
records"); a client that needs them all follows `next`, which a long list knows from
the page itself (one row more is read). A list with its own count sets `get_count`
(the search counts up to its own cap)."""

import sys

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from minfu.core.api import read_query

MAX_LIMIT = 500
COUNTED_UP_TO = 10_000
# Past this offset no list has rows (and the database could not take the number).
LAST_OFFSET = sys.maxsize // 2


class PageParameters(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, required=False)
    offset = serializers.IntegerField(min_value=0, required=False)


class Pagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def paginate_queryset(self, queryset, request, view=None):
        self.parameters = read_query(PageParameters, request)
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        self.count = self.get_count(queryset)
        self.count_capped = self.count > COUNTED_UP_TO
        if not self.count_capped:
            self.has_more = self.offset + self.limit < self.count
            rows = list(queryset[self.offset:self.offset + self.limit]) \
                if self.offset < self.count else []
        else:  # the page tells whether another follows: one row more is read
            self.count = COUNTED_UP_TO
            rows = list(queryset[self.offset:self.offset + self.limit + 1]) \
                if self.offset <= LAST_OFFSET else []
            self.has_more = len(rows) > self.limit
            rows = rows[:self.limit]
        self.display_page_controls = self.count > self.limit and self.template is not None
        return rows

    def get_count(self, queryset) -> int:
        """How many there are, counted no further than COUNTED_UP_TO + 1."""
        if isinstance(queryset, QuerySet):
            return queryset.order_by()[:COUNTED_UP_TO + 1].count()
        return len(queryset)

    def get_next_link(self):
        if not self.has_more:
            return None
        url = replace_query_param(self.request.build_absolute_uri(),
                                  self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_paginated_response(self, data):
        return Response({"count": self.count, "count_capped": self.count_capped,
                         "next": self.get_next_link(), "previous": self.get_previous_link(),
                         "results": data})

    def get_paginated_response_schema(self, schema):
        response_schema = super().get_paginated_response_schema(schema)
        response_schema["properties"]["count"]["description"] = (
            f"How many there are, counted up to {COUNTED_UP_TO}.")
        response_schema["properties"]["count_capped"] = {
            "type": "boolean", "example": False,
            "description": f"There are more than {COUNTED_UP_TO}; `count` says {COUNTED_UP_TO}."}
        return response_schema

    def get_limit(self, request):
        return self.parameters.get("limit", self.default_limit)

    def get_offset(self, request):
        return self.parameters.get("offset", 0)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {"limit": {"minimum": 1, "maximum": MAX_LIMIT}, "offset": {"minimum": 0}}
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
        return parameters
