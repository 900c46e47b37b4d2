"""The API's one pagination: `limit` and `offset`, checked like any other input. DRF's
own LimitOffsetPagination quietly ignores a malformed value (`offset=null` reads as 0)
and passes any number to the database (`limit=99999999999999999999` is beyond a bigint
and fails there); here a value outside the published range is a 400 with the field's
message."""

from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination

from minfu.core.api import read_query

MAX_LIMIT = 500


class PageParameters(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, required=False)
    offset = serializers.IntegerField(min_value=0, required=False)


class Pagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def paginate_queryset(self, queryset, request, view=None):
        self.parameters = read_query(PageParameters, request)
        return super().paginate_queryset(queryset, request, view)

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
