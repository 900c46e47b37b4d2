"""Metrics engine benchmark: ten million applications on PostgreSQL, rollups built from
them, then (1) a dashboard answered from the rollups against the same figures aggregated
over the raw table in the same run, and (2) one day's incremental refresh.

    .venv/bin/python bench/bench_metrics.py [--count 10000000] [--repeat 200] [--keep]

Uses its own database `minfu_bench_metrics` (created with createdb if missing; the data
are reused when the count matches, unless --fresh). Only the apps the metrics read are
migrated. The cases are generated inside PostgreSQL (INSERT ... SELECT over
generate_series: raw volume without a round trip through Python) with the columns the
metrics read and the NOT NULL columns the table requires; the realistic generator is
`manage.py generate_cases`. Dimensions: 10 agencies under a ministry, 8 units each, 5
service types per agency (each handled by one unit), 3 channels (60% online, 35% counter,
5% mail), receipts spread evenly over 2023-01-01..2025-12-31; 85% closed 1-30 days later,
90% of those on time; 12% with a deficiency notice and a fifth of those with a second.

The raw-table baseline gets the indexes an incremental refresh needs too (received_at,
closed_at, notices' issued_at), so the comparison is with a well-indexed raw query."""

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

DB_NAME = "minfu_bench_metrics"
ROOT = Path(__file__).resolve().parent.parent
AGENCIES, UNITS, SERVICES = 10, 8, 5
FIRST_DAY, LAST_DAY = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
# The metrics of applications (other apps' metrics read tables this benchmark leaves empty).
CODES = ["cases.received", "cases.closed", "cases.on_time_rate", "cases.overdue_rate",
         "cases.mean_days_to_close", "cases.deficiency_notice_rate",
         "cases.repeat_notice_rate", "cases.online_share"]

sys.path.insert(0, str(ROOT / "src"))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_METRICS_DATABASE_URL",
                                            f"postgres:///{DB_NAME}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minfu.config.settings")


def ensure_database() -> None:
    exists = subprocess.run(["psql", "-Atc", f"select 1 from pg_database where datname = "
                             f"'{DB_NAME}'", "postgres"], capture_output=True, text=True)
    if exists.stdout.strip() != "1":
        subprocess.run(["createdb", DB_NAME], check=True)


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    for app in ("core", "org", "workcal", "catalog", "cases", "metrics"):
        call_command("migrate", app, verbosity=0)


def fill_row(cursor, table: str, values: dict) -> int:
    """INSERT a row giving `values` and a neutral value for every other NOT NULL column
    without a default (robust to columns other apps add meanwhile)."""
    cursor.execute("""select column_name, data_type from information_schema.columns
                      where table_name = %s and is_nullable = 'NO' and column_default is null
                      and column_name <> 'id'""", [table])
    neutral = {"integer": 0, "bigint": 0, "smallint": 0, "boolean": False, "jsonb": "{}",
               "date": FIRST_DAY, "timestamp with time zone": dt.datetime.now(dt.UTC),
               "double precision": 0, "numeric": 0}
    row = {name: neutral.get(kind, "") for name, kind in cursor.fetchall()}
    row.update(values)
    columns = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join(["%s"] * len(row))
    cursor.execute(f'insert into "{table}" ({columns}) values ({marks}) returning id',
                   list(row.values()))
    return cursor.fetchone()[0]


def build_structure():
    """The ministry, its agencies, units and service types; returns the version ids by
    agency as [(organisation_id, unit_id, version_id), ...]."""
    from django.db import connection, transaction

    from minfu.org import services as org_services
    from minfu.org.models import Organisation, Unit

    slices = []
    with transaction.atomic():
        ministry = Organisation.objects.filter(code="BMIN").first() or \
            org_services.organisation_save(organisation=Organisation(
                code="BMIN", kind="ministry", name_zh="測試部", name_en="Bench ministry",
                locality="taipei"))
        for a in range(AGENCIES):
            code = f"BA{a:02d}"
            agency = Organisation.objects.filter(code=code).first() or \
                org_services.organisation_save(organisation=Organisation(
                    code=code, kind="agency", parent=ministry, name_zh=f"測試機關{a}",
                    name_en=f"Agency {a}", locality="taipei"))
            units = []
            for u in range(UNITS):
                unit = Unit.objects.filter(organisation=agency, code=f"U{u}").first() or \
                    org_services.unit_save(unit=Unit(organisation=agency, code=f"U{u}",
                                                     name_zh=f"第{u}科", name_en=f"Unit {u}"))
                units.append(unit)
            with connection.cursor() as cursor:
                for s in range(SERVICES):
                    unit = units[s % UNITS]
                    cursor.execute("select v.id from catalog_servicetypeversion v join "
                                   "catalog_servicetype t on t.id = v.service_type_id "
                                   "where t.organisation_id = %s and t.code = %s",
                                   [agency.pk, f"S{s}"])
                    found = cursor.fetchone()
                    if found:
                        slices.append((agency.pk, unit.pk, found[0]))
                        continue
                    type_id = fill_row(cursor, "catalog_servicetype",
                                       {"organisation_id": agency.pk, "code": f"S{s}",
                                        "is_active": True})
                    version_id = fill_row(cursor, "catalog_servicetypeversion", {
                        "service_type_id": type_id, "number": 1, "status": "published",
                        "responsible_unit_id": unit.pk, "period_value": 10,
                        "period_unit": "working_days", "name_zh": f"服務{s}",
                        "name_en": f"Service {s}"})
                    slices.append((agency.pk, unit.pk, version_id))
    return ministry, slices


