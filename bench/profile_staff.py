"""What one staff page costs the server, in process: CPU time and SQL statements of the
officers' pages (the unit queue, a case page, the petition queue, the API lists, the
unit's dashboard) through
Django's whole request stack (middleware, session, permission checks, templates,
serialisers) without gunicorn, HTTP or a load driver, so the figures hardly depend on
what else the machine runs. `run_load.py` gives the latencies under load; this says where
a page's CPU goes. Needs the demo data (and generated cases) in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/minfu_bench \\
        .venv/bin/python bench/profile_staff.py [--count 100] [--profile 30] [--show-sql] \\
        [unit case petitions petition api-cases api-petitions dashboard]

Runs with the settings `run_load.py --serve` gives gunicorn (DEBUG off). The database's
own CPU is in `run_load.py`'s figure, not here: the median of the statements' time is
printed beside the process CPU as a hint of it. --profile N prints the N functions with
the most cumulative time (cProfile, timed by the process CPU: waiting for the database is
not counted) per page."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_load  # noqa: E402  (the same settings as the load test)


def measure(client, path: str, count: int, warmup: int, profiler=None
            ) -> dict[str, list[float]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    figures: dict[str, list[float]] = {"cpu_ms": [], "queries": [], "sql_ms": []}
    for index in range(warmup + count):
        if profiler and index == warmup:
            profiler.enable()
        with CaptureQueriesContext(connection) as queries:
            started = time.process_time()
            response = client.get(path)
            cpu_ms = (time.process_time() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code}\n"
                             f"{response.content[:2000].decode(errors='replace')}")
        if index >= warmup:
            figures["cpu_ms"].append(cpu_ms)
            figures["queries"].append(len(queries))
            figures["sql_ms"].append(sum(float(q["time"]) for q in queries.captured_queries)
                                     * 1000)
    return figures


def print_sql(client, path: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    print(f"{path}: {len(queries)} statements")
    for query in queries.captured_queries:
        print(f"   {float(query['time']) * 1000:6.2f} ms  {query['sql'][:220]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*",
                        default=["unit", "case", "petitions", "petition", "api-cases", "api-petitions",
                                 "dashboard"])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: tottime...")
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument("--staff-user", default="tpc-supervisor")
    parser.add_argument("--language", default="zh-hant")
    options = parser.parse_args()
    run_load.setup_django()
    # CaptureQueriesContext needs the debug cursor; DEBUG itself stays off.
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE=options.language)
    client.force_login(get_user_model().objects.get(username=options.staff_user))
    paths = run_load.staff_paths(options.staff_user)
    for page in options.pages:
        path = paths[page]
        if options.show_sql:
            print_sql(client, path)
        # Process CPU, not wall time: waiting for the database is not the page's CPU.
        profiler = cProfile.Profile(time.process_time) if options.profile else None
        figures = measure(client, path, options.count, options.warmup, profiler)
        if profiler:
            profiler.disable()
        cpu = figures["cpu_ms"]
        print(f"{page:>14} {path:38} CPU median {statistics.median(cpu):6.1f} ms, "
              f"p90 {statistics.quantiles(cpu, n=10)[-1]:6.1f} ms; "
              f"{statistics.median(figures['queries']):.0f} statements, "
              f"{statistics.median(figures['sql_ms']):.1f} ms in them", flush=True)
        if profiler:
            pstats.Stats(profiler).sort_stats(options.sort).print_stats(options.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
