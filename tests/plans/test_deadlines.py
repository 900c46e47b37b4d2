"""Deadline phrases: what the agencies' wording means, and the days it falls due."""

import datetime as dt
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.plans import deadlines
from minfu.plans.deadlines import DeadlineKind, Recurrence, Standing

YEAR = 2025  # ROC 114
years = st.integers(min_value=1990, max_value=2150)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2150, 12, 31))


@pytest.mark.parametrize(("phrase", "expected"), [
    # from the seeds and the plans agencies sent in
    ("114年6月30日", deadlines.on_date(dt.date(2025, 6, 30))),
    ("民國114年3月5日", deadlines.on_date(dt.date(2025, 3, 5))),
    ("114/03/05", deadlines.on_date(dt.date(2025, 3, 5))),
    ("2025-03-05", deadlines.on_date(dt.date(2025, 3, 5))),
    ("一一四年六月三十日前", deadlines.on_date(dt.date(2025, 6, 30))),
    ("１１４年６月３０日", deadlines.on_date(dt.date(2025, 6, 30))),
    ("6月30日前", deadlines.on_date(dt.date(2025, 6, 30))),
    ("114年12月", deadlines.in_month(2025, 12)),
    ("107年 3月", deadlines.in_month(2018, 3)),
    ("114年12月底前", deadlines.in_month(2025, 12)),
    ("114年底前", deadlines.in_month(2025, 12)),
    ("年底前", deadlines.in_month(2025, 12)),
    ("114年第2季", deadlines.between(dt.date(2025, 4, 1), dt.date(2025, 6, 30))),
    ("114年上半年", deadlines.between(dt.date(2025, 1, 1), dt.date(2025, 6, 30))),
    ("114年3月1日至6月30日", deadlines.between(dt.date(2025, 3, 1), dt.date(2025, 6, 30))),
    ("114/3/1-114/6/30", deadlines.between(dt.date(2025, 3, 1), dt.date(2025, 6, 30))),
    ("3月至6月", deadlines.between(dt.date(2025, 3, 1), dt.date(2025, 6, 30))),
    ("即日起至114年6月30日止", deadlines.on_date(dt.date(2025, 6, 30))),
    ("每月", deadlines.recurring(Recurrence.MONTHLY)),
    ("每月10日前", deadlines.every(1, day=10)),
    ("每季", deadlines.recurring(Recurrence.QUARTERLY)),
    ("每季辦理", deadlines.recurring(Recurrence.QUARTERLY)),
    ("每3個月", deadlines.every(3)),
    ("每三個月", deadlines.every(3)),
    ("每兩個月", deadlines.every(2)),
    ("每半年", deadlines.recurring(Recurrence.HALF_YEARLY)),
    ("每年", deadlines.recurring(Recurrence.YEARLY)),
    ("每年辦理", deadlines.every(12)),
    ("每年辦理一次", deadlines.every(12)),
    ("每年3月底前", deadlines.every(12, month=3)),
    ("每年十月十五日前", deadlines.every(12, month=10, day=15)),
    ("經常性辦理", deadlines.standing(Standing.REGULAR)),
    (" 隨時辦理 ", deadlines.standing(Standing.AS_NEEDED)),
    ("不定時", deadlines.standing(Standing.AS_NEEDED)),
    ("不定期辦理", deadlines.standing(Standing.AS_NEEDED)),
    ("即日起", deadlines.standing(Standing.FROM_NOW)),
])
def test_reads_the_ways_agencies_write_deadlines(phrase, expected):
    found = deadlines.parse(phrase, year=YEAR)
    assert found == expected
    assert deadlines.label(found) == phrase.strip()   # printed as written
    assert deadlines.warning(found, year=found.day.year if found.day else YEAR) == ""


@pytest.mark.parametrize("phrase", [
    "明年", "114年13月", "114年2月30日", "每週", "ASAP", "1076 年3月", "每13個月", "每年2月30日",
    "6月31日前", "114年6月至3月"])