def generate_cases(count: int, slices) -> float:
    """INSERT ... SELECT the cases and their notices inside PostgreSQL; seconds taken."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("truncate cases_deficiencynotice, cases_case cascade")
        cursor.execute("create temporary table bench_slices (n int, organisation_id bigint, "
                       "unit_id bigint, version_id bigint)")
        cursor.executemany("insert into bench_slices values (%s, %s, %s, %s)",
                           [(n, *one) for n, one in enumerate(slices)])
        cursor.execute("""select column_name, data_type from information_schema.columns
                          where table_name = 'cases_case' and is_nullable = 'NO'
                          and column_default is null and column_name <> 'id'""")
        required = dict(cursor.fetchall())
        span_seconds = ((LAST_DAY - FIRST_DAY).days + 1) * 86400
        given = {
            "organisation_id": "s.organisation_id", "unit_id": "s.unit_id",
            "service_type_version_id": "s.version_id",
            "number": "'B-' || g",
            "access_code_hmac": "md5(g::text)",
            "channel": "case when mod(g, 20) < 12 then 'online' when mod(g, 20) < 19 "
                       "then 'counter' else 'mail' end",
            "state": "case when mod(g, 100) < 85 then 'closed' else 'in_review' end",
            "received_at": "r.received_at", "consent_at": "r.received_at",
            "created_at": "r.received_at", "updated_at": "r.received_at",
            "applicant_kind": "'person'", "applicant_name": "'王小明'",
            "applicant_id_number": "'A123456789'", "language": "'zh-hant'",
            "answers": "'{}'::jsonb", "version": "1",
        }
        neutral = {"integer": "0", "bigint": "0", "smallint": "0", "boolean": "false",
                   "jsonb": "'{}'::jsonb", "date": "r.received_at::date",
                   "timestamp with time zone": "r.received_at"}
        columns = {name: given.get(name, neutral.get(kind, "''"))
                   for name, kind in required.items()}
        columns.update({
            "closed_at": "case when mod(g, 100) < 85 then r.received_at + "
                         "((1 + mod(g, 30)) || ' days')::interval end",
            "decided_at": "case when mod(g, 100) < 85 then r.received_at + "
                          "((1 + mod(g, 30)) || ' days')::interval end",
            "legal_on_time": "case when mod(g, 100) < 85 then mod(g / 100, 10) <> 0 end",
            "working_days_used": "case when mod(g, 100) < 85 then 1 + mod(g / 7, 20) end",
        })
        names = ", ".join(f'"{name}"' for name in columns)
        cursor.execute(f"""
            insert into cases_case ({names})
            select {", ".join(columns.values())}
            from generate_series(1::bigint, %s::bigint) g
            join bench_slices s on s.n = mod(g * 7919, %s)
            cross join lateral (select timestamptz %s
                + mod(g * 104729, %s) * interval '1 second' as received_at) r
        """, [count, len(slices), f"{FIRST_DAY} 00:00+08", span_seconds])
        cursor.execute("select column_name, data_type from information_schema.columns "
                       "where table_name = 'cases_deficiencynotice' and is_nullable = 'NO' "
                       "and column_default is null and column_name <> 'id'")
        notice_required = dict(cursor.fetchall())
        notice = {"case_id": "c.id", "sequence": "q.sequence", "items": "'[]'::jsonb",
                  "note": "''", "supplement_due_date": "c.received_at::date",
                  "reason_for_repeat": "case when q.sequence = 1 then '' else '再次補正' end",
                  "issued_at": "c.received_at + q.sequence * interval '1 hour'"}
        for name, kind in notice_required.items():
            notice.setdefault(name, neutral.get(kind, "''").replace("r.", "c."))
        names = ", ".join(f'"{name}"' for name in notice)
        cursor.execute(f"""
            insert into cases_deficiencynotice ({names})
            select {", ".join(notice.values())}
            from cases_case c
            cross join lateral (select generate_series(1, case when c.id % 50 < 2 then 2
                                                               else 1 end) as sequence) q
            where c.id % 50 < 6
        """)
        # What an incremental refresh needs (to be added to cases' migrations).
        cursor.execute("create index if not exists bench_case_received_at "
                       "on cases_case (received_at)")
        cursor.execute("create index if not exists bench_case_closed_at "
                       "on cases_case (closed_at)")
        cursor.execute("create index if not exists bench_notice_issued_at "
                       "on cases_deficiencynotice (issued_at)")
        cursor.execute("analyze cases_case")
        cursor.execute("analyze cases_deficiencynotice")
    return time.perf_counter() - started


def case_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select reltuples::bigint from pg_class where relname = 'cases_case'")
        estimate = cursor.fetchone()
        if not estimate or estimate[0] <= 0:
            return 0
        cursor.execute("select count(*) from cases_case")
        return cursor.fetchone()[0]


def timed(action, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)


RAW_DASHBOARD = [
    # The same month sums the dashboard reads from the rollups, straight from the rows.
    """select date_trunc('month', received_at at time zone 'Asia/Taipei') m, count(*),
              count(*) filter (where channel = 'online')
       from cases_case where organisation_id = any(%(orgs)s)
         and received_at >= %(low)s and received_at < %(high)s group by 1""",
    """select date_trunc('month', c.closed_at at time zone 'Asia/Taipei') m, count(*),
              count(*) filter (where legal_on_time), count(*) filter (where not legal_on_time),
              sum(working_days_used),
              count(*) filter (where exists (select 1 from cases_deficiencynotice n
                                             where n.case_id = c.id))
       from cases_case c where c.state = 'closed' and organisation_id = any(%(orgs)s)
         and closed_at >= %(low)s and closed_at < %(high)s group by 1""",
    """select date_trunc('month', n.issued_at at time zone 'Asia/Taipei') m, count(*),
              count(*) filter (where n.sequence >= 2)
       from cases_deficiencynotice n join cases_case c on c.id = n.case_id
       where c.organisation_id = any(%(orgs)s)
         and n.issued_at >= %(low)s and n.issued_at < %(high)s group by 1""",
]


def raw_dashboard(organisation_ids, start: dt.date, end: dt.date) -> None:
    from django.db import connection

    from minfu.cases.metrics import local_bounds

    low, high = local_bounds(start, end)
    with connection.cursor() as cursor:
        for query in RAW_DASHBOARD:
            cursor.execute(query, {"orgs": list(organisation_ids), "low": low, "high": high})
            cursor.fetchall()


def machine() -> str:
    import django.db

    with django.db.connection.cursor() as cursor:
        cursor.execute("show server_version")
        server = cursor.fetchone()[0]
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "?")
    return (f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB RAM, "
            f"PostgreSQL {server} (default configuration), Python {platform.python_version()}"
            f", load average at start {os.getloadavg()[0]:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--fresh", action="store_true", help="regenerate the cases")
    args = parser.parse_args()

    ensure_database()
    setup_django()
    from django.db import connection

    from minfu.metrics import selectors, services
    from minfu.metrics.models import Rollup
    from minfu.metrics.periods import Grain, ReportingPeriod

    print(f"machine: {machine()}", flush=True)
    ministry, slices = build_structure()
    if args.fresh or case_count() != args.count:
        print(f"generating {args.count:,} cases ...", flush=True)
        print(f"generated in {generate_cases(args.count, slices):.0f} s", flush=True)
    else:
        print(f"reusing {args.count:,} cases", flush=True)

    started = time.perf_counter()
    built = services.rollups_rebuild(start=FIRST_DAY, end=LAST_DAY, codes=CODES)
    with connection.cursor() as cursor:
        cursor.execute("analyze metrics_rollup")
    print(f"rollups rebuilt: {built.rows:,} rows for {built.days} days in "
          f"{time.perf_counter() - started:.0f} s", flush=True)

    agency_id = slices[0][0]
    period = ReportingPeriod(2025, Grain.QUARTER, 3)
    trend = period.trailing(5)
    agency = [agency_id]
    every = [ministry.pk] + sorted({one[0] for one in slices})
    results = {}
    for name, ids in (("agency", agency), ("ministry (10 agencies)", every)):
        rolled = timed(lambda ids=ids: selectors.dashboard(
            organisation_ids=ids, period=period, trend_count=len(trend), codes=CODES),
            args.repeat)
        raw_repeat = max(5, args.repeat // 20)
        raw = timed(lambda ids=ids: raw_dashboard(ids, trend[0].start, period.end),
                    raw_repeat)
        results[name] = (rolled, raw)
        print(f"dashboard {name}, {period.label} with {len(trend)} quarters of trend, "
              f"{len(CODES)} metrics: rollups p50 "
              f"{statistics.median(rolled):.1f} ms p95 {p95(rolled):.1f} ms "
              f"({args.repeat} runs); raw table p50 {statistics.median(raw):.0f} ms p95 "
              f"{p95(raw):.0f} ms ({raw_repeat} runs); raw/rollups (p95) "
              f"{p95(raw) / p95(rolled):.0f}x", flush=True)

    day = dt.date(2025, 7, 15)
    refresh = timed(lambda: services.rollups_refresh(start=day, end=day, codes=CODES), 10)
    per_day = Rollup.objects.filter(day=day).count()
    print(f"one day's refresh ({per_day} rollup rows, all metrics): p50 "
          f"{statistics.median(refresh):.0f} ms, max {max(refresh):.0f} ms (10 runs)", flush=True)

    ok = all(p95(rolled) < 30 and p95(raw) >= 30 * p95(rolled)
             for rolled, raw in results.values()) and max(refresh) < 1000
    print("targets met" if ok else "targets NOT met", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
