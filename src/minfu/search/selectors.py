"""Reads of the search: the public search, the staff search (limited to what the user may
see, `minfu.org.selectors.visible_scope`), one entry for a click-through, and the queries
nobody found an answer to.

Ranking is one expression that both databases compute the same way (Score: INSTR on
SQLite, STRPOS on PostgreSQL): the whole query as an exact phrase in a title
(8) or in a text (4), then, for a query of several terms, each term in a title (2) or a
text (1); ties go to the more helpful, then the newer entry. Matching is the full-text
index over the same tokens: FTS5 on SQLite, a tsvector on PostgreSQL. On PostgreSQL a page
of a broad query is ranked from a bounded set of candidates with the same result
(bounded_top, below)."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, Expression, IntegerField, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.core.errors import NotFound, PermissionDenied
from minfu.core.process_cache import ProcessCache
from minfu.org.selectors import is_staff_member, organisations_where, units_where, visible_scope
from minfu.search import index, results, text
from minfu.search.models import Entry, QueryDay
from minfu.search.sources import sources

PHRASE_IN_TITLE, PHRASE_IN_BODY, TERM_IN_TITLE, TERM_IN_BODY = 8, 4, 2, 1
# Results are counted up to this many (50 pages); a broad query says "1,000 or more".
MAX_RESULTS = 1000
TIE_ORDER = ("-helpful", "-recency", "-id")  # the index search_entry_static
ORDER = ("-score", *TIE_ORDER)
RANK = ("pk", "score", "helpful", "recency", "id")  # an entry's key and what ORDER sorts by


def _fts5_expression(query: text.Query) -> str:
    return " AND ".join(f'"{token}"' + ("*" if prefix else "")
                        for token, prefix in query.required)


def _tsquery(query: text.Query) -> str:
    return " & ".join(f"'{token}'" + (":*" if prefix else "")
                      for token, prefix in query.required)


def _matching(entries: QuerySet[Entry], query: text.Query) -> QuerySet[Entry]:
    if connection.vendor == "postgresql":
        # On the row itself, not `id IN (...)`: a semi-join would read every match.
        return entries.filter(_tsv_matches(_tsquery(query)))
    return entries.filter(id__in=RawSQL(
        "SELECT rowid FROM search_entry_fts WHERE search_entry_fts MATCH %s",
        [_fts5_expression(query)]))


class Score(Expression):
    """The points of the (column, needle, points) whose needle is in the column, added:
    `CASE WHEN STRPOS(column, needle) > 0 THEN points ELSE 0 END + ...` (INSTR on SQLite).
    Written as SQL directly: as a tree of Django expressions (Case, When, StrIndex) it was
    resolved and compiled again for each of a search's statements, about a third of the
    search's Python CPU (docs/performance.md, "Search")."""

    output_field = IntegerField()

    def __init__(self, parts: list[tuple[str, str, int]]):
        super().__init__()
        self.parts = parts

    def as_sql(self, compiler, connection, position_of="STRPOS"):
        cases = " + ".join(f'CASE WHEN {position_of}("search_entry"."{column}", %s) > 0 '
                           f"THEN {points:d} ELSE 0 END" for column, _needle, points in self.parts)
        return f"({cases})", [needle for _column, needle, _points in self.parts]

    def as_sqlite(self, compiler, connection):
        return self.as_sql(compiler, connection, position_of="INSTR")


def score(query: text.Query) -> Score:
    """The ranking expression (see the module's doc)."""
    parts = [("title_text", query.phrase, PHRASE_IN_TITLE),
             ("body_text", query.phrase, PHRASE_IN_BODY)]
    if len(query.terms) > 1:
        for term in query.terms:
            parts += [("title_text", term.text, TERM_IN_TITLE),
                      ("body_text", term.text, TERM_IN_BODY)]
    return Score(parts)


def _ranked(entries: QuerySet[Entry], query: text.Query) -> QuerySet[Entry]:
    if not query:
        entries, query = entries.none(), None
    else:
        entries = (_matching(entries, query).defer("tokens", "ranking_tokens", "title_text",
                                                     "body_text")
                   .annotate(score=score(query)).order_by(*ORDER))
    return RankedQuerySet(model=Entry, query=entries.query, using=entries.db, search=query)


def capped_count(entries: QuerySet[Entry]) -> int:
    """How many entries match, counting no further than MAX_RESULTS."""
    if _estimated(entries) > SURE_MARGIN * MAX_RESULTS:
        return MAX_RESULTS
    return sum(_first_by_source(entries).values())


