"""Load scenarios against a running Minfu (gunicorn + PostgreSQL), open loop: requests are
started at a constant arrival rate whatever the server does, and latency counts from the
moment a request was due, so a slow server is not hidden by a slower client
(no coordinated omission); requests still waiting 10 s after the last was due are
dropped and counted. With --serve it also reports the server CPU (gunicorn workers plus
PostgreSQL backends) per measured request. Standard library only.

    .venv/bin/python bench/run_load.py --serve --workers 2 lookup submit workbench rawsql

Scenarios
- lookup: the citizen's progress lookup (POST number + access code, answered by a
  redirect to the progress page) for generated cases; the access codes are derived as
  the generator derives them (same SECRET_KEY and --code-seed).
- submit: an online application (GET the form for its one-time token and the CSRF
  cookie, then POST the form with a PDF); the POST is the figure that counts.
- workbench: the officers' unit queue (`/staff/cases/unit/`), signed in as
  --staff-user (MINFU_REQUIRE_2FA must be false).
- casepage, petitions, api-cases, api-petitions, dashboard: the case page of an open
  case, the petition queue (`/staff/voice/`), the two API lists and the user's unit's
  dashboard, signed in like workbench.
- rawsql: the lookup's own query (the same SQL the view runs, on the unique index of
  the case number) plus the HMAC check, straight through psycopg, for comparison.

With --serve the script starts gunicorn itself (DATABASE_URL from the environment,
DEBUG off, MINFU_LOOKUP_RATE and MINFU_UPLOAD_RATE raised so the benchmark is not
rate-limited) and stops it at the end. `--closed N` replaces the open loop by N clients
each sending its next request when the last one answered (officers at work). Results print as a table and, with --json, are appended to a file."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10  # after the last start; requests still waiting then are dropped
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DEFAULT_RATES = {"lookup": 300, "submit": 100, "workbench": 20, "rawsql": 300}
# DEBUG off (it keeps every query in memory), no lookup or upload limit (one client sends
# everything), no second factor; database connections kept between requests;
# notifications queued for a worker rather than sent inside the request (the development
# default runs Celery tasks eagerly).
BENCH_ENV = {"DJANGO_DEBUG": "false", "MINFU_LOOKUP_RATE": "100000000/60",
             "MINFU_UPLOAD_RATE": "100000000/60", "MINFU_REQUIRE_2FA": "false", "MINFU_AXES_ENABLED": "false",
             "DATABASE_CONN_MAX_AGE": "60", "CELERY_TASK_ALWAYS_EAGER": "false"}


def setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minfu.config.settings")
    for key, value in BENCH_ENV.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()


# ----- a small HTTP client with cookies ---------------------------------------------------

class Client:
    """One keep-alive connection and a cookie jar: one browser."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection(host, port, timeout=30)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.setdefault("Referer", f"http://{self.host}:{self.port}{path}")
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError, TimeoutError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def post_form(self, path: str, fields: dict) -> tuple[int, bytes]:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def post_multipart(self, path: str, fields: dict, files: dict) -> tuple[int, bytes]:
        boundary = uuid.uuid4().hex
        parts = []
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                         f"\r\n\r\n{value}\r\n".encode())
        for name, (filename, content, content_type) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                         f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
                         .encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})


# ----- scenarios ------------------------------------------------------------------------

class Scenario:
    name = ""

    def prepare(self, worker):  # per worker thread: returns its state (a Client, ...)
        raise NotImplementedError

    def run(self, state, record) -> bool:
        raise NotImplementedError


def sample_lookups(count: int, code_seeds: str | int, seed: int) -> list[tuple[str, str]]:
    """(number, access code) of up to `count` generated cases spread over the table. The
    codes derive from the seed of the run that generated each case: `code_seeds` lists
    the runs' seeds ("114,2,3"), and each case takes the one whose code its hash matches."""
    from django.conf import settings

    from minfu.cases import generator
    from minfu.cases.models import Case
    from minfu.records import access

    rng = random.Random(seed)
    ids = Case.objects.filter(idempotency_key__isnull=True).values_list("pk", flat=True)
    low, high = ids.order_by("pk").first(), ids.order_by("-pk").first()
    picks = [rng.randint(low, high) for _ in range(count)]
    keys = [generator.sample_code_key(int(one)) for one in str(code_seeds).split(",")]
    hash_key = access.derive_key(settings.SECRET_KEY)
    pairs = []
    for number, stored in Case.objects.filter(pk__in=picks, idempotency_key__isnull=True
                                              ).values_list("number", "access_code_hmac"):
        codes = (generator.sample_access_code(number, key) for key in keys)
        code = next((code for code in codes if access.code_matches(code, stored, hash_key)),
                    None)
        if code is not None:
            pairs.append((number, code))
    return pairs


