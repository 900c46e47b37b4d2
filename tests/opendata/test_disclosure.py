"""Small-number protection (minfu.opendata.disclosure): no published count of people in
(0, k), and no hidden cell that a published total lets one recompute."""

from hypothesis import given
from hypothesis import strategies as st

from minfu.opendata.disclosure import (
    Cell,
    hidden_cells,
    is_small,
    protect_counts,
    protect_rates,
    published_values,
)

thresholds = st.integers(min_value=2, max_value=10)
groups = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=14)


@given(groups, thresholds)
def test_no_published_count_is_small(counts, k):
    cells, total = protect_counts(counts, k)
    for cell in [*cells, total]:
        assert cell.suppressed or not is_small(cell.value, k)
        assert not (cell.value is not None and 0 < cell.value < k)


@given(groups, thresholds)
def test_a_published_total_never_reveals_a_single_hidden_cell(counts, k):
    cells, total = protect_counts(counts, k)
    hidden = [count for count, cell in zip(counts, cells, strict=True) if cell.suppressed]
    if not total.suppressed:
        # Total minus the published cells is the sum of the hidden ones: never one alone.
        assert len(hidden) != 1
        published = sum(cell.value for cell in cells if not cell.suppressed)
        assert total.value - published == sum(hidden)


@given(groups, thresholds)
def test_only_what_is_needed_is_hidden(counts, k):
    hidden = hidden_cells(counts, k)
    secondary = [count for count, hide in zip(counts, hidden, strict=True)
                 if hide and not is_small(count, k)]
    assert len(secondary) <= 1
    assert all(not hide for count, hide in zip(counts, hidden, strict=True) if count == 0)


@given(groups, thresholds)
def test_counts_of_things_are_published_as_they_are(counts, k):
    cells, total = protect_counts(counts, k, people=False)
    assert published_values(cells) == [float(count) for count in counts]
    assert total.value == sum(counts)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=12),
       thresholds)
def test_a_rate_is_hidden_where_its_people_are(pairs, k):
    pairs = [(min(n, d), d) for n, d in pairs]
    cells, total = protect_rates(pairs, k)
    denominators, denominator_total = protect_counts([d for _n, d in pairs], k)
    assert [cell.suppressed for cell in cells] == [cell.suppressed for cell in denominators]
    assert total.suppressed == denominator_total.suppressed
    for (n, d), cell in zip(pairs, cells, strict=True):
        if not cell.suppressed:
            assert cell.value == (n / d * 100 if d else None)


def test_examples():
    assert [c.suppressed for c in protect_counts([4, 1, 0, 5], 3)[0]] == [True, True, False,
                                                                          False]
    assert protect_counts([1, 1], 3)[1] == Cell(None, True)
    assert protect_counts([0, 0], 3) == ([Cell(0.0), Cell(0.0)], Cell(0.0))
    assert Cell(None, True).display(3) == "<3"
    assert Cell(66.666).display(3) == "66.7"
    assert Cell(None).display(3) == "–"