# Counting the first 1,000 of 40,000 matches of a common character reads its whole posting
# list from the GIN index (about 30 ms) only to print "1,000 or more". PostgreSQL's
# statistics tell that without reading it: ANALYZE keeps the most common index tokens and
# sources with their frequencies. An estimate above SURE_MARGIN times the cap counts as the
# cap (the margin covers the sampling and the correlation of tokens); a smaller one, or
# none (SQLite, no statistics yet), is counted.
SURE_MARGIN = 5


def _kept(entries: QuerySet[Entry], name: str, compute):
    """`compute(entries)`, kept on a search's QuerySet as its attribute `name` and, for a
    public search, in index.public_results."""
    if not isinstance(entries, RankedQuerySet):
        return compute(entries)
    if getattr(entries, name) is None:
        if entries.kept_as is None:
            value = compute(entries)
        else:
            value = index.public_results.get((*entries.kept_as, name),
                                             lambda: compute(_unkept(entries)))
        setattr(entries, name, value)
    return getattr(entries, name)


def _estimated(entries: QuerySet[Entry]) -> float:
    """The planner's estimate of the matches; 0 where there is none."""
    return _kept(entries, "estimate", _planner_estimate)


def _planner_estimate(entries: QuerySet[Entry]) -> float:
    connection = connections[entries.db]
    if connection.vendor != "postgresql":
        return 0.0
    try:
        sql, params = entries.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


def _first_by_source(entries: QuerySet[Entry]) -> dict[str, int]:
    """How many of the first MAX_RESULTS entries each source has (the page's count and
    the source filters share it). Of a search estimated far above the cap, a source whose
    share of the index (the statistics' frequency) makes it so too counts as the cap; the
    others are counted."""
    return _kept(entries, "first_by_source", _counted_first_by_source)


def _counted_first_by_source(entries: QuerySet[Entry]) -> dict[str, int]:
    estimate = _estimated(entries)
    if estimate <= SURE_MARGIN * MAX_RESULTS:
        return _counted_by_source(entries)
    shares = _source_shares(entries.db)
    broad = [code for code in sources()
             if shares.get(code, 0.0) * estimate > SURE_MARGIN * MAX_RESULTS]
    counts = dict.fromkeys(broad, MAX_RESULTS)
    if others := [code for code in sources() if code not in broad]:
        counts.update(_counted_by_source(entries.filter(source__in=others)))
    return counts


def _unkept(entries: RankedQuerySet) -> RankedQuerySet:
    """The same search, not kept (what the kept values are built from)."""
    unkept = entries._clone()
    unkept.estimate = entries.estimate
    return unkept


def _counted_by_source(entries: QuerySet[Entry]) -> dict[str, int]:
    first = entries.order_by().values("source")[:MAX_RESULTS]
    try:
        sql, params = first.query.sql_with_params()
    except EmptyResultSet:
        return {}
    connection = connections[first.db]
    # Grouped over the limited rows themselves (`pk IN (...)` scanned the table), and from
    # the GIN index: a sequential scan would unpack the tsvector of several rows per match.
    with _planner(connection, enable_seqscan="off"), connection.cursor() as cursor:
        cursor.execute(f"SELECT source, COUNT(*) FROM ({sql}) first GROUP BY source", params)
        return dict(cursor.fetchall())


# Readings of PostgreSQL's statistics and of the tie order, kept per process: they change
# with ANALYZE and with many entries, not with each search.
source_shares = ProcessCache("search:source-shares", max_age=300)
static_edges = ProcessCache("search:static-edges", max_age=60)


def _source_shares(alias: str) -> dict[str, float]:
    """Each source's share of the index, from PostgreSQL's statistics."""
    def read() -> dict[str, float]:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT most_common_vals::text::text[], most_common_freqs FROM "
                           "pg_stats WHERE tablename = 'search_entry' AND attname = 'source'")
            row = cursor.fetchone()
        return dict(zip(row[0], row[1], strict=True)) if row and row[0] else {}

    return source_shares.get(alias, read)


