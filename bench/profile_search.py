"""Where a cold search spends its time, query by query, on the search benchmark's database
(build it first with bench_search.py). For each query: the median wall time of what the
search page does (count, counts per source, first page; nothing kept between requests)
and the time of each SQL statement of the last run.

    .venv/bin/python bench/profile_search.py [--runs 15] [--sql] [--explain] [QUERY ...]

Without queries, those of bench_search.py. --sql prints each statement; --explain runs
EXPLAIN (ANALYZE, BUFFERS) on the statements of the first query."""

import argparse
import statistics
import time

import bench_search  # sets up the environment of the benchmark's database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    bench_search.setup_django()
    from django.db import connection

    from minfu.search import index

    index.public_results.get = lambda key, build: build()  # cold: nothing kept
    queries = args.queries or [q for group in bench_search.QUERIES.values() for q in group]
    for query in queries:
        for _warm in range(3):
            bench_search.search_once(query)
        walls, statements = [], []
        for _run in range(args.runs):
            statements = []

            def timed(execute, sql, params, many, context, statements=statements):
                start = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    statements.append((time.perf_counter() - start, sql, params))

            start = time.perf_counter()
            with connection.execute_wrapper(timed):
                bench_search.search_once(query)
            walls.append((time.perf_counter() - start) * 1000)
        print(f"{query}\t{statistics.median(walls):6.1f} ms\t{len(statements)} statements: "
              + ", ".join(f"{seconds * 1000:.1f}" for seconds, _sql, _params in statements))
        if args.sql:
            for seconds, sql, _params in statements:
                print(f"    {seconds * 1000:6.1f} {sql}")
        if args.explain and query == queries[0]:
            with connection.cursor() as cursor:
                for _seconds, sql, params in statements:
                    if sql.startswith("SELECT") and "search_entry" in sql:
                        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                        print("\n".join(row[0] for row in cursor.fetchall()), "\n-----")


if __name__ == "__main__":
    main()
