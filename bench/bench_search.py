"""Search benchmark on PostgreSQL: index `--count` generated Chinese documents (articles and
published replies) plus a service catalogue through the real indexing code, then measure
the search of one- to four-character and mixed queries at `--rate` requests per second
(open loop: each request is sent on schedule whatever the earlier ones do, so queueing
shows in the latency; from `--processes` forked processes, as a site's gunicorn workers),
against a plain `ILIKE '%q%'` scan of the same rows in the same run.

    .venv/bin/python bench/bench_search.py [--count 200000] [--rate 50] [--seconds 20]
                                           [--processes 2] [--fresh] [--seed 114]

Uses its own database `minfu_bench_search` (created with createdb if missing; the index is
kept when it already holds `--count` documents, unless --fresh). Only the search app is
migrated. The text is drawn from the execution plans in shared/seeds (or, when they are
missing, from the built-in phrases below) and a vocabulary of citizen-service phrases,
cut into sentences and shuffled: each document has a title of 6-24 characters and a body
of 3-9 sentences, some with ROC years, English names (EZWAY, eTag) and numbers.

Each request does what the search page does: count the matches (up to 1,000), count them
per source and read the first page of 20, ranked; once "cold" (every request searches)
and once "kept" (index.public_results serves a query asked before within the minute).
The figures printed go into docs/performance.md."""

import argparse
import datetime as dt
import os
import platform
import random
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DB_NAME = os.environ.get("BENCH_SEARCH_DB", "minfu_bench_search")
ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")]

sys.path.insert(0, str(ROOT / "src"))
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minfu.config.settings")

PHRASES = [
    "護照申請須備身分證正本及二吋照片", "綜合所得稅結算申報於每年五月辦理", "房屋稅可用信用卡或至超商繳納",
    "使用牌照稅身心障礙者車輛免稅", "進口貨物應於十五日內向海關報關", "進口快遞貨物須以EZWAY易利委完成實名認證",
    "納稅證明書可線上申請", "戶籍謄本可至任一戶政事務所申請", "遺產稅應於六個月內申報", "贈與稅申報期限為三十日",
    "營業人開業前應申請營業登記", "外籍旅客購物出境退稅", "臺北市停車費可線上查詢", "台中市路邊停車費繳納方式",
    "電子發票載具歸戶", "雲端發票中獎自動匯款", "112年度地價稅開徵", "民國113年起適用新制", "2024年起全面電子化",
    "陳情案件應於三十日內答復", "服務態度不佳之改善措施", "櫃檯服務品質提升", "一次告知應補正文件",
    "高速公路eTag儲值", "國民年金保險費繳納", "健保卡註冊及補發", "自然人憑證申請", "地址變更登記",
]
FIRST, LAST = dt.date(2019, 1, 1), dt.date(2026, 11, 30)
QUERIES = {
    "1 character": ["稅", "關", "照", "證", "費", "申"],
    "2 characters": ["護照", "報關", "退稅", "臺北", "台中", "發票", "陳情", "服務"],
    "3-4 characters": ["所得稅", "牌照稅", "停車費", "納稅證明", "實名認證", "服務品質", "電子發票"],
    "mixed": ["EZWAY 報關", "112年度", "2023 地價稅", "eTag 儲值", "报关 进口", "臺北 停車費"],
}


def sentences() -> list[str]:
    found: list[str] = list(PHRASES)
    for folder in SEEDS:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                text = path.read_text(encoding="utf-8")
                found += [s.strip(" -、") for s in re.split(r"[。；\n]", text)
                          if 6 <= len(s.strip()) <= 120]
            break
    return found


def ensure_database() -> None:
    exists = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc",
                             f"select 1 from pg_database where datname = '{DB_NAME}'",
                             "postgres"], capture_output=True, text=True)
    if exists.stdout.strip() != "1":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "search", verbosity=0)


def generated_documents(count: int, seed: int):
    """`count` documents: two thirds articles, one third published replies, and the
    catalogue's 200 services."""
    from zoneinfo import ZoneInfo

    from minfu.search.sources import SearchDocument

    rng = random.Random(seed)
    pool = sentences()
    zone = ZoneInfo("Asia/Taipei")
    span = (LAST - FIRST).days
    for i in range(count):
        source = "service" if i < 200 else ("reply" if i % 3 == 0 else "article")
        title = rng.choice(pool)[: rng.randint(6, 24)]
        body = "。".join(rng.sample(pool, rng.randint(3, 9))) + "。"
        day = FIRST + dt.timedelta(days=rng.randrange(span))
        yield SearchDocument(
            source=source, key=str(i), title_zh=title, body_zh=body, path=f"/bench/{i}/",
            public=True, kind=source, helpful=round(rng.random(), 2),
            published_at=dt.datetime.combine(day, dt.time(9), tzinfo=zone))


