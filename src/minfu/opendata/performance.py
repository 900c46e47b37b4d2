"""The public performance report of an agency, or of every agency (the ministry page): a
few tables of monthly figures over the last twelve months, each drawn as a chart, with
small-number protection (`disclosure`) applied to every cell that counts people.

Figures come from the metric rollups (`minfu.metrics.selectors.month_sums`), which the
worker refreshes every ten minutes; the petitions by kind and category, which no metric
slices, from one grouped query of `minfu.voice.selectors.received_by_month`. A report is
kept in the cache for `MINFU_PERFORMANCE_CACHE_SECONDS` (ten minutes) under the time of
the last rollup refresh, so a page is never more than about twenty minutes behind the
records and says when its figures were computed. The open-data dataset of the same
figures (`kinds/performance.py`) is built from the same report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from minfu.core.charts import Chart, Series, line_chart
from minfu.core.roc import roc_year
from minfu.metrics.periods import Grain, ReportingPeriod
from minfu.metrics.selectors import month_sums, rollups_refreshed_at
from minfu.opendata import disclosure
from minfu.voice.selectors import received_by_month

MONTHS = 12


def min_count() -> int:
    return settings.MINFU_OPEN_DATA_MIN_COUNT


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    key: str      # "2025-03", or "total"
    label: str    # 114/03 on Chinese pages, 2025-03 on English ones
    cells: tuple[disclosure.Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    description: str
    unit: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]           # one per month, oldest first
    total: Row | None = None        # twelve months together, where it means something
    people: bool = True             # whether its cells are protected
    total_column: bool = False      # the last column is the sum of the others
    maximum: float | None = None    # top of the chart's scale (100 for %)

    @property
    def suppressed(self) -> bool:
        rows = [*self.rows, *([self.total] if self.total else [])]
        return any(cell.suppressed for row in rows for cell in row.cells)


@dataclass(frozen=True)
class Report:
    title: str
    organisation_code: str          # "" for every agency
    months: tuple[ReportingPeriod, ...]
    tables: tuple[Table, ...]
    computed_at: dt.datetime
    as_of: dt.datetime | None       # the rollups' last refresh
    min_count: int
    language: str = ""

    @property
    def suppressed(self) -> bool:
        return any(table.suppressed for table in self.tables)


# What the report shows ------------------------------------------------------------------
# (key, title, description, unit, [(column key, label, metric code, part)], people, total)
# part: "n" the numerators (a count), "d" the denominators (how many were judged),
# "rate" n/d x 100, "mean" n/d.

PERCENT = "%"
APPLICATIONS = pgettext_lazy("unit of measure", "applications")
PETITIONS = pgettext_lazy("unit of measure", "petitions")
ITEMS = pgettext_lazy("unit of measure", "items")

_METRIC_TABLES = (
    ("applications", gettext_lazy("Applications received and closed"),
     gettext_lazy("Applications received (on the day of receipt) and decided and closed "
                  "(on the day of closure), by month."), APPLICATIONS,
     (("received", pgettext_lazy("performance figure", "Received"), "cases.received", "n"),
      ("closed", pgettext_lazy("performance figure", "Closed"), "cases.closed", "n"))),
    ("on_time", gettext_lazy("On-time share"),
     gettext_lazy("Share of the applications closed in the month that were decided within "
                  "the legal processing period and within the agency's own service norm, "
                  "and share of the petitions replied in the month that were replied by "
                  "their due date."), PERCENT,
     (("legal", gettext_lazy("Applications within the legal period"), "cases.on_time_rate",
       "rate"),
      ("norm", gettext_lazy("Applications within the service norm"),
       "cases.norm_on_time_rate", "rate"),
      ("petitions", gettext_lazy("Petitions replied on time"), "voice.on_time_reply_rate",
       "rate"))),
    ("working_days", gettext_lazy("Average working days to decide"),
     gettext_lazy("Mean working days used from receipt to decision (pauses for missing "
                  "documents not counted) of the applications closed in the month."),
     gettext_lazy("working days"),
     (("mean", gettext_lazy("Average working days"), "cases.mean_days_to_close", "mean"),)),
    ("satisfaction", gettext_lazy("Satisfaction"),
     gettext_lazy("Share of survey answers and of petitioners' ratings of the reply that "
                  "are 4 or 5 on the 1 to 5 scale, by month of the answer."), PERCENT,
     (("surveys", gettext_lazy("Survey satisfaction"), "surveys.satisfaction_share", "rate"),
      ("replies", gettext_lazy("Satisfaction with petition replies"),
       "voice.reply_satisfaction", "rate"))),
    ("ratings", gettext_lazy("Real-time ratings"),
     gettext_lazy("Mean of the real-time ratings (1 to 5 points) given at the counter or "
                  "online, by month."), gettext_lazy("points"),
     (("mean", gettext_lazy("Mean rating"), "surveys.realtime_rating_mean", "mean"),)),
    ("improvement", gettext_lazy("Improvement items opened and closed"),
     gettext_lazy("Improvement items opened after inspections, courtesy tests, complaints "
                  "and surveys, and items closed, by month."), ITEMS,
     (("opened", pgettext_lazy("performance figure", "Opened"), "assessment.items_opened", "n"),
      ("closed", pgettext_lazy("performance figure", "Closed"), "assessment.items_closed_on_time", "d"))),
)
_NOT_PEOPLE = {"improvement"}
_MAXIMUM = {"on_time": 100, "satisfaction": 100, "ratings": 5}

BREAKDOWNS = (
    ("petitions_kind", gettext_lazy("Petitions received by kind"), "kind"),
    ("petitions_category", gettext_lazy("Petitions received by category"), "category"),
    ("petitions_channel", gettext_lazy("Petitions received by channel"), "channel"),
)


def month_label(period: ReportingPeriod) -> str:
    if (translation.get_language() or "").startswith("en"):
        return period.key
    return f"{roc_year(period.start)}/{period.number:02d}"


def trailing_months(today: dt.date) -> list[ReportingPeriod]:
    return ReportingPeriod.containing(today, Grain.MONTH).trailing(MONTHS)


def _metric_table(spec, months, sums, k) -> Table:
    key, title, description, unit, columns = spec
    people = key not in _NOT_PEOPLE
    per_column = []
    totals = []
    for _column, _label, code, part in columns:
        pairs = [sums.get((code, month.start, None), (0.0, 0.0)) for month in months]
        if part in ("n", "d"):
            counts = [pair[0] if part == "n" else pair[1] for pair in pairs]
            cells, total = disclosure.protect_counts(counts, k, people=people)
        else:
            cells, total = disclosure.protect_rates(pairs, k, people=people,
                                                    scale=100 if part == "rate" else 1)
        per_column.append(cells)
        totals.append(total)
    rows = tuple(Row(month.key, month_label(month),
                     tuple(cells[index] for cells in per_column))
                 for index, month in enumerate(months))
    return Table(key=key, title=str(title), description=str(description), unit=str(unit),
                 columns=tuple(Column(column, str(label)) for column, label, _c, _p in columns),
                 rows=rows, total=Row("total", _("Twelve months"), tuple(totals)),
                 people=people, maximum=_MAXIMUM.get(key))


def _breakdown_table(key, title, groups: Sequence[tuple[str, str]],
                     counts: dict[tuple[dt.date, str], float], months, k) -> Table:
    rows = []
    for month in months:
        values = [counts.get((month.start, group), 0) for group, _label in groups]
        cells, total = disclosure.protect_counts(values, k)
        rows.append(Row(month.key, month_label(month), (*cells, total)))
    return Table(key=key, title=str(title),
                 description=_("Petitions received in the month (suggestions, complaints, "
                               "petitions, compliments and questions), by %(what)s; the "
                               "last column is the month's total.")
                 % {"what": _breakdown_word(key)},
                 unit=str(PETITIONS),
                 columns=(*(Column(group, label) for group, label in groups),
                          Column("total", _("Total"))),
                 rows=tuple(rows), total_column=True)


def _breakdown_word(key: str) -> str:
    return {"petitions_kind": _("kind"), "petitions_category": _("category"),
            "petitions_channel": _("channel")}[key]


def build_report(*, title: str, organisation_code: str, organisation_ids: frozenset[int],
                 today: dt.date, category_names: dict[str, str],
                 kind_names: dict[str, str], channel_names: dict[str, str]) -> Report:
    """The report, computed now (no cache): three queries."""
    k = min_count()
    months = trailing_months(today)
    start, end = months[0].start, months[-1].end
    codes = {spec[4][i][2] for spec in _METRIC_TABLES for i in range(len(spec[4]))}
    sums = month_sums(codes=codes, start=start, end=end, organisation_ids=organisation_ids)
    tables = [_metric_table(spec, months, sums, k) for spec in _METRIC_TABLES]
    by_channel = month_sums(codes=["voice.received"], start=start, end=end,
                            organisation_ids=organisation_ids, by="channel")
    channel_counts = {(month, channel): n for (_code, month, channel), (n, _d)
                      in by_channel.items()}
    for key, heading, by in BREAKDOWNS:
        if by == "channel":
            counts = channel_counts
            names = channel_names
        else:
            counts = received_by_month(organisation_ids=organisation_ids, start=start,
                                       end=end, by=by)
            names = kind_names if by == "kind" else category_names
        seen = {group for (_month, group) in counts}
        groups = [(code, label) for code, label in names.items()]
        groups += [(code, code or _("Not classified")) for code in sorted(seen - set(names))]
        if by == "category":
            groups = [(code, label) for code, label in groups if code in seen]
        tables.append(_breakdown_table(key, heading, groups, counts, months, k))
    return Report(title=title, organisation_code=organisation_code, months=tuple(months),
                  tables=tuple(tables), computed_at=timezone.now(),
                  as_of=rollups_refreshed_at(), min_count=k,
                  language=translation.get_language() or "")


def cached_report(*, organisation_code: str, compute) -> Report:
    """The report from the cache when the rollups have not been refreshed since it was
    computed and it is younger than MINFU_PERFORMANCE_CACHE_SECONDS; `compute()` else."""
    refreshed = rollups_refreshed_at()
    stamp = refreshed.timestamp() if refreshed else 0
    key = (f"opendata:performance:{organisation_code or '*'}:"
           f"{translation.get_language()}:{stamp}:{min_count()}")
    report = cache.get(key)
    if report is None:
        report = compute()
        cache.set(key, report, settings.MINFU_PERFORMANCE_CACHE_SECONDS)
    return report


# Charts and downloads --------------------------------------------------------------------

@dataclass(frozen=True)
class PublishedChart(Chart):
    """A chart whose data table shows the published cells ("<3" where withheld) and the
    twelve months' row, not only the values drawn."""

    header: tuple[str, ...] = ()
    cells: tuple[tuple[str, ...], ...] = ()

    def table_header(self) -> list[str]:
        return list(self.header)

    def table_rows(self) -> list[list]:
        return [list(row) for row in self.cells]


