"""ROC reporting periods of the dashboards: a year (114年), a quarter (114年第3季) or a
month (114年3月). Pure. A period has a key for URLs ("2025", "2025-Q3", "2025-03", AD
years so they sort), its first and last day, the one before it and the ones in it."""

import datetime as dt
import enum
import re
from dataclasses import dataclass

from django.utils.translation import get_language

from minfu.core.roc import roc_year


class Grain(enum.StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"


_KEY = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")


ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec")


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    year: int  # AD
    grain: Grain
    number: int = 1  # quarter 1-4 or month 1-12; 1 for a year

    @classmethod
    def containing(cls, day: dt.date, grain: Grain) -> "ReportingPeriod":
        if grain is Grain.YEAR:
            return cls(day.year, grain)
        if grain is Grain.QUARTER:
            return cls(day.year, grain, (day.month - 1) // 3 + 1)
        return cls(day.year, grain, day.month)

    @classmethod
    def from_key(cls, key: str) -> "ReportingPeriod":
        """ValueError for anything but a key this class writes."""
        match = _KEY.match(key or "")
        if not match or not 1912 <= int(match["year"]) <= 9999:
            raise ValueError(f"not a period: {key!r}")
        year = int(match["year"])
        if match["quarter"]:
            return cls(year, Grain.QUARTER, int(match["quarter"]))
        if match["month"]:
            return cls(year, Grain.MONTH, int(match["month"]))
        return cls(year, Grain.YEAR)

    @property
    def key(self) -> str:
        if self.grain is Grain.YEAR:
            return f"{self.year}"
        if self.grain is Grain.QUARTER:
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    @property
    def start(self) -> dt.date:
        first_month = {Grain.YEAR: 1, Grain.QUARTER: 3 * self.number - 2,
                       Grain.MONTH: self.number}[self.grain]
        return dt.date(self.year, first_month, 1)

    @property
    def end(self) -> dt.date:
        return self.next().start - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """In the page's language: 114年第1季 on Chinese pages, 2025 Q1 on English ones."""
        if not (get_language() or "zh").startswith("zh"):
            if self.grain is Grain.YEAR:
                return str(self.year)
            if self.grain is Grain.QUARTER:
                return f"{self.year} Q{self.number}"
            return f"{ENGLISH_MONTHS[self.number - 1]} {self.year}"
        year = roc_year(self.start)
        if self.grain is Grain.YEAR:
            return f"{year}年"
        if self.grain is Grain.QUARTER:
            return f"{year}年第{self.number}季"
        return f"{year}年{self.number}月"

    def _shift(self, steps: int) -> "ReportingPeriod":
        per_year = {Grain.YEAR: 1, Grain.QUARTER: 4, Grain.MONTH: 12}[self.grain]
        index = self.year * per_year + (self.number - 1) + steps
        year, offset = divmod(index, per_year)
        return ReportingPeriod(year, self.grain, offset + 1)

    def next(self) -> "ReportingPeriod":
        return self._shift(1)

    def previous(self) -> "ReportingPeriod":
        return self._shift(-1)

    def trailing(self, count: int) -> list["ReportingPeriod"]:
        """The `count` periods ending with this one, oldest first."""
        return [self._shift(-steps) for steps in range(count - 1, -1, -1)]

    def parts(self, grain: Grain) -> list["ReportingPeriod"]:
        """The periods of a finer grain inside this one (months of a quarter, ...)."""
        first = ReportingPeriod.containing(self.start, grain)
        last = ReportingPeriod.containing(self.end, grain)
        found = [first]
        while found[-1] != last:
            found.append(found[-1].next())
        return found
