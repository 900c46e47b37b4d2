import math
import re

import pytest
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from minfu.core import charts
from minfu.core.charts import Series, bar_chart, line_chart
from minfu.core.errors import ValidationFailed
from minfu.core.exports import table_download
from minfu.core.sheets import read_ods, read_xlsx


def test_a_chart_is_a_named_image_with_its_data_beside_it():
    chart = line_chart(title="滿意度 <趨勢>", labels=["114Q1", "114Q2", "114Q3"],
                       series=[Series("本關", [80.0, None, 91.5]), Series("同類機關", [75, 78, 79])],
                       unit="%", description="依季")
    html = render_to_string("web/_chart.html", {"chart": chart})
    assert 'role="img"' in html and "aria-labelledby" in html
    assert "&lt;趨勢&gt;" in html and "<趨勢>" not in html
    assert "<caption>" in html and "91.5" in html and "–" in html
    assert chart.table_rows()[1] == ["114Q2", None, 78]


def test_bar_chart_ids_are_unique_on_one_page():
    first = bar_chart(title="a", labels=["x"], series=[Series("s", [1])])
    second = bar_chart(title="b", labels=["x"], series=[Series("s", [0])])
    def labelled_by(chart):
        return re.search(r'aria-labelledby="([^"]+)"', chart.svg).group(1)

    assert labelled_by(first) != labelled_by(second)


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_table_download_round_trips(fmt):
    response = table_download(fmt, filename="滿意度", sheet="data", header=["單位", "值"],
                              rows=[["業務一組", 3]])
    assert "filename*=utf-8''%e6%bb%bf" in response["Content-Disposition"].lower()
    read = read_xlsx if fmt == "xlsx" else read_ods
    assert read(response.content)["data"] == [["單位", "值"], ["業務一組", 3]]


def test_csv_download_has_a_bom_and_unknown_formats_are_refused():
    assert table_download("csv", filename="x", sheet="s", header=["a"], rows=[]).content.startswith(b"\xef\xbb\xbf")
    with pytest.raises(ValidationFailed):
        table_download("pdf", filename="x", sheet="s", header=["a"], rows=[])


# ----- round axis steps and labels that never overlap ------------------------------------

@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False))
def test_axis_steps_are_round_and_reach_the_highest_value(highest):
    ticks = charts.axis_ticks(highest)
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert ticks[0] == 0 and ticks[-1] >= highest * (1 - 1e-9)
    assert any(math.isclose(mantissa, nice) for nice in (1, 2, 2.5, 5, 10))
    assert ticks[-2] < highest and len(ticks) <= 2 * charts.AXIS_STEPS + 1


def test_a_percentage_axis_runs_in_quarters():
    assert charts.axis_ticks(100) == [0, 25, 50, 75, 100]
    assert charts.axis_ticks(0) == [0, 1]


@given(st.lists(st.text(alphabet="114年12月Jan", min_size=1, max_size=12), min_size=1,
                max_size=40))
def test_x_labels_shown_never_overlap(labels):
    slot = (charts.WIDTH - charts.LEFT - charts.RIGHT) / len(labels)
    stride = charts.label_stride(labels, slot)
    shown = labels[::stride]
    assert all(charts.text_width(label) <= slot * stride for label in shown)
