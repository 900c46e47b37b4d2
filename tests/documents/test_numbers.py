"""Document number patterns (pure): what is refused, and how numbers read."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.documents.numbers import format_number, pattern_problems


def test_the_usual_pattern_reads_as_agencies_write_it():
    assert format_number("北關業字第{year}{serial}號", roc_year=114, serial=123,
                         digits=7) == "北關業字第1140000123號"


@pytest.mark.parametrize(("pattern", "problems"), [
    ("", ["empty", "serial", "year"]), ("第{year}號", ["serial"]),
    ("{year}{serial}{serial}", ["serial"]), ("{year}{year}{serial}", ["year"]),
    ("第{serial}號", ["year"]), ("{year}{serial}{month}", ["unknown"]),
    ("{year}{serial}}", ["brace"]), ("{year}{ serial}", ["serial", "brace"]),
])
def test_broken_patterns_are_named(pattern, problems):
    assert pattern_problems(pattern) == problems


@given(prefix=st.text(alphabet="北關業稽字第號-", max_size=8), year=st.integers(1, 999),
       serial=st.integers(1, 10**12), digits=st.integers(1, 10))
def test_numbers_keep_the_prefix_year_and_every_digit_of_the_serial(prefix, year, serial,
                                                                     digits):
    number = format_number(prefix + "{year}{serial}號", roc_year=year, serial=serial,
                           digits=digits)
    assert number.startswith(prefix + str(year)) and number.endswith("號")
    tail = number[len(prefix) + len(str(year)):-1]
    assert int(tail) == serial and len(tail) == max(digits, len(str(serial)))


@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_different_serials_give_different_numbers(first, second):
    def number(serial):
        return format_number("第{year}{serial}號", roc_year=114, serial=serial, digits=7)
    assert (number(first) == number(second)) == (first == second)


def test_a_broken_pattern_or_serial_raises():
    with pytest.raises(ValueError):
        format_number("no serial", roc_year=114, serial=1, digits=7)
    with pytest.raises(ValueError):
        format_number("{year}{serial}", roc_year=114, serial=0, digits=7)
