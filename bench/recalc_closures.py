"""Recounting the deadlines of 100,000 open applications of one locality after a closure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recalc \\
        .venv/bin/python bench/recalc_closures.py [--open 100000] [--organisation TPC]
        [--baseline-cases 300] [--chunk 2000]

On a PostgreSQL database after `migrate` and `load_demo`. Tops the organisation's
locality up to `--open` open applications with the generator (`minfu.cases.generator`,
receipts of the past week, so most are still open; closed ones come along as they would),
then measures, each with wall clock, CPU of this process and of its PostgreSQL backend,
SQL statements and the load average:

1. the baseline: the one-transaction recount of commit 6e7261f (copied below), run as it
   ran then, inside the closure's transaction, on the first `--baseline-cases` open
   cases and rolled back; its time per case is extrapolated to all of them;
2. `closure_create` for the next working day, whose recount runs right after the commit
   (Celery eager, as under `make run`): chunked transactions, `due_many_for`;
3. the same recount again, which finds nothing to move (what a rerun after a crash costs);
4. `closure_delete`, which moves every case back.

Test data only: never run it on a production database."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minfu.config.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("LOG_LEVEL", "WARNING")


class Rollback(Exception):
    pass


def baseline_recalculate(*, locality: str, limit: int, actor=None) -> int:
    """`cases_recalculate_for_locality` as of commit 6e7261f (one transaction, one case
    at a time), limited to the first `limit` open cases."""
    from minfu.cases import actions, services, workflow
    from minfu.cases.models import Case

    moved = 0
    open_cases = Case.objects.filter(organisation__locality=locality,
                                     state__in=list(workflow.OPEN_STATES)).values_list("pk",
                                                                                       flat=True)
    for pk in open_cases[:limit]:
        stored = Case.objects.select_for_update().select_related(
            "organisation", "service_type_version").get(pk=pk)
        before = services._summary(stored)
        services.recalculate_due_dates(stored)
        if services._summary(stored) == before:
            continue
        services._save(stored, stored.version)
        services._append(stored, action=actions.CASE_DUE_DATES_RECALCULATED, actor=actor,
                         actor_kind=services._actor_kind(actor), from_state=stored.state,
                         before=before, data={"locality": locality})
        moved += 1
    return moved


class Measure:
    """Wall clock, CPU of this process and of its PostgreSQL backend, statements, load."""

    def __init__(self, label: str):
        self.label = label
        self.queries = 0

    def _count(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    @contextmanager
    def running(self):
        from django.db import connection

        self.backend_pid = _backend_pid()
        self.load_before = os.getloadavg()[0]
        backend_before = _backend_cpu(self.backend_pid)
        cpu_before, wall_before = time.process_time(), time.perf_counter()
        with connection.execute_wrapper(self._count):
            yield self
        self.wall = time.perf_counter() - wall_before
        self.cpu = time.process_time() - cpu_before
        backend_after = _backend_cpu(self.backend_pid)
        self.backend_cpu = None if backend_before is None or backend_after is None \
            else backend_after - backend_before
        self.load_after = os.getloadavg()[0]

    def line(self, extra: str = "") -> str:
        backend = "?" if self.backend_cpu is None else f"{self.backend_cpu:.1f}"
        return (f"{self.label}: {self.wall:.1f} s wall, {self.cpu:.1f} s CPU (Python), "
                f"{backend} s CPU (PostgreSQL backend), {self.queries:,} statements, load "
                f"average {self.load_before:.1f} -> {self.load_after:.1f}{extra}")


def _backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _backend_cpu(pid: int) -> float | None:
    """user + system seconds of a process on this machine, from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_cases(locality: str) -> int:
    from minfu.cases import workflow
    from minfu.cases.models import Case

    return Case.objects.filter(organisation__locality=locality,
                               state__in=list(workflow.OPEN_STATES)).count()


