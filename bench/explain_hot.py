"""The query plans of the hot pages: every SELECT that the citizen's lookup and the
officers' pages (the unit queue, a case page, the petition queue, a petition page, the
API lists) run, caught through Django's whole request stack as profile_staff.py does,
then run again under `EXPLAIN (ANALYZE, BUFFERS)`. Prints, per statement, its execution
time, the buffers it touched and the scans of its plan (which index, or a sequential
scan), so that a plan that stops using its index at ten million records shows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/minfu_bench \\
        .venv/bin/python bench/explain_hot.py [--full] [--code-seed 114,2,3,4,5] \\
        [lookup unit case petitions ...]

--full prints the whole plans. Needs the demo data and generated cases (and petitions)
in PostgreSQL; the lookup uses a generated case's number and access code."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run_load  # noqa: E402

SCANS = re.compile(r"(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)"
                   r"(?: Backward)?(?: using (\S+))? on (\S+)")


def statements_of(request) -> list[tuple[str, tuple]]:
    """The SELECT statements (with their parameters) that `request()` runs."""
    from django.db import connection

    caught: list[tuple[str, tuple]] = []

    def catch(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("SELECT") and "django_session" not in sql:
            caught.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(catch):
        request()
    return caught


def explained(sql: str, params) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return [row[0] for row in cursor.fetchall()]


def summary(plan: list[str]) -> str:
    total = next((line for line in plan if line.startswith("Execution Time")), "")
    buffers = next((line.strip() for line in plan if "Buffers:" in line), "")
    scans = sorted({f"{kind} {index or ''} on {table}".replace("  ", " ")
                    for kind, index, table in SCANS.findall("\n".join(plan))})
    return f"{total}; {buffers}; " + ", ".join(scans)


def requests(client, username: str, code_seeds: str) -> dict[str, callable]:
    paths = run_load.staff_paths(username)
    number, code = run_load.sample_lookups(20, code_seeds, 1)[0]
    pages = {"lookup": lambda: client.post("/applications/lookup/",
                                           {"number": number, "access_code": code})}
    for page, path in paths.items():
        pages[page] = lambda path=path: client.get(path)
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--staff-user", default="tpc-supervisor")
    parser.add_argument("--code-seed", default="114", help="as run_load.py's")
    options = parser.parse_args()
    run_load.setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(get_user_model().objects.get(username=options.staff_user))
    pages = requests(client, options.staff_user, options.code_seed)
    for page in options.pages or list(pages):
        pages[page]()  # warm: the process caches, the plans of the first request
        print(f"\n## {page}")
        for sql, params in statements_of(pages[page]):
            plan = explained(sql, params)
            print(f"- {sql[:140]}\n  {summary(plan)}")
            if options.full:
                print("\n".join(f"    {line}" for line in plan))
    return 0


if __name__ == "__main__":
    sys.exit(main())