def test_what_it_cannot_read_is_kept_as_text_with_a_warning(phrase):
    found = deadlines.parse(phrase, year=YEAR)
    assert found.kind is DeadlineKind.TEXT and not found.is_read
    assert deadlines.label(found) == phrase
    assert phrase in deadlines.warning(found, year=YEAR)
    assert deadlines.occurrences(found, YEAR) == []
    assert not deadlines.is_past(found, today=dt.date(2030, 1, 1), year=YEAR)


def test_no_year_written_needs_the_plans_year():
    assert deadlines.parse("6月30日前").kind is DeadlineKind.TEXT
    assert deadlines.parse("6月30日前", year=2026) == deadlines.on_date(dt.date(2026, 6, 30))


def test_a_due_day_outside_the_plans_year_is_warned_about():
    found = deadlines.parse("113年12月", year=YEAR)
    assert found.kind is DeadlineKind.MONTH
    assert "113年12月" in deadlines.warning(found, year=YEAR)
    assert deadlines.warning(deadlines.parse(""), year=YEAR)


# The grammar of deadline phrases, with what each phrase means ---------------------------

_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese_digits(number: int) -> str:
    return "".join(_CHINESE_DIGITS[int(c)] for c in str(number))


def _chinese_count(number: int) -> str:
    """1..31 as counted: 十, 十二, 二十, 三十一."""
    tens, ones = divmod(number, 10)
    text = (("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十") if tens else ""
    return text + (_CHINESE_DIGITS[ones] if ones else "")


@st.composite
def written_years(draw, year: int) -> str:
    style = draw(st.sampled_from(["roc", "roc_prefixed", "ad", "roc_chinese"]))
    return {"roc": str(year - 1911), "roc_prefixed": f"民國{year - 1911}",
            "ad": str(year), "roc_chinese": _chinese_digits(year - 1911)}[style]


def _count(draw, number: int) -> str:
    return draw(st.sampled_from([str(number), _chinese_count(number)]))


def _wide(draw, text: str) -> str:
    """The text, or with full-width digits and slashes as some word processors type."""
    if not draw(st.booleans()):
        return text
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and (c.isdigit() or c in "/.-") else c
                   for c in text)


@st.composite
def date_phrases(draw, with_year=True):
    day = draw(st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2099, 12, 31)))
    year = draw(written_years(day.year)) if with_year else ""
    if with_year and year.isdigit() and draw(st.booleans()):
        separator = draw(st.sampled_from("/.-"))
        text = f"{year}{separator}{day.month}{separator}{day.day}"
    else:
        text = f"{year}{'年' if year else ''}{_count(draw, day.month)}月{_count(draw, day.day)}日"
    suffix = draw(st.sampled_from(["", "前", "止", "以前", "辦理完成", "前完成"]))
    return _wide(draw, text) + suffix, day