def top_up(organisation, target: int) -> None:
    from django.db import connection

    from minfu.cases import generator

    seed = 1000
    while (have := open_cases(organisation.locality)) < target:
        # About three in four generated cases of the past week are still open.
        count = max(1000, int((target - have) * 1.4))
        print(f"{have:,} open cases in {organisation.locality}; generating {count:,} more")
        result = generator.generate(count=count, organisation_codes=[organisation.code],
                                    seed=seed, span_days=7)
        print(f"  {result.created:,} cases in {result.seconds:.0f} s: {result.states}")
        seed += 1
    with connection.cursor() as cursor:
        for table in ("cases_case", "cases_caseevent", "cases_casepause"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def moved_since(moment) -> int:
    """Cases with a recount event since `moment` (the recount runs in a Celery task)."""
    from minfu.cases.actions import CASE_DUE_DATES_RECALCULATED
    from minfu.cases.models import CaseEvent

    return CaseEvent.objects.filter(action=CASE_DUE_DATES_RECALCULATED,
                                    occurred_at__gte=moment).count()


def next_closable_day(locality: str) -> dt.date:
    from django.utils import timezone

    from minfu.workcal.models import Closure
    from minfu.workcal.selectors import calendar_for_locality

    calendar = calendar_for_locality(locality)
    day = timezone.localdate() + dt.timedelta(days=1)
    closed = set(Closure.objects.filter(locality=locality).values_list("date", flat=True))
    while not calendar.is_working_day(day) or day in closed:
        day += dt.timedelta(days=1)
    return day


def run_baseline(locality: str, day: dt.date, limit: int, total: int) -> None:
    """The old recount inside the closure's transaction, as it ran then; rolled back."""
    from django.db import transaction

    from minfu.workcal.models import Closure
    from minfu.workcal.selectors import note_calendar_change

    measure = Measure(f"baseline (6e7261f, one transaction), first {limit:,} open cases")
    with measure.running():
        try:
            with transaction.atomic():
                Closure.objects.create(locality=locality, date=day, notice_reference="bench")
                note_calendar_change()
                moved = baseline_recalculate(locality=locality, limit=limit)
                raise Rollback
        except Rollback:
            pass
    per_case = measure.wall / limit
    print(measure.line(f"; {moved:,} moved, rolled back"))
    print(f"  {per_case * 1000:.1f} ms per case: {total:,} open cases would take about "
          f"{per_case * total:,.0f} s ({per_case * total / 60:,.0f} min) in one transaction")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--open", type=int, default=100_000, help="open cases wanted")
    parser.add_argument("--organisation", default="TPC")
    parser.add_argument("--baseline-cases", type=int, default=300)
    parser.add_argument("--chunk", type=int, default=None,
                        help="cases per transaction (default: records.recount.CHUNK_SIZE)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from minfu.cases import services as case_services
    from minfu.org.models import Organisation
    from minfu.records import recount
    from minfu.workcal import services as calendar_services

    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: DATABASE_URL=postgres://...")
    if args.chunk:
        recount.CHUNK_SIZE = args.chunk
    organisation = Organisation.objects.get(code=args.organisation)
    locality = organisation.locality
    top_up(organisation, args.open)
    total = open_cases(locality)
    day = next_closable_day(locality)
    print(f"{total:,} open cases in {locality}; closure on {day}, chunks of "
          f"{recount.CHUNK_SIZE:,}")

    run_baseline(locality, day, args.baseline_cases, total)

    started = timezone.now()
    measure = Measure(f"closure_create + recount of {total:,} open cases after the commit")
    with measure.running():
        closure = calendar_services.closure_create(locality=locality, date=day,
                                                   notice_reference="bench")
    moved = moved_since(started)
    print(measure.line(f"; {moved:,} moved"))

    measure = Measure("the same recount again (nothing to move: a rerun's cost)")
    with measure.running():
        again = case_services.cases_recalculate_for_locality(locality=locality)
    print(measure.line(f"; {again:,} moved"))

    measure = Measure("closure_delete + recount (every case moves back)")
    with measure.running():
        calendar_services.closure_delete(closure=closure)
    print(measure.line())


if __name__ == "__main__":
    main()
