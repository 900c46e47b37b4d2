"""Deadline engine benchmark: build the office calendar from the shipped official files
and compute a million due dates (working days, calendar days and office hours; random
receipts 2019-2027 outside 2020-08-16..2021-12-31; some with pauses), then print due dates per
second for the per-call `due` and the batch `due_many`.

    .venv/bin/python bench/bench_deadlines.py [--count 1000000] [--seed 114]

No database: the calendar is built from the CSV files as the data migration reads them."""

import argparse
import datetime as dt
import gc
import os
import platform
import random
import sys
import time
from pathlib import Path

from minfu.workcal import calendar_file
from minfu.workcal.deadlines import TAIPEI, CalendarGapError, WorkCalendar
from minfu.workcal.periods import Period, PeriodUnit

DATA_DIR = Path(calendar_file.__file__).resolve().parent / "data"
# Receipts late enough in 2027 could run past the data. The months around 2021 are left
# out as they were when the figures in docs/performance.md were measured (2021 was shipped
# later), so that the workload stays comparable.
RECEIPT_RANGES = [(dt.date(2019, 1, 1), dt.date(2020, 8, 15)),
                  (dt.date(2022, 1, 1), dt.date(2027, 8, 15))]
PAUSED_SHARE = 0.05


def build_calendar() -> WorkCalendar:
    days = []
    for path in sorted(DATA_DIR.glob("*.csv")):
        days.extend((day.day, not day.is_day_off)
                    for day in calendar_file.parse(path.read_bytes()).days)
    return WorkCalendar(days)


def workload(count: int, seed: int):
    """(starts, periods, pauses): 45% working days, 35% calendar days, 20% hours."""
    rng = random.Random(seed)
    ordinals = [(low.toordinal(), high.toordinal()) for low, high in RECEIPT_RANGES]
    weights = [high - low for low, high in ordinals]
    periods_by_unit = {
        PeriodUnit.WORKING_DAYS: [Period(n, PeriodUnit.WORKING_DAYS) for n in range(61)],
        PeriodUnit.CALENDAR_DAYS: [Period(n, PeriodUnit.CALENDAR_DAYS) for n in range(61)],
        PeriodUnit.HOURS: [Period(n, PeriodUnit.HOURS) for n in range(41)],
    }
    starts, periods, pauses = [], [], []
    for _ in range(count):
        low, high = rng.choices(ordinals, weights)[0]
        day = dt.date.fromordinal(rng.randrange(low, high))
        draw = rng.random()
        if draw < 0.45:
            unit, value = PeriodUnit.WORKING_DAYS, rng.randint(1, 60)
        elif draw < 0.80:
            unit, value = PeriodUnit.CALENDAR_DAYS, rng.randint(1, 60)
        else:
            unit, value = PeriodUnit.HOURS, rng.randint(1, 40)
        if unit == PeriodUnit.HOURS:
            start = dt.datetime.combine(day, dt.time(rng.randint(7, 18), rng.randrange(60)),
                                        tzinfo=TAIPEI)
        else:
            start = day
        case_pauses = []
        if rng.random() < PAUSED_SHARE:
            pause_start = start + dt.timedelta(days=rng.randint(0, 10))
            case_pauses = [(pause_start, pause_start + dt.timedelta(days=rng.randint(1, 20)))]
        starts.append(start)
        periods.append(periods_by_unit[unit][value])
        pauses.append(case_pauses)
    return starts, periods, pauses


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{model or platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()} ({platform.python_implementation()})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=114)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args()

    began = time.perf_counter()
    calendar = build_calendar()
    built = time.perf_counter() - began
    starts, periods, pauses = workload(args.count, args.seed)
    print(f"machine: {machine()}")
    print(f"calendar built from {len(calendar.covered_years)} official files in "
          f"{built * 1000:.1f} ms; {args.count:,} due dates "
          f"({sum(1 for p in pauses if p):,} with pauses)")

    # The workload (millions of long-lived objects) would otherwise make every garbage
    # collection pass rescan it; freezing it measures the engine, not the collector.
    gc.collect()
    gc.freeze()
    due = calendar.due
    timings = {"due (one call each)": [], "due_many (one batch)": []}
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        one_by_one = [due(start, period, case_pauses)
                      for start, period, case_pauses in zip(starts, periods, pauses, strict=True)]
        timings["due (one call each)"].append((time.perf_counter() - wall,
                                               time.process_time() - cpu))
        wall, cpu = time.perf_counter(), time.process_time()
        batched = calendar.due_many(starts, periods, pauses)
        timings["due_many (one batch)"].append((time.perf_counter() - wall,
                                                time.process_time() - cpu))
        if one_by_one != batched:
            print("due_many disagrees with due", file=sys.stderr)
            return 1
        del one_by_one, batched
    print(f"best of {args.repeat} runs (wall clock; CPU time of this process):")
    for label, runs in timings.items():
        wall, cpu = min(runs)
        print(f"  {label:22} {wall:6.3f} s wall {cpu:6.3f} s CPU  "
              f"{args.count / wall:12,.0f} due dates/s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CalendarGapError as error:
        print(f"a receipt ran into a gap: {error}", file=sys.stderr)
        sys.exit(1)