@st.composite
def phrases(draw):
    """(phrase, plan year, what it means)."""
    kind = draw(st.sampled_from(["date", "yearless", "month", "range", "recurring",
                                 "standing"]))
    if kind == "date":
        text, day = draw(date_phrases())
        return text, day.year, deadlines.on_date(day)
    if kind == "yearless":
        text, day = draw(date_phrases(with_year=False))
        return text, day.year, deadlines.on_date(day)
    if kind == "month":
        year, month = draw(st.integers(1995, 2099)), draw(st.integers(1, 12))
        end = draw(st.sampled_from(["", "底", "底前", "前"]))
        text = f"{draw(written_years(year))}年{_count(draw, month)}月{end}"
        return text, year, deadlines.in_month(year, month)
    if kind == "range":
        year = draw(st.integers(1995, 2099))
        first, last = sorted(draw(st.lists(st.integers(1, 12), min_size=2, max_size=2)))
        written = draw(written_years(year))
        joiner = draw(st.sampled_from(["至", "到", "~"]))
        text = f"{written}年{first}月{joiner}{draw(st.sampled_from(['', written + '年']))}{last}月"
        return text, year, deadlines.between(dt.date(year, first, 1),
                                             deadlines.month_end(year, last))
    if kind == "recurring":
        year = draw(years)
        text, meaning = draw(st.sampled_from([
            ("每月", deadlines.every(1)), ("每季", deadlines.every(3)),
            ("每半年", deadlines.every(6)), ("每年", deadlines.every(12)),
            ("每年辦理", deadlines.every(12)), ("每季辦理", deadlines.every(3))]
            + [(f"每{n}個月", deadlines.every(n)) for n in range(1, 13)]
            + [(f"每{_chinese_count(n)}個月", deadlines.every(n)) for n in range(1, 13)]
            + [(f"每年{m}月底前", deadlines.every(12, month=m)) for m in range(1, 13)]
            + [(f"每月{d}日前", deadlines.every(1, day=d)) for d in range(1, 32)]))
        return text, year, meaning
    phrase = draw(st.sampled_from(sorted(deadlines.STANDING_PHRASES)))
    return phrase, draw(years), deadlines.standing(deadlines.STANDING_PHRASES[phrase])


@given(phrases())
def test_every_phrase_of_the_grammar_is_read_as_meant_and_kept_as_written(case):
    text, year, meaning = case
    found = deadlines.parse(text, year=year)
    assert found == meaning, text
    assert deadlines.label(found) == text


@given(st.text(max_size=40), st.one_of(st.none(), years))
def test_any_text_is_kept_and_never_raises(text, year):
    found = deadlines.parse(text, year=year)
    assert deadlines.label(found) == " ".join(text.split())
    deadlines.warning(found, year=year)
    deadlines.occurrences(found, year or YEAR)


@given(phrases(), years)
def test_implied_days_fall_in_the_asked_year_sorted_and_once(case, year):
    text, plan_year, _meaning = case
    found = deadlines.parse(text, year=plan_year)
    due = deadlines.occurrences(found, year)
    assert due == sorted(set(due))
    assert all(day.year == year for day in due)


deadline_values = st.one_of(
    days.map(deadlines.on_date),
    st.builds(deadlines.in_month, years, st.integers(1, 12)),
    st.tuples(days, days).map(lambda pair: deadlines.between(*sorted(pair))),
    st.integers(1, 12).map(deadlines.every),
    st.integers(1, 12).map(lambda month: deadlines.every(12, month=month)),
    st.integers(1, 31).map(lambda day: deadlines.every(1, day=day)),
    st.sampled_from(list(Recurrence)).map(deadlines.recurring),
    st.sampled_from(list(Standing)).map(deadlines.standing),
)


@given(deadline_values, years)
def test_minfus_own_words_read_back_as_the_same_deadline(deadline, year):
    assert deadlines.parse(deadlines.canonical(deadline), year=year) == deadline


@given(st.sampled_from(list(Recurrence)), years)
def test_recurring_occurrences_are_period_ends_spread_over_the_year(recurrence, year):
    found = deadlines.occurrences(deadlines.recurring(recurrence), year)
    assert len(found) == {"monthly": 12, "quarterly": 4, "half_yearly": 2, "yearly": 1}[recurrence]
    assert found == sorted(found) and found[-1] == dt.date(year, 12, 31)
    assert all((day + dt.timedelta(days=1)).day == 1 for day in found)


@given(st.integers(1, 12), years)
def test_every_n_months_falls_due_12_over_n_times(months, year):
    found = deadlines.occurrences(deadlines.every(months), year)
    assert len(found) == 12 // months
    assert [day.month for day in found] == list(range(months, 13, months))


def test_a_monthly_day_is_kept_within_short_months():
    found = deadlines.occurrences(deadlines.parse("每月30日前"), 2025)
    assert found[1] == dt.date(2025, 2, 28) and found[2] == dt.date(2025, 3, 30)