@contextmanager
def _planner(connection, **settings: str):
    """PostgreSQL planner settings for the statements inside, restored afterwards."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        previous = {}
        for name, value in settings.items():
            cursor.execute("SELECT current_setting(%s), set_config(%s, %s, false)",
                           [name, name, value])
            previous[name] = cursor.fetchone()[0]
        try:
            yield
        finally:
            for name, value in previous.items():
                cursor.execute("SELECT set_config(%s, %s, false)", [name, value])


# Bounded ranking (PostgreSQL) ------------------------------------------------------------
#
# A query of one common character matches a third of the index; scoring every match reads
# every one of those rows. The first page needs only the best k. An upper bound of an
# entry's score is the sum of the points whose ranking tokens it holds
# (text.ranking_tokens: the phrase, each term, in its titles, in its texts), so "could
# score at least s" is a tsquery over those tokens, answered by the GIN index: a tier.
# First the top tiers (_best_of_top_tiers): when k entries of a tier do score its
# threshold, they are the answer. Else ties go by a fixed order (more helpful, newer,
# later: the index search_entry_static), and the ranking scores the matches among the
# first WINDOW entries of that order (a "window") and takes the k best. A match outside
# the window can only come before the k-th by scoring more (a tie comes later): those
# rivals, when at most SCORE_RIVALS, are scored and merged; else the window grows
# fourfold. Queries of fewer than MAX_RESULTS matches (RANK_WHOLE_BELOW), and those that
# may_bound refuses, are ranked whole.

WINDOW = 8000
MAX_BOUNDED_TERMS = 3
RANK_WHOLE_BELOW = MAX_RESULTS     # matches; fewer are cheaper to rank whole
SCORE_RIVALS = 500                 # matches outside the window that could rank higher
TIER_SIZE = 1000                   # matches of a top tier read whole (_best_of_top_tiers)
TIER_READS = 4


class RankedQuerySet(QuerySet):
    """The matches of a search, best first. On PostgreSQL a slice (a page) ranks only a
    bounded set of candidates (bounded_top); everything else is a plain QuerySet."""

    def __init__(self, *args, search: text.Query | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.search = search
        self.first_by_source: dict[str, int] | None = None
        self.estimate: float | None = None
        # (scope, source, normalised query) under which index.public_results keeps what
        # this search found; None: not kept.
        self.kept_as: tuple | None = None

    def _clone(self):
        clone = super()._clone()
        clone.search = self.search   # not kept_as: a filtered clone finds other entries
        return clone

    def plain(self) -> QuerySet[Entry]:
        return QuerySet(model=Entry, query=self.query.chain(), using=self.db)

    def __getitem__(self, item):
        # Entries only: a values() or values_list() of a search is sliced as any QuerySet.
        if (self._iterable_class is ModelIterable
                and isinstance(item, slice) and item.step is None and item.stop is not None
                and 0 < item.stop <= MAX_RESULTS and self._result_cache is None
                and self.search is not None and self.query.order_by == ORDER
                and not self.query.is_sliced):
            return self._top(item.stop)[item.start or 0:]
        return super().__getitem__(item)

    def _top(self, k: int) -> list[Entry]:
        """The best k: of a public search, read again by key from the keys and scores kept
        in index.public_results; bounded on PostgreSQL (bounded_top)."""
        def best() -> list[Entry]:
            if connections[self.db].vendor == "postgresql":
                return bounded_top(self, k)
            return list(self.plain()[:k])

        if self.kept_as is None:
            return best()
        built: list[Entry] = []

        def ranks_of_best() -> list[tuple[int, int]]:
            built.extend(best())
            return [(entry.pk, entry.score) for entry in built]

        ranks = index.public_results.get((*self.kept_as, "top", k), ranks_of_best)
        return built or _read_ranked(self.plain(), ranks)


def bounded_top(ranked: RankedQuerySet, k: int) -> list[Entry]:
    """The best `k` entries of `ranked`, exactly as ranking all matches would give them."""
    plain = ranked.plain()
    if capped_count(ranked) < RANK_WHOLE_BELOW:
        return list(plain[:k])
    if not may_bound(ranked.search):
        # Ranked whole by key: the sort of thousands of matches carries no texts.
        return _read_ranked(plain, list(plain.values_list(*RANK)[:k]))
    parts = _score_parts(ranked.search)
    if (best := _best_of_top_tiers(plain, ranked.search, parts, k)) is not None:
        return best
    size = WINDOW
    while (edge := _static_edge(ranked.db, size)) is not None:
        best = list(plain.filter(_static_from(edge, ">="))[:k])
        floor = best[-1].score if len(best) == k else -1
        above = _could_score_above(parts, floor)
        if above is None:
            return best
        rivals = plain.filter(_static_from(edge, "<"), *above)
        # Counted unordered: ordered, every rival would be scored only to be counted.
        if rivals.order_by().values("pk")[:SCORE_RIVALS + 1].count() <= SCORE_RIVALS:
            return sorted([*best, *rivals[:k]], key=_rank_key, reverse=True)[:k]
        size *= 4
    return list(plain[:k])


def _best_of_top_tiers(plain: QuerySet[Entry], query: text.Query,
                       parts: list[tuple[int, str]], k: int) -> list[Entry] | None:
    """The best k read from the matches that may score the most, or None. A tier, the
    matches that may score at least t (the GIN index finds them), holds the best k when k
    of its entries do score t: no other match can. A tier of a few hundred (a phrase in
    a title: 600 of 50,000 matches) is read whole, unordered, and ranked here: cheaper
    than ranking a window. Tiers are read from the best score down (_tier_thresholds);
    when one holds k that score s, less than its threshold, the tier of s holds the
    answer. A top tier too large to read whole has its best k in the first window when
    they score the most, and the rest of the window is not read."""
    thresholds = _tier_thresholds(query, parts)
    threshold = thresholds[0]
    if _bound_is_exact(query):
        # Every entry of the top tier scores the most: the first k in the tie order.
        top_tier = plain.filter(*_could_score_above(parts, threshold - 1))
        if len(best := _first_in_tie_order(top_tier, k)) == k:
            return best
        if len(thresholds) == 1:
            return None
        threshold = thresholds[1]
    for _read in range(TIER_READS):
        tier = plain.filter(*_could_score_above(parts, threshold - 1))
        ranks = list(tier.order_by().values_list(*RANK)[:TIER_SIZE + 1])
        if len(ranks) > TIER_SIZE:
            return _best_in_first_window(tier, threshold, k) \
                if threshold == thresholds[0] else None
        top = sorted(ranks, key=lambda rank: rank[1:], reverse=True)[:k]
        if len(top) == k and top[-1][1] >= threshold:
            return _read_ranked(plain, top)
        nearer = [t for t in thresholds if t < threshold][:1]
        if len(top) == k:
            nearer.append(top[-1][1])
        if not nearer:
            return None
        threshold = max(nearer)
    return None


def _best_in_first_window(top_tier: QuerySet[Entry], best_possible: int, k: int
                          ) -> list[Entry] | None:
    """The best k of a dense top tier when the first window holds k that score the most
    (none can score more), else None."""
    best = _first_window_head(top_tier, k)
    return best if len(best) == k and best[-1].score == best_possible else None


def _first_window_head(entries: QuerySet[Entry], k: int) -> list[Entry]:
    """The first k of `entries` (in their order) among the first WINDOW entries of the
    tie order; none when the index holds fewer."""
    if (edge := _static_edge(entries.db, WINDOW)) is None:
        return []
    return list(entries.filter(_static_from(edge, ">="))[:k])


def _bound_is_exact(query: text.Query) -> bool:
    """Whether holding a part's ranking tokens is containing its needle: a query of one
    word of one or two characters (its unigram or bigram is the word)."""
    term = query.terms[0]
    return len(query.terms) == 1 and len(term.text) <= text.SHORT_WORD and \
        query.phrase == term.text


def _first_in_tie_order(tier: QuerySet[Entry], k: int) -> list[Entry]:
    """The first k of `tier` in the tie order: from the first window, where a dense tier
    has k (read in the order of its index, not sorted), else from the whole tier, which
    is then small."""
    in_tie_order = tier.order_by(*TIE_ORDER)
    if len(best := _first_window_head(in_tie_order, k)) == k:
        return best
    return list(in_tie_order[:k])


def _tier_thresholds(query: text.Query, parts: list[tuple[int, str]]) -> list[int]:
    """The scores whose tiers are tried, best first: every point, the phrase in a title
    and a text, in a title, and for several terms all of them in titles and the phrase
    in a text. (One term in a text is nearly every match: no smaller than a window.)"""
    best_possible = sum(points for points, _part in parts)
    thresholds = {best_possible, PHRASE_IN_TITLE + PHRASE_IN_BODY, PHRASE_IN_TITLE}
    if len(query.terms) > 1:
        thresholds |= {TERM_IN_TITLE * len(query.terms), PHRASE_IN_BODY}
    return sorted((t for t in thresholds if t <= best_possible), reverse=True)


def _read_ranked(plain: QuerySet[Entry], ranks: list[tuple]) -> list[Entry]:
    """The entries of `ranks` (RANK values, best first) with their scores, read by key
    alone: with the search's filter the GIN index would be read again. (One removed from
    the index in between is left out.)"""
    deferred, _is_deferred = plain.query.deferred_loading
    found = Entry.objects.using(plain.db).defer(*deferred).in_bulk([rank[0] for rank in ranks])
    for pk, points, *_tie in ranks:
        if pk in found:
            found[pk].score = points
    return [found[rank[0]] for rank in ranks if rank[0] in found]


def may_bound(query: text.Query) -> bool:
    """Chinese terms, at most MAX_BOUNDED_TERMS, or one short word (its bound is exact).
    Beside Chinese, a Latin word or a number is bounded only loosely (a prefix, which the
    titles and the year aliases also give; a short word is in most texts), so a window
    seldom settles it: measured, ranking it whole is cheaper."""
    return _bound_is_exact(query) or (len(query.terms) <= MAX_BOUNDED_TERMS
                                      and all(term.cjk for term in query.terms))


def _rank_key(entry: Entry) -> tuple:
    return (entry.score, entry.helpful, entry.recency, entry.id)


def _static_edge(alias: str, size: int) -> tuple | None:
    """(helpful, recency, id) of the size-th entry in the tie order; None: fewer entries.
    Kept a minute (static_edges): any edge splits the matches into a window and the rest
    without loss, so an edge a minute old costs at most a larger window."""
    return static_edges.get((alias, size), lambda: (
        Entry.objects.using(alias).order_by(*TIE_ORDER)
        .values_list("helpful", "recency", "id")[size - 1:size].first()))


def _static_from(edge: tuple, operator: str) -> RawSQL:
    return RawSQL(f"(search_entry.helpful, search_entry.recency, search_entry.id) {operator} "
                  "(%s, %s, %s)", edge, output_field=BooleanField())


def _tsquery_part(token: str, prefix: bool) -> str:
    return f"'{token}'" + (":*" if prefix else "")


def _in_titles(needle: str) -> str:
    return "(" + " & ".join(_tsquery_part(text.TITLE_MARK + token, prefix)
                            for token, prefix in text.needle_tokens(needle)) + ")"


def _in_texts(needle: str) -> str:
    """An index token is in the texts unless marked as not; a prefix (a word) may match
    another word of a title than of the texts, so it is only looked up."""
    def in_texts(token: str, prefix: bool) -> str:
        plain = _tsquery_part(token, prefix)
        if not prefix:
            plain = f"{plain} & !{_tsquery_part(text.NOT_IN_TEXT_MARK + token, False)}"
        return f"(({plain}) | {_tsquery_part(text.TEXT_MARK + token, prefix)})"

    return "(" + " & ".join(in_texts(token, prefix)
                            for token, prefix in text.needle_tokens(needle)) + ")"


def _score_parts(query: text.Query) -> list[tuple[int, str]]:
    """(points, tsquery an entry that may earn them matches), as in score()."""
    parts = [(PHRASE_IN_TITLE, _in_titles(query.phrase)),
             (PHRASE_IN_BODY, _in_texts(query.phrase))]
    if len(query.terms) > 1:
        for term in query.terms:
            parts += [(TERM_IN_TITLE, _in_titles(term.text)),
                      (TERM_IN_BODY, _in_texts(term.text))]
    return parts


def _could_score_above(parts: list[tuple[int, str]], floor: int) -> list[RawSQL] | None:
    """Filters for the entries whose score may exceed `floor` (an empty list: any entry);
    None: no entry can. A score exceeds it when the parts an entry earns add up to more:
    the alternatives are the smallest such sets of parts."""
    alternatives = []
    for size in range(len(parts) + 1):
        for chosen in combinations(parts, size):
            total = sum(points for points, _part in chosen)
            if total > floor and all(total - points <= floor for points, _part in chosen):
                alternatives.append(chosen)
    if not alternatives:
        return None
    if alternatives == [()]:
        return []
    tsquery = " | ".join("(" + " & ".join(part for _points, part in chosen) + ")"
                         for chosen in alternatives)
    return [_tsv_matches(tsquery)]


def _tsv_matches(tsquery: str) -> RawSQL:
    return RawSQL("search_entry.tsv @@ %s::tsquery", [tsquery], output_field=BooleanField())


def public_search(query: text.Query, *, source: str = "") -> QuerySet[Entry]:
    """What anyone may find (public entries only), best first."""
    entries = Entry.objects.filter(_public())
    if source:
        entries = entries.filter(source=source)
    ranked = _ranked(entries, query)
    if query:
        ranked.kept_as = ("public", source, query.normalised)
    return ranked


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
    known = list(sources())
    return sorted(((code, results.source_label(code), n)
                   for code, n in _first_by_source(entries).items()),
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