class Lookup(Scenario):
    name = "lookup"

    def __init__(self, args):
        self.args = args
        self.pairs = sample_lookups(5000, args.code_seed, args.seed)

    def prepare(self, worker):
        client = Client(self.args.host, self.args.port)
        client.request("GET", "/applications/lookup/")
        return client

    def run(self, client, record) -> bool:
        number, code = random.choice(self.pairs)
        status, _ = client.post_form("/applications/lookup/",
                                     {"number": number, "access_code": code})
        return status == 302


class RawSql(Scenario):
    """The lookup's query and HMAC check without HTTP and Django's request cycle."""

    name = "rawsql"

    def __init__(self, args):
        from django.conf import settings

        from minfu.cases.models import Case
        from minfu.records import access

        self.args = args
        self.pairs = sample_lookups(5000, args.code_seed, args.seed)
        queryset = Case.objects.filter(number="X").select_related(
            "organisation", "service_type_version")[:1]
        sql, _params = queryset.query.sql_with_params()
        self.sql = sql.replace("%s", "%(number)s", 1)
        self.key = access.derive_key(settings.SECRET_KEY)
        self.access = access
        db = settings.DATABASES["default"]
        self.dsn = (f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} "
                    f"dbname={db['NAME']} user={db['USER']}"
                    + (f" password={db['PASSWORD']}" if db.get("PASSWORD") else ""))

    def prepare(self, worker):
        import psycopg

        return psycopg.connect(self.dsn, autocommit=True)

    def run(self, conn, record) -> bool:
        number, code = random.choice(self.pairs)
        with conn.cursor() as cursor:
            cursor.execute(self.sql, {"number": number}, prepare=True)
            row = cursor.fetchone()
            # The keyed hash's place among the columns follows the model's fields.
            hmac_column = [column.name for column in cursor.description].index(
                "access_code_hmac")
        return row is not None and self.access.code_matches(code, row[hmac_column], self.key)


class Submit(Scenario):
    name = "submit"

    def __init__(self, args):
        from minfu.catalog.models import ServiceTypeVersion

        self.args = args
        version = ServiceTypeVersion.objects.filter(
            service_type__organisation__code=args.submit_organisation,
            service_type__code=args.submit_service).select_related(
            "service_type__organisation").order_by("-number").first()
        self.path = (f"/applications/new/{version.service_type.organisation.code}/"
                     f"{version.service_type.code}/")
        self.business = "person" not in version.applicant_kinds
        self.answers = self._answers(version)

    @staticmethod
    def _answers(version) -> dict:
        """The service's own questions, answered as the demo answers them."""
        from minfu.cases.demo import sample_answers
        from minfu.cases.forms_public import QUESTION_PREFIX

        fields = {}
        for code, value in sample_answers(version).items():
            if isinstance(value, bool):
                value = "yes" if value else "no"
            fields[QUESTION_PREFIX + code] = value[0] if isinstance(value, list) else value
        return fields

    def filled_in(self, html: str) -> tuple[dict, dict]:
        """The form's fields as an applicant fills them in, and a PDF for each upload."""
        token = re.search(r'name="token" value="([^"]+)"', html).group(1)
        names = set(re.findall(r'type="file" name="(document_\d+)"', html)
                    + re.findall(r'name="(document_\d+)"[^>]*type="file"', html))
        files = dict.fromkeys(names, ("application.pdf", PDF_BYTES, "application/pdf"))
        fields = {"token": token, "applicant_kind": "business" if self.business else "person",
                  "applicant_name": "王小明", "national_id": "" if self.business else "A123456789",
                  "business_number": "04595257" if self.business else "",
                  "contact_email": "ming@example.tw", "contact_phone": "",
                  "language": "zh-hant", "consent": "on", **self.answers}
        return fields, files

    def prepare(self, worker):
        return Client(self.args.host, self.args.port)

    def run(self, client, record) -> bool:
        client.cookies.clear()  # each application comes from a new applicant's browser
        started = time.perf_counter()
        status, page = client.request("GET", self.path)
        record("submit: GET form", time.perf_counter() - started, status == 200)
        if status != 200:
            return False
        fields, files = self.filled_in(page.decode())
        started = time.perf_counter()
        status, body = client.post_multipart(self.path, fields, files)
        ok = status == 302
        record("submit: POST application", time.perf_counter() - started, ok)
        if not ok and self.args.verbose:
            print(status, body[:2000].decode(errors="replace"), file=sys.stderr)
        return ok