def chart_of(table: Table, k: int) -> PublishedChart:
    drawn = [index for index, column in enumerate(table.columns)
             if not (table.total_column and index == len(table.columns) - 1)]
    labels = [row.label for row in table.rows]
    series = [Series(table.columns[index].label,
                     [None if row.cells[index].suppressed else row.cells[index].value
                      for row in table.rows]) for index in drawn]
    chart = line_chart(title=table.title, labels=labels, series=series, unit=table.unit,
                       description=table.description, maximum=table.maximum)
    rows = [*table.rows, *([table.total] if table.total else [])]
    return PublishedChart(
        chart.title, chart.description, chart.labels, chart.series, chart.unit, chart.svg,
        header=("", *(column.label for column in table.columns)),
        cells=tuple((row.label, *(cell.display(k) for cell in row.cells)) for row in rows))


def download_header() -> list[str]:
    return [_("Table"), _("Column"), _("Month"), _("Value"), _("Unit"), _("Withheld")]


def download_rows(report: Report) -> list[list]:
    """Every published cell in long form; a withheld cell is empty and marked."""
    found = []
    for table in report.tables:
        for row in [*table.rows, *([table.total] if table.total else [])]:
            for column, cell in zip(table.columns, row.cells, strict=True):
                value = None if cell.value is None else round(cell.value, 2)
                found.append([table.title, column.label, row.key, value, table.unit,
                              f"<{report.min_count}" if cell.suppressed else ""])
    return found
