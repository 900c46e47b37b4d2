"""A processing period: a value and a unit (DOMAIN.md: working days, calendar days under
§48, or office hours). Pure; used by the catalogue, cases and petitions alike."""

from dataclasses import dataclass
from enum import StrEnum

# The longest period anything counts: ten years of days (or hours). The office calendar
# holds no data that far ahead, and a larger number is a typing error, never a statute.
MAX_VALUE = 3650


class PeriodUnit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"


@dataclass(frozen=True)
class Period:
    value: int
    unit: PeriodUnit

    def __post_init__(self):
        if self.value < 0:
            raise ValueError("a period cannot be negative")