class Workbench(Scenario):
    name = "workbench"
    max_concurrency = 4  # signed-in officers; each sign-in hashes a password

    def __init__(self, args):
        self.args = args

    def prepare(self, worker):
        client = Client(self.args.host, self.args.port)
        client.request("GET", "/staff/login/")
        status, _ = client.post_form("/staff/login/", {
            "username": self.args.staff_user, "password": self.args.staff_password})
        if status != 302:
            raise RuntimeError(f"sign-in as {self.args.staff_user} failed ({status})")
        return client

    def run(self, client, record) -> bool:
        status, _ = client.request("GET", self.args.workbench_path)
        return status == 200


def staff_paths(username: str) -> dict[str, str]:
    """The officers' pages measured, for `username`: the newest open case and petition
    they may open, their unit's dashboard (also profile_staff.py and explain_hot.py)."""
    from django.contrib.auth import get_user_model

    from minfu.cases import selectors as case_selectors
    from minfu.voice import selectors as voice_selectors

    user = get_user_model().objects.get(username=username)
    case = case_selectors.cases_for(user).filter(closed_at__isnull=True).order_by(
        "-pk").first()
    petition = voice_selectors.petitions_for(user).order_by("-pk").first()
    paths = {"unit": "/staff/cases/unit/", "petitions": "/staff/voice/",
             "api-cases": "/api/v1/cases/applications/",
             "api-petitions": "/api/v1/voice/petitions/"}
    membership = user.memberships.order_by("pk").first()
    if membership is not None:
        paths["dashboard"] = f"/staff/metrics/unit/{membership.unit_id}/"
    if case is not None:
        paths["case"] = f"/staff/cases/{case.pk}/"
    if petition is not None:
        paths["petition"] = f"/staff/voice/{petition.pk}/"
    return paths


class StaffPage(Workbench):
    """A staff page other than the unit queue, signed in as --staff-user: the case page
    of an open case the user sees, the petition queue, the API lists, the dashboard."""

    # scenario: its page among staff_paths
    pages = {"casepage": "case", "petitions": "petitions", "api-cases": "api-cases",
             "api-petitions": "api-petitions", "dashboard": "dashboard"}

    def __init__(self, args, name):
        super().__init__(args)
        self.name = name
        self.path = staff_paths(args.staff_user)[self.pages[name]]

    def run(self, client, record) -> bool:
        status, _ = client.request("GET", self.path)
        return status == 200


SCENARIOS = {cls.name: cls for cls in (Lookup, Submit, Workbench, RawSql)}
SCENARIOS.update({name: (lambda args, name=name: StaffPage(args, name))
                  for name in StaffPage.pages})


# ----- the open-loop driver -------------------------------------------------------------

