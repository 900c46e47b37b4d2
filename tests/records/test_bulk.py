"""The batches of the record generators (records.bulk)."""

from hypothesis import given
from hypothesis import strategies as st

from minfu.records.bulk import batch_sizes


@given(count=st.integers(min_value=0, max_value=500), batch_size=st.integers(min_value=1, max_value=60))
def test_batches_make_the_count_and_each_is_reported(count, batch_size):
    lines: list[str] = []
    sizes = list(batch_sizes(count, batch_size, "cases", lines.append))
    assert sum(sizes) == count
    assert all(0 < size <= batch_size for size in sizes)
    assert all(size == batch_size for size in sizes[:-1])
    assert len(lines) == len(sizes)
    if lines:
        assert lines[-1].startswith(f"{count}/{count} cases, ")
