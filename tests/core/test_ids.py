from hypothesis import given
from hypothesis import strategies as st

from minfu.core.ids import as_id


@given(st.integers(min_value=1, max_value=2**62))
def test_an_integer_id_comes_back_whatever_its_form(number):
    assert as_id(number) == as_id(str(number)) == number


# Letters, punctuation and spaces only: int() also reads "1_000" and full-width digits.
@given(st.one_of(st.none(), st.text(alphabet=st.characters(categories=["L", "Ps", "Pe", "Zs"])),
                 st.lists(st.integers())))
def test_anything_else_is_id_0_which_no_row_has(value):
    assert as_id(value) == 0
