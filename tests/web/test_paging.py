from hypothesis import given
from hypothesis import strategies as st

from minfu.web.paging import GAP, page_window

totals = st.integers(min_value=1, max_value=500)


@given(data=st.data(), total=totals, radius=st.integers(min_value=0, max_value=5))
def test_window_shows_first_last_and_current_in_order(data, total, radius):
    current = data.draw(st.integers(min_value=1, max_value=total))
    window = page_window(current, total, radius=radius)
    numbers = [n for n in window if n is not GAP]
    assert numbers == sorted(set(numbers))
    assert numbers[0] == 1 and numbers[-1] == total and current in numbers
    assert all(n in numbers for n in range(max(1, current - radius),
                                           min(total, current + radius) + 1))


@given(data=st.data(), total=totals)
def test_a_gap_always_hides_at_least_two_pages(data, total):
    current = data.draw(st.integers(min_value=1, max_value=total))
    window = page_window(current, total)
    assert window[0] is not GAP and window[-1] is not GAP
    for index, item in enumerate(window):
        if item is GAP:
            assert window[index + 1] - window[index - 1] > 2


@given(total=totals, current=st.integers(min_value=-10, max_value=600))
def test_out_of_range_pages_are_clamped(total, current):
    window = page_window(current, total)
    assert window == page_window(min(max(current, 1), total), total)


def test_examples():
    assert page_window(1, 1) == [1]
    assert page_window(6, 20) == [1, GAP, 4, 5, 6, 7, 8, GAP, 20]
    assert page_window(4, 20) == [1, 2, 3, 4, 5, 6, GAP, 20]  # a gap of one page shows it
    assert page_window(3, 0) == []
