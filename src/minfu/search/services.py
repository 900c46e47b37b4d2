"""Writes of the search: the query log of the public search. The index itself is written
by index.py (document_changed, rebuild).

The log counts per day and normalised query, with the personal data taken out of the
query (text.without_personal_data) and nothing about who searched: no address, no
session, no user. It is not audited (no staff member changes anything); the counts are
increments in the database, so concurrent searches never lose one and a retried request
counts as the search it is."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from minfu.search import text
from minfu.search.models import QueryDay, ResultClick

MAX_LOGGED_CHARS = 200


def _increment(model, lookup: dict, increments: dict, defaults: dict) -> None:
    changes = {name: F(name) + value for name, value in increments.items()}
    with transaction.atomic():
        if model.objects.filter(**lookup).update(**changes, **defaults):
            return
        try:
            with transaction.atomic():
                model.objects.create(**lookup, **increments, **defaults)
        except IntegrityError:   # another request created it first
            model.objects.filter(**lookup).update(**changes, **defaults)


def logged_form(query: text.Query) -> tuple[str, str]:
    """(query, normalised query) as the log keeps them: without personal data."""
    typed = text.without_personal_data(query.raw)[:MAX_LOGGED_CHARS]
    normalised = text.parse(typed).normalised[:MAX_LOGGED_CHARS]
    return typed, normalised


def query_log_record(*, query: text.Query, results: int) -> None:
    """Count one public search (its first page) and how many results it had."""
    typed, normalised = logged_form(query)
    if not normalised:
        return
    _increment(QueryDay, {"day": timezone.localdate(), "normalised": normalised},
               {"searches": 1, "zero_result_searches": 0 if results else 1},
               {"query": typed, "results": results})


def result_click_record(*, normalised: str, source: str, key: str) -> None:
    """Count one opened result of a query searched today (a query not in today's log,
    e.g. a stale or made-up link, counts nothing)."""
    normalised = text.parse(text.without_personal_data(normalised)).normalised[
        :MAX_LOGGED_CHARS]
    day = timezone.localdate()
    with transaction.atomic():
        if not QueryDay.objects.filter(day=day, normalised=normalised).update(
                clicks=F("clicks") + 1):
            return
        _increment(ResultClick, {"day": day, "normalised": normalised, "source": source,
                                 "key": key[:100]}, {"clicks": 1}, {})