@given(deadline_values, years)
def test_standing_has_no_occurrence_and_a_single_due_day_at_most_one(deadline, year):
    found = deadlines.occurrences(deadline, year)
    if deadline.kind is DeadlineKind.STANDING:
        assert found == []
    if deadline.kind in (DeadlineKind.DATE, DeadlineKind.MONTH, DeadlineKind.RANGE):
        assert len(found) <= 1


@given(deadline_values, days, years)
def test_standing_is_never_past_and_done_is_never_past(deadline, today, year):
    if deadline.kind is DeadlineKind.STANDING:
        assert not deadlines.is_past(deadline, today=today, year=year)
    if deadline.kind in (DeadlineKind.DATE, DeadlineKind.MONTH, DeadlineKind.RANGE):
        assert not deadlines.is_past(deadline, today=today, year=year, done=True)
    if deadline.kind is DeadlineKind.RECURRING:
        every = deadlines.occurrences(deadline, year)
        assert not deadlines.is_past(deadline, today=today, year=year, done_occurrences=every)


def test_date_month_and_range_are_past_only_after_their_last_day():
    month = deadlines.in_month(2025, 6)
    assert not deadlines.is_past(month, today=dt.date(2025, 6, 30), year=2025)
    assert deadlines.is_past(month, today=dt.date(2025, 7, 1), year=2025)
    day = deadlines.on_date(dt.date(2025, 3, 5))
    assert deadlines.is_past(day, today=dt.date(2025, 3, 6), year=2025)
    span = deadlines.parse("3月至6月", year=2025)
    assert not deadlines.is_past(span, today=dt.date(2025, 6, 30), year=2025)
    assert deadlines.is_past(span, today=dt.date(2025, 7, 1), year=2025)


def test_recurring_is_past_when_an_occurrence_gone_by_was_not_done():
    quarterly = deadlines.parse("每三個月")
    today = dt.date(2025, 7, 15)
    assert deadlines.is_past(quarterly, today=today, year=2025,
                             done_occurrences=[dt.date(2025, 3, 31)])
    assert not deadlines.is_past(quarterly, today=today, year=2025,
                                 done_occurrences=[dt.date(2025, 3, 31), dt.date(2025, 6, 30)])


@given(deadline_values)
def test_shift_years_moves_dates_by_one_year_and_keeps_kind(deadline):
    shifted = deadlines.shift_years(deadline, 1)
    assert shifted.kind is deadline.kind
    if deadline.day is not None:
        assert shifted.day.year == deadline.day.year + 1
        assert shifted.day.month == deadline.day.month
    else:
        assert shifted == deadline


@pytest.mark.parametrize(("phrase", "moved"), [
    ("114年6月30日前", "115年6月30日前"), ("6月30日前", "6月30日前"),
    ("114年3月至6月", "115年3月至6月"), ("2025/6/30", "2026/6/30"),
    ("一一四年六月", "115年6月"), ("每季", "每季")])
def test_shifted_wording_moves_its_year_as_written(phrase, moved):
    shifted = deadlines.shift_years(deadlines.parse(phrase, year=2025), 1)
    assert deadlines.label(shifted) == moved
    assert deadlines.parse(moved, year=2026) == shifted


def test_occurrences_between_takes_those_inside_the_period():
    monthly = deadlines.recurring(Recurrence.MONTHLY)
    found = deadlines.occurrences_between(monthly, dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    assert found == [dt.date(2025, 4, 30), dt.date(2025, 5, 31), dt.date(2025, 6, 30)]


def test_normalise_reads_full_width_digits_and_chinese_numerals():
    assert deadlines.normalise("一百一十四年十二月底前") == "114年12月底"
    assert deadlines.normalise(unicodedata.normalize("NFKC", "　每３個月辦理　")) == "每3個月"