@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.errors += not ok


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def drive(scenario: Scenario, *, rate: float, duration: float, concurrency: int,
          warmup: float, on_measure=lambda: None) -> dict:
    """Start requests at `rate` per second for warmup + duration seconds; measure those
    due after the warm-up."""
    due: queue.Queue = queue.Queue()
    overall, steps = Stats(), {}
    steps_lock = threading.Lock()
    measure_from = [0.0]

    def record(step: str, seconds: float, ok: bool, *, when: float) -> None:
        if when < measure_from[0]:
            return
        with steps_lock:
            stats = steps.setdefault(step, Stats())
        stats.add(seconds, ok)

    def worker(index: int) -> None:
        state = scenario.prepare(index)
        ready.wait()
        while True:
            when = due.get()
            if when is None:
                return
            if time.perf_counter() > give_up_at[0]:  # the server fell far behind
                with steps_lock:
                    dropped[0] += 1
                continue
            try:
                ok = scenario.run(state, lambda s, t, o, when=when: record(s, t, o, when=when))
            except Exception as error:  # a failed request is an error, not a crash
                ok = False
                if scenario_errors[0] < 3:
                    print(f"  error: {error!r}", file=sys.stderr)
                scenario_errors[0] += 1
            if when >= measure_from[0]:
                overall.add(time.perf_counter() - when, ok)

    scenario_errors, dropped = [0], [0]
    give_up_at = [float("inf")]
    ready = threading.Event()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True)
               for i in range(concurrency)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    ready.set()
    start = time.perf_counter()
    measure_from[0] = start + warmup
    total = int(rate * (warmup + duration))
    late_starts = 0
    measuring = False
    for i in range(total):
        when = start + i / rate
        if not measuring and when >= measure_from[0]:
            on_measure()  # server CPU from here on belongs to the measured requests
            measuring = True
        delay = when - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        elif delay < -0.05:
            late_starts += 1
        due.put(when)
    give_up_at[0] = time.perf_counter() + GRACE_SECONDS
    for _ in threads:
        due.put(None)
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - measure_from[0]
    return summarise(scenario.name, overall, elapsed, rate, duration, late_starts, steps,
                     dropped[0])


def drive_closed(scenario: Scenario, *, users: int, duration: float, warmup: float,
                 on_measure=lambda: None) -> dict:
    """`users` clients each sending their next request as soon as the last answered
    (officers at work), for warmup + duration seconds; latency is each request's own."""
    overall, steps, steps_lock = Stats(), {}, threading.Lock()
    start = time.perf_counter() + 0.5
    measure_from, stop_at = start + warmup, start + warmup + duration

    def record(step: str, seconds: float, ok: bool) -> None:
        if time.perf_counter() >= measure_from:
            with steps_lock:
                stats = steps.setdefault(step, Stats())
            stats.add(seconds, ok)

    def worker(index: int) -> None:
        state = scenario.prepare(index)
        time.sleep(max(0.0, start - time.perf_counter()))
        while (began := time.perf_counter()) < stop_at:
            try:
                ok = scenario.run(state, record)
            except Exception:
                ok = False
            if began >= measure_from:
                overall.add(time.perf_counter() - began, ok)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, measure_from - time.perf_counter()))
    on_measure()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - measure_from
    result = summarise(scenario.name, overall, elapsed, float("nan"), duration, 0, steps, 0)
    result["closed_users"] = users
    return result


def summarise(name, overall: Stats, elapsed, rate, duration, late_starts, steps,
              dropped) -> dict:
    def figures(stats: Stats) -> dict:
        values = stats.latencies
        return {"requests": len(values), "errors": stats.errors,
                "p50_ms": percentile(values, 0.50) * 1000,
                "p95_ms": percentile(values, 0.95) * 1000,
                "p99_ms": percentile(values, 0.99) * 1000,
                "max_ms": max(values, default=float("nan")) * 1000}

    result = {"scenario": name, "target_rate": rate, "duration_s": duration,
              "achieved_rate": len(overall.latencies) / elapsed if elapsed > 0 else 0,
              "late_starts": late_starts, "dropped": dropped, **figures(overall),
              "steps": {step: figures(stats) for step, stats in steps.items()}}
    return result


def print_result(result: dict) -> None:
    print(f"{result['scenario']:>28}: target {result['target_rate']:.0f}/s, achieved "
          f"{result['achieved_rate']:.1f}/s, {result['requests']} requests, "
          f"{result['errors']} errors, {result['dropped']} dropped; p50 {result['p50_ms']:.1f} ms, p95 "
          f"{result['p95_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, max "
          f"{result['max_ms']:.0f} ms; server CPU "
          f"{result.get('server_cpu_ms_per_request', float('nan')):.1f} ms, load driver "
          f"{result.get('client_cpu_ms_per_request', float('nan')):.1f} ms per request",
          flush=True)
    for step, figures in result["steps"].items():
        print(f"{step:>28}: {figures['requests']} requests, {figures['errors']} errors; "
              f"p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
              f"p99 {figures['p99_ms']:.1f} ms (service time)", flush=True)