BENCH_SOURCES = ("service", "article", "reply")


def build_index(count: int, seed: int) -> float:
    """Index the generated documents under the sources the site configures (services,
    articles, published replies), so that the search's per-source counts are measured."""
    from django.db import connection

    from minfu.search import index
    from minfu.search.models import Entry
    from minfu.search.sources import Source

    _note_backend()
    cpu = cpu_seconds() + _children_cpu()
    started = time.perf_counter()
    done = [0]

    def progress(n):
        done[0] += n
        if done[0] % 20000 < n:
            print(f"  indexed {done[0]:>7} in {time.perf_counter() - started:6.1f} s",
                  flush=True)

    Entry.objects.exclude(source__in=BENCH_SOURCES).delete()
    for code in BENCH_SOURCES:
        index.source_rebuild(Source(code=code, label=code, document=lambda key: None,
                                    documents=lambda code=code: (
                                        document for document in generated_documents(count, seed)
                                        if document.source == code)), progress=progress)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_entry")
    print(f"  CPU: {cpu_seconds() + _children_cpu() - cpu:.0f} s (this process, the "
          f"tokenising processes and the database backend); load average {os.getloadavg()}")
    return time.perf_counter() - started


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def search_once(raw: str) -> int:
    """What the search page does: count the matches (up to 1,000), count them per source
    and read the first page of 20, ranked."""
    from minfu.search import selectors, text

    _note_backend()
    query = text.parse(raw)
    entries = selectors.public_search(query)
    total = selectors.capped_count(entries)
    selectors.source_counts(entries)
    list(entries[:20])
    return total


def ilike_once(raw: str) -> int:
    from django.db import connection

    _note_backend()
    pattern = f"%{raw}%"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_entry WHERE public AND "
                       "(title_zh ILIKE %s OR body_zh ILIKE %s)", [pattern, pattern])
        total = cursor.fetchone()[0]
        cursor.execute("SELECT id FROM search_entry WHERE public AND "
                       "(title_zh ILIKE %s OR body_zh ILIKE %s) ORDER BY id DESC LIMIT 20",
                       [pattern, pattern])
        cursor.fetchall()
    return total


# CPU time: this process and the PostgreSQL backends of its connections (one per thread),
# so that a reader can judge a run on a loaded machine.
_BACKENDS: set[int] = set()
_TICK = os.sysconf("SC_CLK_TCK")


def _note_backend() -> None:
    from django.db import connection

    if connection.connection is None or getattr(connection, "_bench_pid", None) is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            connection._bench_pid = cursor.fetchone()[0]
        _BACKENDS.add(connection._bench_pid)


def cpu_seconds() -> float:
    total = time.process_time()
    for pid in list(_BACKENDS):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / _TICK
    return total


