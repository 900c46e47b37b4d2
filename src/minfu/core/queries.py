"""Small helpers for building querysets."""

from django.db.models import QuerySet


def filter_given(queryset: QuerySet, **lookups) -> QuerySet:
    """`queryset` filtered by each of `lookups` whose value is given (not empty, None,
    0 or False): the optional filters of a list page, e.g.
    `filter_given(petitions, kind=query.kind, channel=query.channel)`."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return queryset.filter(**given) if given else queryset
