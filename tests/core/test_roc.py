import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from minfu.core import roc
from minfu.core.roc import RocDateError, RocStyle, parse_date

ROC_DATES = st.dates(min_value=roc.FIRST_ROC_DATE, max_value=dt.date.max)
MARCH_5 = dt.date(2025, 3, 5)
FULL_WIDTH = str.maketrans("0123456789/.-", "０１２３４５６７８９／．－")


@pytest.mark.parametrize(
    "text",
    [
        "114/03/05", "114/3/5", "1140305", "民國114年3月5日", "114年3月5日", "114.3.5",
        "114-03-05", "2025-03-05", "20250305", "2025/3/5", "2025年3月5日",
        "１１４/０３/０５", "１１４０３０５", "  114/03/05\t", "\u3000114/03/05\u3000",
        "中華民國114年3月5日", "民國 114 年 3 月 5 日", "114 / 03 / 05", "114年3月5號",
        "民國114/03/05", "民國1140305",
    ],
)
def test_reads_every_documented_form_of_5_march_2025(text):
    assert parse_date(text) == MARCH_5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("990305", dt.date(2010, 3, 5)),  # two-digit ROC year of older data files
        ("0990305", dt.date(2010, 3, 5)),
        ("1/1/1", dt.date(1912, 1, 1)),
        ("001/01/01", dt.date(1912, 1, 1)),
        ("113/02/29", dt.date(2024, 2, 29)),  # leap day
        ("1911-01-01", dt.date(1911, 1, 1)),  # four digits are AD, even before the ROC
        ("民國1000/01/01", dt.date(2911, 1, 1)),  # 民國 makes a four-digit year ROC
        ("民國10000101", dt.date(2911, 1, 1)),
        ("民國8088/12/31", dt.date(9999, 12, 31)),
    ],
)
def test_reads_year_lengths_by_the_documented_rules(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("114/02/29", "invalid_day"),
        ("114/04/31", "invalid_day"),
        ("114/03/00", "invalid_day"),
        ("114/13/01", "invalid_month"),
        ("114/00/01", "invalid_month"),
        ("0/01/01", "invalid_year"),
        ("000/1/1", "invalid_year"),
        ("0000305", "invalid_year"),
        ("民國0年1月1日", "invalid_year"),
        ("民國8089/01/01", "year_out_of_range"),
        ("0000-01-01", "year_out_of_range"),
        ("", "invalid"),
        ("   ", "invalid"),
        ("tomorrow", "invalid"),
        ("114/03-05", "invalid"),  # mixed separators
        ("114/03/05/01", "invalid"),
        ("11403", "invalid"),
        ("114030512", "invalid"),
        ("12345/01/01", "invalid"),
        ("114年3月", "invalid"),
        ("2025-03-05T10:00", "invalid"),
    ],
)
def test_refuses_impossible_or_unreadable_text_with_a_coded_error(text, code):
    with pytest.raises(RocDateError) as caught:
        parse_date(text)
    assert caught.value.code == code
    assert str(caught.value)


def test_error_is_a_value_error_that_names_the_problem():
    with pytest.raises(ValueError, match="month 2 has no day 29"):
        parse_date("114/02/29")
    with pytest.raises(ValueError, match="no month 13"):
        parse_date("114/13/01")


def test_non_text_input_is_unreadable_not_a_crash():
    with pytest.raises(RocDateError) as caught:
        parse_date(None)
    assert caught.value.code == "invalid"


def test_error_message_is_translated_when_read(tag_translations):
    error = RocDateError(roc.UNREADABLE_MESSAGE, code="invalid")
    with translation.override("zh-hant"):
        assert str(error).startswith("[zh-hant] ")
    with translation.override("en"):
        assert str(error).startswith("[en] ")


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (RocStyle.LONG, "114年3月5日"),
        (RocStyle.PREFIXED, "民國114年3月5日"),
        (RocStyle.SLASH, "114/03/05"),
        (RocStyle.COMPACT, "1140305"),
    ],
)
def test_formats_5_march_2025(style, expected):
    assert roc.format_roc(MARCH_5, style) == expected


def test_named_formatters_match_the_styles():
    assert roc.format_roc_long(MARCH_5) == "114年3月5日"
    assert roc.format_roc_prefixed(MARCH_5) == "民國114年3月5日"
    assert roc.format_roc_slash(MARCH_5) == "114/03/05"
    assert roc.format_roc_compact(MARCH_5) == "1140305"
    assert roc.roc_year(MARCH_5) == 114


def test_formats_small_years_with_padding_only_in_fixed_width_forms():
    day = dt.date(1923, 1, 2)
    assert roc.format_roc_long(day) == "12年1月2日"
    assert roc.format_roc_slash(day) == "012/01/02"
    assert roc.format_roc_compact(day) == "0120102"


def test_formats_four_digit_roc_years_with_the_prefix_so_they_do_not_read_as_ad():
    day = dt.date(2911, 1, 1)
    assert roc.format_roc_slash(day) == "民國1000/01/01"
    assert roc.format_roc_compact(day) == "民國10000101"
    assert roc.format_roc_long(day) == "民國1000年1月1日"


def test_formats_a_datetime_with_hours_and_minutes():
    assert roc.format_roc_datetime(dt.datetime(2025, 3, 5, 14, 30, 59)) == "114/03/05 14:30"


def test_refuses_to_format_a_date_before_the_roc():
    with pytest.raises(RocDateError) as caught:
        roc.format_roc_slash(dt.date(1911, 12, 31))
    assert caught.value.code == "before_roc"


def test_from_roc_builds_the_ad_date():
    assert roc.from_roc(114, 3, 5) == MARCH_5
    with pytest.raises(RocDateError):
        roc.from_roc(114, 2, 29)


@given(day=ROC_DATES, style=st.sampled_from(RocStyle))
def test_every_format_reads_back_as_the_same_day(day, style):
    assert parse_date(roc.format_roc(day, style)) == day


@given(day=ROC_DATES, style=st.sampled_from(RocStyle))
def test_full_width_and_spaced_forms_read_back_as_the_same_day(day, style):
    text = roc.format_roc(day, style).translate(FULL_WIDTH)
    assert parse_date(f" \u3000{text} ") == day


@given(day=st.dates(min_value=roc.FIRST_ROC_DATE, max_value=dt.date(2910, 12, 31)),
       separator=st.sampled_from("/.-"))
def test_unpadded_roc_with_any_separator_reads_back(day, separator):
    text = separator.join(str(part) for part in (roc.roc_year(day), day.month, day.day))
    assert parse_date(text) == day


@given(day=st.dates(min_value=dt.date(1000, 1, 1)))
def test_iso_dates_read_as_ad(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%Y%m%d")) == day


@given(text=st.text(max_size=30))
def test_any_text_either_reads_or_raises_roc_date_error(text):
    try:
        result = parse_date(text)
    except RocDateError:
        return
    assert isinstance(result, dt.date)


def test_formats_a_month_for_captions():
    assert roc.format_roc_month(dt.date(2025, 3, 5)) == "114年3月"