def open_loop(run, queries: list[str], rate: float, seconds: float, workers: int,
              processes: int) -> tuple[list[float], float]:
    """Send `rate` requests a second for `seconds`, round-robin over `queries`, from
    `processes` forked processes with `workers` threads in all; each latency counts from
    the moment the request was due. Several processes, as gunicorn's workers: the threads
    of one process take turns on its interpreter, which one core serves. Returns the
    latencies and the CPU seconds they cost (the processes and their database backends)."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # each process opens its own
    context = multiprocessing.get_context("fork")
    answers = context.SimpleQueue()
    start = time.perf_counter() + 0.5
    children = [context.Process(target=_open_loop_share, args=(
        run, queries, rate, int(rate * seconds), start, (index, processes),
        max(1, workers // processes), answers)) for index in range(processes)]
    for child in children:
        child.start()
    shares = [answers.get() for _child in children]
    for child in children:
        child.join()
    return ([latency for latencies, _cpu in shares for latency in latencies],
            sum(cpu for _latencies, cpu in shares))


def _open_loop_share(run, queries: list[str], rate: float, total: int, start: float,
                     share: tuple[int, int], threads: int, answers) -> None:
    """One process's requests of the open loop: every `share[1]`-th from `share[0]`."""
    _BACKENDS.clear()
    cpu = cpu_seconds()
    latencies: list[float] = []
    lock = threading.Lock()

    def one(due: float, raw: str):
        run(raw)
        finished = time.perf_counter()
        with lock:
            latencies.append(finished - due)

    first, step = share
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for i in range(first, total, step):
            due = start + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(one, due, queries[i % len(queries)])
    answers.put((latencies, cpu_seconds() - cpu))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=8, help="threads in all")
    parser.add_argument("--processes", type=int, default=2,
                        help="processes sending the open loop (as gunicorn's workers, one a "
                             "core); 1 for the figures measured before 2026-12-07")
    parser.add_argument("--baseline-requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=114)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--closed", type=int, default=0, metavar="N",
                        help="instead of the open loop, N requests per class one at a time "
                             "(a machine too loaded for the rate)")
    args = parser.parse_args()
    ensure_database()
    setup_django()
    from django.db import connection

    from minfu.search.models import Entry

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, load average {os.getloadavg()}")
    existing = Entry.objects.count()
    if args.fresh or existing != args.count:
        print(f"indexing {args.count} documents ...", flush=True)
        seconds = build_index(args.count, args.seed)
        print(f"index build: {args.count} documents in {seconds:.1f} s "
              f"({args.count / seconds:.0f} documents/s)")
    else:
        print(f"index kept: {existing} documents (--fresh to build it again)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_entry')), "
                       "pg_size_pretty(pg_relation_size('search_entry_tsv'))")
        table_size, index_size = cursor.fetchone()
    print(f"table with indexes: {table_size}; GIN index: {index_size}")
    search_once("稅")  # load jieba and warm the caches
    from minfu.search import index

    keep = index.public_results.get
    for mode in ("cold", "kept"):
        # cold: every request searches (the kept results are not used); kept: what a site
        # serves for queries asked before within the minute (index.public_results).
        index.public_results.get = (lambda key, build: build()) if mode == "cold" else keep
        _search_run(args, mode)
    index.public_results.get = keep
    print(f"load average after the search: {os.getloadavg()}")
    print(f"\nbaseline ILIKE '%q%' on title and text, one request at a time "
          f"({args.baseline_requests} requests per class); latency in ms")
    print(f"{'queries':<16}{'matches':>10}{'p50':>8}{'p95':>8}{'max':>8}{'CPU ms':>8}")
    for name, queries in QUERIES.items():
        matches = statistics.mean(ilike_once(q) for q in queries)
        cpu = cpu_seconds()
        latencies = closed_loop(ilike_once, queries, args.baseline_requests)
        cpu_ms = (cpu_seconds() - cpu) * 1000 / len(latencies)
        print(f"{name:<16}{matches:>10.0f}" + "".join(
            f"{percentile(latencies, p) * 1000:>8.1f}" for p in (0.5, 0.95, 1.0))
            + f"{cpu_ms:>8.1f}", flush=True)
    print(f"load average at the end: {os.getloadavg()}")


def _search_run(args, mode: str) -> None:
    if args.closed:
        print(f"\nsearch ({mode}), {args.closed} requests per class one at a time; latency in ms")
    else:
        print(f"\nsearch ({mode}) at {args.rate:.0f} requests/s for {args.seconds:.0f} s per "
              f"class (open loop, {args.processes} processes, {args.workers} threads); "
              "latency in ms")
    print(f"{'queries':<16}{'matches':>10}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}"
          f"{'CPU ms':>8}")
    every: list[float] = []
    for name, queries in QUERIES.items():
        matches = statistics.mean(search_once(q) for q in queries)
        if args.closed:
            cpu = cpu_seconds()
            latencies = closed_loop(search_once, queries, args.closed)
            cpu = cpu_seconds() - cpu
        else:
            latencies, cpu = open_loop(search_once, queries, args.rate, args.seconds,
                                       args.workers, args.processes)
        cpu_ms = cpu * 1000 / len(latencies)
        every += latencies
        print(f"{name:<16}{matches:>10.0f}" + "".join(
            f"{percentile(latencies, p) * 1000:>8.1f}" for p in (0.5, 0.95, 0.99, 1.0))
            + f"{cpu_ms:>8.1f}", flush=True)
    print(f"{'all':<16}{'':>10}" + "".join(
        f"{percentile(every, p) * 1000:>8.1f}" for p in (0.5, 0.95, 0.99, 1.0)))


def closed_loop(run, queries: list[str], requests: int) -> list[float]:
    latencies = []
    for i in range(requests):
        started = time.perf_counter()
        run(queries[i % len(queries)])
        latencies.append(time.perf_counter() - started)
    return latencies


if __name__ == "__main__":
    main()
