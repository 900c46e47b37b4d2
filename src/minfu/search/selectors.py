"""Reads of the search: the public search, the staff search (limited to what the user may
see, `minfu.org.selectors.visible_scope`), one entry for a click-through, and the queries
nobody found an answer to.

Ranking is one expression that both databases compute the same way (Django's StrIndex is
INSTR on SQLite and STRPOS on PostgreSQL): the whole query as an exact phrase in a title
(8) or in a text (4), then, for a query of several terms, each term in a title (2) or a
text (1); ties go to the more helpful, then the newer entry. Matching is the full-text
index over the same tokens: FTS5 on SQLite, a tsvector on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound, PermissionDenied
from minfu.org.selectors import is_staff_member, organisations_where, units_where, visible_scope
from minfu.search import results, text
from minfu.search.models import Entry, QueryDay
from minfu.search.sources import sources

PHRASE_IN_TITLE, PHRASE_IN_BODY, TERM_IN_TITLE, TERM_IN_BODY = 8, 4, 2, 1
# Results are counted up to this many (50 pages); a broad query says "1,000 or more".
MAX_RESULTS = 1000
ORDER = ("-score", "-helpful", "-recency", "-id")


def _fts5_expression(query: text.Query) -> str:
    return " AND ".join(f'"{token}"' + ("*" if prefix else "")
                        for token, prefix in query.required)


def _tsquery(query: text.Query) -> str:
    return " & ".join(f"'{token}'" + (":*" if prefix else "")
                      for token, prefix in query.required)


def _matching(entries: QuerySet[Entry], query: text.Query) -> QuerySet[Entry]:
    if connection.vendor == "postgresql":
        return entries.filter(id__in=RawSQL(
            "SELECT id FROM search_entry WHERE tsv @@ %s::tsquery", [_tsquery(query)]))
    return entries.filter(id__in=RawSQL(
        "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s",
        [_fts5_expression(query)]))


def _points(field: str, needle: str, points: int) -> Case:
    return Case(When(GreaterThan(StrIndex(field, Value(needle)), 0), then=Value(points)),
                default=Value(0), output_field=IntegerField())


def score(query: text.Query):
    """The ranking expression (see the module's doc)."""
    total = _points("title_text", query.phrase, PHRASE_IN_TITLE) + _points(
        "body_text", query.phrase, PHRASE_IN_BODY)
    if len(query.terms) > 1:
        for term in query.terms:
            total = total + _points("title_text", term.text, TERM_IN_TITLE) + _points(
                "body_text", term.text, TERM_IN_BODY)
    return total


def _ranked(entries: QuerySet[Entry], query: text.Query) -> QuerySet[Entry]:
    if not query:
        return entries.none()
    return (_matching(entries, query).defer("tokens", "title_text", "body_text")
            .annotate(score=score(query)).order_by(*ORDER))


def capped_count(entries: QuerySet[Entry]) -> int:
    """How many entries match, counting no further than MAX_RESULTS."""
    return entries.order_by().values("pk")[:MAX_RESULTS].count()


def public_search(query: text.Query, *, source: str = "") -> QuerySet[Entry]:
    """What anyone may find (public entries only), best first."""
    entries = Entry.objects.filter(_public())
    if source:
        entries = entries.filter(source=source)
    return _ranked(entries, query)


def _public() -> Q:
    """Public entries, once their `visible_from` has come (a published reply waits for
    its rating links to close)."""
    return Q(public=True) & (Q(visible_from__isnull=True)
                             | Q(visible_from__lte=timezone.now()))


def public_keys(raw: str, *, source: str) -> list[str]:
    """The keys of the public entries of one source that match `raw`, for an app that
    filters its own list through the search (the services list)."""
    query = text.parse(raw)
    if not query:
        return []
    return list(_matching(Entry.objects.filter(_public(), source=source), query)
                .values_list("key", flat=True))


def source_counts(entries: QuerySet[Entry]) -> list[tuple[str, str, int]]:
    """(code, label, count) of each source among the first MAX_RESULTS matching entries,
    in the order of the configured sources."""
    counts = (Entry.objects.filter(pk__in=entries.order_by().values("pk")[:MAX_RESULTS])
              .values("source").annotate(n=Count("id")).order_by()
              .values_list("source", "n"))
    known = list(sources())
    return sorted(((code, results.source_label(code), n) for code, n in counts),
                  key=lambda row: known.index(row[0]) if row[0] in known else len(known))


def _staff_visible(user) -> Q:
    """Public entries, and the others in the user's scope: an entry that needs a
    permission (a record) is seen in the units and whole organisations where the user
    holds it; one that needs none (an internal answer) by anyone who sees its
    organisation."""
    if getattr(user, "is_superuser", False):
        return Q()
    scope = visible_scope(user)
    seen = _public() | Q(permission="", organisation_id__in=scope.organisation_ids) | Q(
        permission="", unit_id__in=scope.unit_ids)
    permissions = (Entry.objects.filter(public=False).exclude(permission="")
                   .values_list("permission", flat=True).distinct().order_by())
    for permission in permissions:
        organisation_ids = list(organisations_where(user, permission).values_list("pk", flat=True))
        unit_ids = list(units_where(user, permission).values_list("pk", flat=True))
        if organisation_ids or unit_ids:
            seen |= Q(permission=permission) & (Q(organisation_id__in=organisation_ids)
                                                | Q(unit_id__in=unit_ids))
    return seen


def staff_entries(user) -> QuerySet[Entry]:
    if not is_staff_member(user):
        return Entry.objects.none()
    return Entry.objects.filter(_staff_visible(user))


def staff_search(user, query: text.Query, *, source: str = "") -> QuerySet[Entry]:
    """Services, articles (internal ones too) and the records the user may see."""
    entries = staff_entries(user)
    if source:
        entries = entries.filter(source=source)
    return _ranked(entries, query)


def staff_record_by_number(user, raw: str) -> Entry | None:
    """The record whose number is exactly what was typed, when the user may see it."""
    number = text.clean(raw).replace(" ", "").upper()
    if not number:
        return None
    return staff_entries(user).filter(number=number).exclude(path="").first()


def entry_for_click(*, source: str, key: str, user=None) -> Entry:
    """The entry a result link opens: a public one, or for staff one they may see."""
    entries = staff_entries(user) if is_staff_member(user) else Entry.objects.filter(_public())
    entry = entries.filter(source=source, key=key).exclude(path="").first()
    if entry is None:
        raise NotFound(_("This result is no longer available."))
    return entry


# Queries nobody found an answer to -------------------------------------------------------

LOW_CLICK_RATE = 0.2
LOW_CLICK_MIN_SEARCHES = 3


@dataclass(frozen=True)
class UnansweredQuery:
    query: str                 # as typed the last time (personal data taken out)
    normalised: str
    searches: int
    zero_result_searches: int
    clicks: int
    results: int               # results the last time it was searched

    @property
    def click_rate(self) -> float:
        return self.clicks / self.searches if self.searches else 0.0

    @property
    def zero_results(self) -> bool:
        return self.results == 0


def unanswered_queries(user, start: dt.date, end: dt.date, *, limit: int = 50
                       ) -> list[UnansweredQuery]:
    """Public searches from `start` to `end` (inclusive) that found nothing the last time,
    or whose results were seldom opened (fewer than one in five of at least three
    searches), most searched first. For staff only (any member: the queries belong to no
    agency); others get PermissionDenied."""
    if not is_staff_member(user):
        raise PermissionDenied()
    days = (QueryDay.objects.filter(day__gte=start, day__lte=end).values("normalised")
            .annotate(total=Sum("searches"), zero=Sum("zero_result_searches"),
                      opened=Sum("clicks")).order_by("-total", "normalised"))
    found: list[UnansweredQuery] = []
    for row in days.iterator():
        last = (QueryDay.objects.filter(day__gte=start, day__lte=end,
                                        normalised=row["normalised"])
                .order_by("-day").values("query", "results").first())
        item = UnansweredQuery(query=last["query"], normalised=row["normalised"],
                               searches=row["total"], zero_result_searches=row["zero"],
                               clicks=row["opened"], results=last["results"])
        low_clicks = (item.searches >= LOW_CLICK_MIN_SEARCHES
                      and item.click_rate < LOW_CLICK_RATE)
        if item.zero_results or low_clicks:
            found.append(item)
            if len(found) == limit:
                break
    return found
