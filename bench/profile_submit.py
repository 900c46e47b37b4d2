"""What one online application costs the server, in process: CPU time and SQL queries of
the form page (GET) and of the submission (POST), through Django's whole request stack
(middleware, session, templates) but without gunicorn, HTTP or a load driver, so the
figures hardly depend on what else the machine runs. The load test (`run_load.py
submit`) gives the throughput; this says where a submission's CPU goes. Like
`run_load.py` it needs the demo data in PostgreSQL, so `make bench` does not run it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/minfu_bench \\
        .venv/bin/python bench/profile_submit.py [--count 300] [--profile 25] [--show-sql]

Runs with the settings `run_load.py --serve` gives gunicorn (DEBUG off, notifications
queued for a worker). --profile N prints the N functions with the most cumulative time
(cProfile) over the measured submissions. The applications it makes stay in the
database, as the load test's do."""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_load  # noqa: E402  (the same settings and the same filled-in form)


def measure(count: int, warmup: int, args, show_sql: bool = False) -> dict[str, list[float]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    scenario = run_load.Submit(args)
    client = Client(HTTP_HOST="127.0.0.1")
    figures: dict[str, list[float]] = {"get_ms": [], "post_ms": [], "get_queries": [],
                                       "post_queries": []}
    for index in range(warmup + count):
        client.cookies.clear()  # each application comes from a new applicant's browser
        with CaptureQueriesContext(connection) as page_queries:
            started = time.process_time()
            page = client.get(scenario.path)
            get_ms = (time.process_time() - started) * 1000
        fields, files = scenario.filled_in(page.content.decode())
        upload = {name: _file(*spec) for name, spec in files.items()}
        with CaptureQueriesContext(connection) as queries:
            started = time.process_time()
            response = client.post(scenario.path, {**fields, **upload})
            post_ms = (time.process_time() - started) * 1000
        if response.status_code != 302:
            raise SystemExit(f"submission failed: {response.status_code}\n"
                             f"{response.content[:2000].decode(errors='replace')}")
        if show_sql and index == warmup:
            _print_sql("GET", page_queries)
            _print_sql("POST", queries)
        if index >= warmup:
            for key, value in (("get_ms", get_ms), ("post_ms", post_ms),
                               ("get_queries", len(page_queries)),
                               ("post_queries", len(queries))):
                figures[key].append(value)
    return figures


def _print_sql(title: str, queries) -> None:
    print(f"{title}: {len(queries)} statements")
    for query in queries.captured_queries:
        print("  ", query["sql"][:160])


def _file(name: str, content: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--show-sql", action="store_true",
                        help="print the statements of the first measured submission")
    parser.add_argument("--submit-organisation", default="NTBT")
    parser.add_argument("--submit-service", default="TAX-CERT")
    options = parser.parse_args()
    run_load.setup_django()
    args = SimpleNamespace(submit_organisation=options.submit_organisation,
                           submit_service=options.submit_service)
    profiler = cProfile.Profile() if options.profile else None
    if profiler:
        profiler.enable()
    figures = measure(options.count, options.warmup, args, options.show_sql)
    if profiler:
        profiler.disable()
    for name in ("get", "post"):
        times, queries = figures[f"{name}_ms"], figures[f"{name}_queries"]
        print(f"{name.upper():4} CPU median {statistics.median(times):.1f} ms, "
              f"p90 {statistics.quantiles(times, n=10)[-1]:.1f} ms; "
              f"{statistics.median(queries):.0f} queries")
    both = [g + p for g, p in zip(figures["get_ms"], figures["post_ms"], strict=True)]
    print(f"GET+POST CPU median {statistics.median(both):.1f} ms over {options.count} "
          f"submissions ({options.submit_organisation}/{options.submit_service})")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(options.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
