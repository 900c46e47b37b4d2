"""Reading the official calendar file defensively (pure: no database)."""

import codecs
import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from minfu.workcal import calendar_file
from minfu.workcal.calendar_file import CalendarFileError, OfficialDay
from tests.workcal.factories import DATA_DIR, calendar_csv

D = dt.date


@pytest.fixture(autouse=True)
def _english():
    """Problems are compared as written (the msgids); the catalogue translates them."""
    with translation.override("en"):
        yield


def problems_of(content: bytes) -> list[str]:
    with pytest.raises(CalendarFileError) as raised:
        calendar_file.parse(content)
    return raised.value.problems


def test_the_shipped_2025_file_reads_with_its_bom():
    content = (DATA_DIR / "roc-114-office-calendar.csv").read_bytes()
    assert content.startswith(codecs.BOM_UTF8)
    parsed = calendar_file.parse(content)
    assert parsed.years == (2025,)
    assert parsed.encoding == "utf-8-sig"
    assert len(parsed.days) == 365
    by_date = {day.day: day for day in parsed.days}
    assert by_date[D(2025, 2, 8)] == OfficialDay(D(2025, 2, 8), False, "補行上班")
    assert by_date[D(2025, 10, 24)].is_day_off


def test_utf8_without_bom_reads():
    parsed = calendar_file.parse(calendar_csv(2025).encode("utf-8"))
    assert parsed.encoding == "utf-8"
    assert len(parsed.days) == 365


def test_cp950_falls_back():
    text = calendar_csv(2025, overrides={D(2025, 1, 1): (True, "中華民國開國紀念日")})
    parsed = calendar_file.parse(text.encode("cp950"))
    assert parsed.encoding == "cp950"
    assert parsed.days[0] == OfficialDay(D(2025, 1, 1), True, "中華民國開國紀念日")


def test_bytes_that_are_neither_utf8_nor_big5_are_refused():
    assert problems_of(b"\x81\x30\xff\xfe\x00") == [
        "The file is neither UTF-8 nor Big5 (cp950) text."]


def test_the_google_calendar_variant_is_refused_with_a_pointer_to_the_standard_file():
    content = ("Subject,Start Date,Start Time,End Date,End Time,All Day Event,Description\r\n"
               "開國紀念日,2025/1/1,,2025/1/1,,True,\r\n").encode("utf-8-sig")
    [problem] = problems_of(content)
    assert "Google Calendar" in problem
    assert "西元日期,星期,是否放假,備註" in problem


def test_an_unknown_header_is_refused():
    [problem] = problems_of("date,weekday,off,note\r\n20250101,三,2,\r\n".encode())
    assert "西元日期,星期,是否放假,備註" in problem
    assert "date,weekday,off,note" in problem


def test_missing_days_are_listed_by_year_as_runs():
    missing = {D(2025, 2, 3), D(2025, 2, 4), D(2025, 2, 5), D(2025, 7, 1)}
    [problem] = problems_of(calendar_csv(2025, skip=missing).encode())
    assert problem == "2025: missing 4 days: 2025-02-03..2025-02-05, 2025-07-01."


def test_each_year_in_a_file_must_be_complete():
    text = calendar_csv(2025) + "20260101,四,2,開國紀念日\r\n"
    [problem] = problems_of(text.encode())
    assert problem.startswith("2026: missing 364 days: 2026-01-02..2026-12-31")


def test_duplicate_dates_are_refused():
    text = calendar_csv(2025) + "20250301,六,2,\r\n"
    assert problems_of(text.encode()) == ["Dates given more than once: 2025-03-01."]


def test_a_weekday_that_does_not_match_the_date_is_refused():
    text = calendar_csv(2025).replace("20250102,四,0,", "20250102,五,0,")
    problems = problems_of(text.encode())
    assert "Line 3: 2025-01-02 is a 星期四, but the file says “五”." in problems
    # The day is then missing as well; both are reported in one go.
    assert "2025: missing 1 days: 2025-01-02." in problems


def test_only_0_and_2_mean_working_day_and_day_off():
    text = calendar_csv(2025).replace("20250102,四,0,", "20250102,四,1,")
    assert "Line 3 (2025-01-02): 是否放假 must be 0 or 2, not “1”." in problems_of(text.encode())


def test_an_impossible_date_is_reported_with_its_line():
    text = calendar_csv(2025) + "20250230,日,2,\r\n"
    assert "Line 367: “20250230” is not a date (expected YYYYMMDD)." in problems_of(text.encode())


def test_older_date_forms_and_long_weekday_names_are_accepted():
    text = calendar_csv(2025)
    for day in (D(2025, 1, 2), D(2025, 1, 5)):
        weekday = calendar_file.WEEKDAYS[day.weekday()]
        text = text.replace(f"{day:%Y%m%d},{weekday},",
                            f"{day.year}/{day.month}/{day.day},星期{weekday},")
    assert len(calendar_file.parse(text.encode()).days) == 365


def test_empty_files_and_header_only_files_are_refused():
    assert problems_of(b"") == ["The file is empty."]
    assert problems_of("西元日期,星期,是否放假,備註\r\n".encode()) == [
        "The file has a header but no days."]


def test_a_long_list_of_problems_is_cut_short():
    text = calendar_csv(2025).replace(",0,", ",9,")
    problems = problems_of(text.encode())
    assert len(problems) == calendar_file.MAX_LISTED_PROBLEMS + 1
    assert problems[-1].startswith("… and ")


@settings(deadline=None)
@given(year=st.integers(2000, 2040),
       days_off=st.sets(st.integers(0, 364), max_size=40),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp950"]),
       newline=st.sampled_from(["\r\n", "\n"]))
def test_any_complete_year_round_trips(year, days_off, encoding, newline):
    overrides = {D(year, 1, 1) + dt.timedelta(days=offset): (True, "假日")
                 for offset in days_off}
    text = calendar_csv(year, overrides=overrides).replace("\r\n", newline)
    parsed = calendar_file.parse(text.encode(encoding))
    assert parsed.years == (year,)
    expected_off = {day for day, (off, _note) in overrides.items() if day.year == year}
    assert {day.day for day in parsed.days if day.is_day_off and day.note} == expected_off


def test_diff_reports_only_changes_of_stored_days():
    stored = {D(2025, 10, 24): (False, ""), D(2025, 10, 23): (False, "")}
    incoming = [OfficialDay(D(2025, 10, 23), False, ""), OfficialDay(D(2025, 10, 24), True, "補假"),
                OfficialDay(D(2025, 10, 25), True, "")]
    [change] = calendar_file.diff(stored, incoming)
    assert change.day == D(2025, 10, 24)
    assert change.status_changed
    assert change.as_dict() == {"date": "2025-10-24", "was_day_off": False, "is_day_off": True,
                                "old_note": "", "new_note": "補假"}


def test_content_that_is_not_csv_is_refused_cleanly():
    [problem] = problems_of(b"\x00\x00PK\x03\x04\x00")
    assert problem.startswith("The first line must be the header")
    [problem] = problems_of(b'"' + b"a" * 200_000)
    assert problem.startswith("The file is not a CSV file")
