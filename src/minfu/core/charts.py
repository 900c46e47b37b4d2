"""Accessible SVG charts for the analysis and dashboard pages, drawn on the server so that
they work with JavaScript off. A chart is an SVG image with a title and a description
(`role="img"`, named by its title) and always comes with its data as a table: the table
is what screen readers and keyboard users read, the picture is for the eye.

Render one with `{% include "web/_chart.html" with chart=chart %}`; the same `Chart`
gives the rows for CSV, XLSX and ODS exports (`minfu.core.exports`).

Colours are the Okabe-Ito palette (distinguishable with colour-blindness) and each series
also has its own marker shape and dash, so colour is never the only cue (WCAG 1.4.1);
every colour meets 3:1 against white (WCAG 1.4.11)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Okabe-Ito, darkened where needed for 3:1 contrast on white.
PALETTE = ("#0072B2", "#D55E00", "#007A5A", "#CC79A7", "#8A6D00", "#56606B")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 56

_ids = count(1)

Number = int | float | None


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number]


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    labels: Sequence[str]
    series: Sequence[Series]
    unit: str
    svg: SafeString

    def table_header(self) -> list[str]:
        return ["", *[series.name for series in self.series]]

    def table_rows(self) -> list[list]:
        return [[label, *[series.values[i] for series in self.series]]
                for i, label in enumerate(self.labels)]


def _format(value: Number) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{value:g}" if isinstance(value, float) else str(value)


# A step of the value axis is one of these times a power of ten: 0, 25, 50, 75, 100,
# never 25.2 or 50.3.
NICE_STEPS = (1, 2, 2.5, 5, 10)
AXIS_STEPS = 4  # about as many steps as this


def axis_ticks(highest: float) -> list[float]:
    """The values of the horizontal grid lines: from 0 in round steps to the first step at
    or above `highest` (0 to 1 when there is nothing above 0)."""
    if not highest > 0:
        return [0, 1]
    raw = highest / AXIS_STEPS
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(nice * magnitude for nice in NICE_STEPS if nice * magnitude >= raw * 0.999999)
    steps = math.ceil(highest / step - 1e-9)
    return [round(step * i, 10) for i in range(steps + 1)]


def _ticks(series: Sequence[Series], maximum: float | None) -> list[float]:
    if maximum is not None:
        return axis_ticks(maximum)
    return axis_ticks(max((v for s in series for v in s.values if v is not None), default=0))


def _frame(chart_id: str, title: str, description: str, body: list[str],
           ticks: list[float], unit: str) -> SafeString:
    plot_height = HEIGHT - TOP - BOTTOM
    top = ticks[-1]
    grid = []
    for value in ticks:
        y = TOP + plot_height - plot_height * value / top
        grid.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="#BBB" stroke-width="1"/>'
                    f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
                    f'fill="#333">{escape(_format(value))}</text>')
    return mark_safe(  # noqa: S308 every text in it went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
        f'{"".join(grid)}'
        f'<text x="8" y="{TOP + 4}" font-size="12" fill="#333">{escape(unit)}</text>'
        f'{"".join(body)}</svg>'
    )


def text_width(text: str) -> float:
    """About how wide `text` is at font size 12: CJK characters are square, others half."""
    return sum(12 if ord(char) > 0x2E80 else 7 for char in text)


def label_stride(labels: Sequence[str], slot: float) -> int:
    """Label every n-th point so that no two labels overlap (the table has them all)."""
    widest = max((text_width(label) for label in labels), default=0)
    return max(1, math.ceil((widest + 6) / slot)) if slot > 0 else 1


def _x_labels(labels: Sequence[str], centre, slot: float) -> list[str]:
    y = HEIGHT - BOTTOM + 18
    stride = label_stride(labels, slot)
    return [f'<text x="{centre(i):.1f}" y="{y}" text-anchor="middle" font-size="12" '
            f'fill="#333">{escape(label)}</text>' for i, label in enumerate(labels)
            if i % stride == 0]


def _legend(series: Sequence[Series]) -> list[str]:
    items = []
    x = LEFT
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        items.append(f'<rect x="{x}" y="{HEIGHT - 22}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="{HEIGHT - 12}" font-size="12" fill="#333">'
                     f'{escape(one.name)}</text>')
        x += 24 + text_width(one.name)
    return items


def bar_chart(*, title: str, labels: Sequence[str], series: Sequence[Series], unit: str = "",
              description: str = "", maximum: float | None = None) -> Chart:
    """Grouped vertical bars: one group per label, one bar per series."""
    ticks = _ticks(series, maximum)
    top = ticks[-1]
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    group = plot_width / max(len(labels), 1)
    bar = group * 0.8 / max(len(series), 1)
    body = []
    for s_index, one in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        for i, value in enumerate(one.values):
            if value is None:
                continue
            height = plot_height * min(value, top) / top
            x = LEFT + group * i + group * 0.1 + bar * s_index
            body.append(f'<rect x="{x:.1f}" y="{TOP + plot_height - height:.1f}" '
                        f'width="{bar:.1f}" height="{height:.1f}" fill="{colour}">'
                        f'<title>{escape(one.name)} {escape(labels[i])}: '
                        f'{escape(_format(value))}</title></rect>')
    body += _x_labels(labels, lambda i: LEFT + group * i + group / 2, group)
    if len(series) > 1:
        body += _legend(series)
    chart_id = f"chart-{next(_ids)}"
    return Chart(title, description, labels, series, unit,
                 _frame(chart_id, title, description, body, ticks, unit))


def line_chart(*, title: str, labels: Sequence[str], series: Sequence[Series], unit: str = "",
               description: str = "", maximum: float | None = None) -> Chart:
    """One line per series over the labels (periods); a missing value breaks the line."""
    ticks = _ticks(series, maximum)
    top = ticks[-1]
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(labels) - 1, 1)

    def x_of(i):
        return LEFT + (step * i if len(labels) > 1 else plot_width / 2)

    body = []
    for s_index, one in enumerate(series):
        colour = PALETTE[s_index % len(PALETTE)]
        dash = DASHES[s_index % len(DASHES)]
        segment: list[str] = []
        points = []
        for i, value in enumerate(one.values):
            if value is None:
                if len(segment) > 1:
                    points.append(segment)
                segment = []
                continue
            y = TOP + plot_height - plot_height * min(value, top) / top
            segment.append(f"{x_of(i):.1f},{y:.1f}")
            body.append(f'<circle cx="{x_of(i):.1f}" cy="{y:.1f}" r="{3 + s_index % 3}" '
                        f'fill="{colour}"><title>{escape(one.name)} {escape(labels[i])}: '
                        f'{escape(_format(value))}</title></circle>')
        if len(segment) > 1:
            points.append(segment)
        for line in points:
            body.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="{colour}" '
                        f'stroke-width="2" stroke-dasharray="{dash}"/>')
    body += _x_labels(labels, x_of, step)
    if len(series) > 1:
        body += _legend(series)
    chart_id = f"chart-{next(_ids)}"
    return Chart(title, description, labels, series, unit,
                 _frame(chart_id, title, description, body, ticks, unit))