# ----- server CPU ---------------------------------------------------------------------------

def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(process: subprocess.Popen | None) -> list[int]:
    """The gunicorn workers and the PostgreSQL backends serving the benchmark database."""
    from django.db import connection

    pids = []
    if process is not None:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()] if children.exists() else []
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid()")
        pids += [row[0] for row in cursor.fetchall()]
    return pids


def server_cpu(process) -> dict[int, float]:
    return {pid: _cpu_of(pid) for pid in server_pids(process)}


def cpu_used(before: dict[int, float], process) -> float:
    """CPU seconds the server processes used since `before` (new processes from zero)."""
    after = server_cpu(process)
    return sum(max(0.0, cpu - before.get(pid, 0.0)) for pid, cpu in after.items())


# ----- gunicorn ---------------------------------------------------------------------------

def start_gunicorn(args) -> subprocess.Popen:
    env = {**os.environ, **BENCH_ENV, "PYTHONPATH": str(ROOT / "src")}
    gunicorn = ROOT / ".venv/bin/gunicorn"
    if not gunicorn.exists():  # a worktree: the interpreter's own environment
        gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "minfu.config.wsgi:application",
               "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
               "--worker-class", args.worker_class, "--log-level", "warning",
               "--access-logfile", "/dev/null"]
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection(args.host, args.port, timeout=2)
            connection.request("GET", "/applications/lookup/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.5)
    stop(process)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenarios", nargs="*", default=["lookup", "rawsql", "workbench",
                                                          "submit"],
                        help="scenario names, each optionally with its rate: lookup@50")
    parser.add_argument("--rate", type=float, help="requests per second (default per scenario: "
                        + ", ".join(f"{k} {v}" for k, v in DEFAULT_RATES.items()) + ")")
    parser.add_argument("--duration", type=float, default=30, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=5, help="unmeasured seconds first")
    parser.add_argument("--concurrency", type=int, default=48, help="client threads")
    parser.add_argument("--closed", type=int, default=0, metavar="USERS",
                        help="closed loop: USERS clients, each waiting for its answer")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--serve", action="store_true", help="start and stop gunicorn")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (--serve)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--code-seed", default="114",
                        help="the --seed of each generate_cases run, comma-separated (the "
                             "access codes derive from it): 114,2,3,4,5")
    parser.add_argument("--submit-organisation", default="NTBT")
    parser.add_argument("--submit-service", default="TAX-CERT")
    parser.add_argument("--staff-user", default="tpc-supervisor")
    parser.add_argument("--staff-password", default="Minfu-demo-2026")
    parser.add_argument("--workbench-path", default="/staff/cases/unit/")
    parser.add_argument("--json", type=Path, help="append results as JSON lines here")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    setup_django()
    process = start_gunicorn(args) if args.serve else None
    try:
        for item in args.scenarios:
            name, _, rate = item.partition("@")
            if name not in SCENARIOS:
                parser.error(f"unknown scenario {name!r}: one of {', '.join(SCENARIOS)}")
            scenario = SCENARIOS[name](args)
            cpu_before = {}

            def on_measure(before=cpu_before):
                before.update(server_cpu(process))
                before["client"] = time.process_time()

            if args.closed:
                result = drive_closed(scenario, users=args.closed, duration=args.duration,
                                      warmup=args.warmup, on_measure=on_measure)
            else:
                result = drive(scenario, rate=float(rate or args.rate or DEFAULT_RATES.get(
                    name, DEFAULT_RATES["workbench"])), duration=args.duration,
                    concurrency=min(args.concurrency,
                                    getattr(scenario, "max_concurrency", args.concurrency)),
                    warmup=args.warmup, on_measure=on_measure)
            client_cpu = time.process_time() - cpu_before.pop("client")
            cpu = cpu_used(cpu_before, process)
            requests = result["requests"] or float("nan")
            result["server_cpu_ms_per_request"] = cpu * 1000 / requests
            result["client_cpu_ms_per_request"] = client_cpu * 1000 / requests
            result.update(workers=args.workers, worker_class=args.worker_class,
                          load_average=os.getloadavg(),
                          at=time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))
            print_result(result)
            if args.json:
                with args.json.open("a") as output:
                    output.write(json.dumps(result) + "\n")
    finally:
        if process is not None:
            stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
