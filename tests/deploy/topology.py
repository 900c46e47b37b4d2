"""Helpers of the end-to-end topology test: the Procfile's processes as real child
processes, a local SMTP server that keeps what it receives, and a small HTTP client that
behaves like a browser behind the HTTPS proxy (cookies, CSRF, multipart uploads).

Only the standard library, aiosmtpd, psycopg and redis: nothing here imports Django, so
the processes see exactly the environment they are given."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import email
import email.policy
import http.client
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PROCFILE = ROOT / "Procfile"


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it; another run cannot get it
    until we release it, and we bind it at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"Timed out after {timeout:.0f} s waiting for {what}.")


# ----- Procfile ----------------------------------------------------------------------

def procfile_commands(path: Path = PROCFILE) -> dict[str, str]:
    """{process type: command}, as honcho or foreman read the Procfile."""
    commands = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#") and ":" in line:
            name, command = line.split(":", 1)
            commands[name.strip()] = command.strip()
    return commands


# ----- processes ---------------------------------------------------------------------

@dataclass
class Process:
    name: str
    command: str
    env: dict
    log_path: Path
    popen: subprocess.Popen | None = None

    def start(self) -> Process:
        log = self.log_path.open("ab")
        log.write(f"\n===== start {self.name}: {self.command}\n".encode())
        log.flush()
        # bash -c like honcho, `exec` so that the pid is the process itself; its own
        # session so that the teardown can stop its children too.
        self.popen = subprocess.Popen(["bash", "-c", f"exec {self.command}"], cwd=ROOT,
                                      env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        return self

    @property
    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, *, timeout: float = 15) -> None:
        """SIGTERM (warm shutdown for Celery, graceful for gunicorn), then SIGKILL."""
        if not self.running:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=5)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """SIGKILL to the process and its children, as a crash or the OOM killer would."""
        if not self.running:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=5)

    def children(self) -> list[int]:
        """The pids of the process's direct children (gunicorn's workers, Celery's pool)."""
        if not self.running:
            return []
        return child_pids(self.popen.pid)

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""


def child_pids(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def process_with_connection(local_port: int, remote_port: int, pids: list[int]) -> int | None:
    """Which of `pids` holds the local TCP connection from `local_port` to `remote_port`
    (on the loopback), from /proc; None when none does."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                columns = line.split()
                local, remote, inode = columns[1], columns[2], columns[9]
                if (int(local.rsplit(":", 1)[1], 16) == local_port
                        and int(remote.rsplit(":", 1)[1], 16) == remote_port):
                    inodes.add(f"socket:[{inode}]")
    for pid in pids:
        with contextlib.suppress(OSError):
            for descriptor in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(descriptor) in inodes:
                        return pid
    return None


def run_once(name: str, command: str, *, env: dict, log_path: Path, timeout: float = 300):
    """A one-off command (release, load_demo); fails with its output."""
    result = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, timeout=timeout,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    output = result.stdout.decode("utf-8", errors="replace")
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"\n===== {name}: {command}\n{output}")
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed ({result.returncode}):\n{output[-4000:]}")
    return output


def process_environment(**settings: str) -> dict:
    """The inherited environment without the test run's own Django and Minfu settings,
    the virtualenv first on PATH, plus `settings`."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "MINFU_", "CELERY_", "EMAIL_", "PYTEST_"))
           and key not in {"DATABASE_URL", "CACHE_URL", "DEFAULT_FROM_EMAIL", "LOG_LEVEL"}}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


# ----- PostgreSQL and Redis ------------------------------------------------------------

def postgres_url_with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def postgres_admin(url: str):
    """An autocommit connection to the server's `postgres` database."""
    import psycopg

    parts = urlsplit(postgres_url_with_database(url, "postgres"))
    return psycopg.connect(urlunsplit(parts), autocommit=True, connect_timeout=3)


def claim_redis_database(url: str, owner: str):
    """An empty Redis database (15 down to 1), claimed with a key so that a parallel run
    takes another one. Returns (client, number) or None when all are busy."""
    import redis

    for number in range(15, 0, -1):
        client = redis.Redis.from_url(url, db=number, socket_connect_timeout=3)
        if client.dbsize() == 0 and client.set("minfu-e2e:owner", owner, nx=True, ex=900):
            return client, number
        client.close()
    return None


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's programs (initdb, pg_ctl), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0)
    return found[-1].parent if found else None


@dataclass
class PostgresCluster:
    """A PostgreSQL cluster of its own (initdb into a temporary directory, its own port and
    socket directory), so that a test may stop and restart it without harming anyone.
    PostgreSQL refuses to run as root: as root its programs run as the `postgres` user."""

    bindir: Path
    root: Path
    port: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=timeout, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{program} {' '.join(args)} failed ({result.returncode}):\n"
                               + result.stdout.decode("utf-8", errors="replace")[-4000:])

    def init(self) -> PostgresCluster:
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres")
        self.port = self.port or free_port()
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-locale", "--no-sync")
        return self

    def start(self) -> None:
        # fsync off: the cluster is thrown away; a clean restart still keeps every commit.
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.root} -c fsync=off "
                   f"-c full_page_writes=off -c max_connections=100")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "30", "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every session and shuts down cleanly, as a restart does."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    @property
    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self):
        return postgres_admin(self.url())

    def start_standby(self, root: Path) -> PostgresCluster:
        """A hot standby of this (running) cluster in `root`, made with `pg_basebackup -R`
        so that it streams from it, started on a free port of its own."""
        standby = PostgresCluster(self.bindir, root, port=free_port())
        root.mkdir(exist_ok=True)
        if os.geteuid() == 0:  # PostgreSQL's programs run as postgres (_run)
            shutil.chown(root, user="postgres")
        standby._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                     "postgres", "-D", str(standby.data), "-R", "-X", "stream",
                     # an immediate checkpoint: a spread one waits minutes after a migrate
                     "--checkpoint=fast", "--no-sync", timeout=120)
        standby.start()
        return standby

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def destroy(self) -> None:
        if self.running:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class RedisServer:
    """A redis-server of its own on a free port, in memory only, to stop and start."""

    log_path: Path
    port: int = 0
    popen: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.port = self.port or free_port()
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no", "--dir", str(self.log_path.parent)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        wait_until(self.answers, timeout=10, interval=0.05, what="redis-server to answer")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                probe.sendall(b"PING\r\n")
                return probe.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.terminate()
            self.popen.wait(timeout=10)

    def url(self, database: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"


# ----- HAProxy -----------------------------------------------------------------------

# Round robin with health checks (the deployment guide's back end); a request whose
# connection to a node failed is sent to the other (retries, redispatch), and so is a GET
# that got no answer; a POST that reached a node is never sent twice by the balancer: the
# client gets a 502 and sends the form again with its token, as a browser's reload does.
# `option forwardfor` appends the peer to X-Forwarded-For: one more trusted proxy hop.
HAPROXY_CONFIG = """\
global
    maxconn 256
    log stderr format raw local0 info

defaults
    mode http
    log global
    option httplog
    option forwardfor
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout check 2s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend www
    bind 127.0.0.1:{port}
    http-request disable-l7-retry if !METH_GET !METH_HEAD
    default_backend minfu

backend minfu
    balance roundrobin
    option httpchk
    http-check send meth GET uri /applications/lookup/ ver HTTP/1.1 hdr Host 127.0.0.1 hdr X-Forwarded-Proto https
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
{servers}

listen stats
    bind 127.0.0.1:{stats_port}
    no log
    stats enable
    stats uri /
"""


def haproxy_program() -> str | None:
    """HAProxy's path (Debian installs it in /usr/sbin, not on every user's PATH)."""
    return shutil.which("haproxy", path=f"{os.environ.get('PATH', '')}{os.pathsep}/usr/sbin")


@dataclass
class Balancer:
    """The distribution's HAProxy on a free port in front of web nodes (name: port), with
    its configuration and log under `root`, and a statistics page on a port of its own."""

    nodes: dict[str, int]
    root: Path
    port: int = 0
    stats_port: int = 0
    process: Process | None = None

    def start(self, env: dict) -> Balancer:
        self.port = self.port or free_port()
        self.stats_port = self.stats_port or free_port()
        servers = "\n".join(f"    server {name} 127.0.0.1:{port} check"
                            for name, port in self.nodes.items())
        config = self.root / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=self.port, stats_port=self.stats_port,
                                                servers=servers), encoding="utf-8")
        self.process = Process("haproxy", f"{haproxy_program()} -db -f {config}", env,
                               self.root / "haproxy.log").start()
        wait_until(self._answers, timeout=10, interval=0.1, what="HAProxy to answer")
        return self

    def _answers(self) -> bool:
        if not self.process.running:
            raise RuntimeError(f"haproxy exited at start:\n{self.process.log()[-3000:]}")
        try:
            return bool(self.servers())
        except OSError:
            return False

    def servers(self) -> dict[str, dict[str, str]]:
        """{node: its row of HAProxy's statistics} (`status` UP/DOWN, `stot` requests...)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.stats_port, timeout=5)
        try:
            connection.request("GET", "/;csv")
            text = connection.getresponse().read().decode()
        finally:
            connection.close()
        rows = csv.DictReader(text.removeprefix("# ").splitlines())
        return {row["svname"]: row for row in rows
                if row["pxname"] == "minfu" and row["svname"] in self.nodes}

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop(timeout=5)


# ----- SMTP sink ---------------------------------------------------------------------

@dataclass
class ReceivedMail:
    recipients: list[str]
    subject: str
    body: str
    message_id: str = ""
    headers: dict = field(default_factory=dict)


@dataclass
class SmtpSink:
    """aiosmtpd on a free local port; keeps every message it accepts. It can be stopped
    and started again on the same port, and slowed: `delay` seconds before each reply
    to EHLO, MAIL, RCPT and DATA, as a tarpitting or overloaded server does. A message
    counts as accepted only when its final reply was sent: a client that goes away
    before (a killed worker, a timeout) is counted in `aborted` instead, as a real
    server does not deliver it."""

    port: int = 0
    delay: float = 0.0
    messages: list[ReceivedMail] = field(default_factory=list)
    aborted: int = 0
    in_flight: int = 0  # replies being held back by `delay` right now
    # (host, port) of each client whose message was received and whose final reply is
    # being held back (holding()).
    _held: list[tuple[str, int]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: object = None

    async def _slow(self) -> None:
        if self.delay:
            with self._lock:
                self.in_flight += 1
            try:
                await asyncio.sleep(self.delay)
            finally:
                with self._lock:
                    self.in_flight -= 1

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802
        await self._slow()
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, options):  # noqa: N802
        await self._slow()
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        await self._slow()
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 OK"

    @property
    def in_data(self) -> int:
        """Messages received whose final reply is being held back."""
        with self._lock:
            return len(self._held)

    def holding(self) -> list[tuple[str, int]]:
        """The (host, port) of the clients whose message's final reply is being held back:
        process_with_connection tells which process sent it."""
        with self._lock:
            return list(self._held)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        peer = tuple(session.peer[:2])
        with self._lock:
            self._held.append(peer)
        try:
            await self._slow()
        except asyncio.CancelledError:  # the client went away before the reply
            with self._lock:
                self.aborted += 1
            raise
        finally:
            with self._lock:
                self._held.remove(peer)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        with self._lock:
            self.messages.append(ReceivedMail(
                recipients=list(envelope.rcpt_tos), subject=str(parsed["Subject"] or ""),
                body=text, message_id=str(parsed["Message-ID"] or ""),
                headers={key.lower(): str(value) for key, value in parsed.items()}))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        """Listen (again) on the sink's port, a free one the first time."""
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per SMTP command
        self.port = self.port or free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[ReceivedMail]:
        with self._lock:
            return [mail for mail in self.messages if address in mail.recipients]

    def received(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self.messages)


def unique_address() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}@example.tw"


# ----- HTTP client ---------------------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: dict
    body: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Browser:
    """Plain HTTP to gunicorn as the HTTPS proxy would forward it (X-Forwarded-Proto:
    https, and X-Forwarded-For when the browser has a `client` address), with a cookie
    jar that keeps Secure cookies, and CSRF's Origin and Referer."""

    def __init__(self, port: int, host: str = "127.0.0.1", *, timeout: float = 30,
                 client: str = ""):
        self.port, self.host, self.timeout, self.client = port, host, timeout, client
        self.origin = f"https://{host}:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: bytes | None = None,
                content_type: str | None = None, referer: str | None = None) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
                   "Accept-Language": "zh-Hant"}
        if self.client:
            headers["X-Forwarded-For"] = self.client
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + (referer or path)
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(self.host, self.port,
                                                 timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read().decode("utf-8", errors="replace")
            for header in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Response(raw.status, {k.lower(): v for k, v in raw.headers.items()}, content)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_multipart(self, path: str, fields: dict[str, str],
                       files: dict[str, tuple[str, bytes, str]]) -> Response:
        boundary = secrets.token_hex(16)
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                         f"\r\n\r\n{value}\r\n".encode())
        for name, (filename, content, mime) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                         f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'.encode()
                         + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, body=b"".join(parts),
                            content_type=f"multipart/form-data; boundary={boundary}")

    def post_form(self, path: str, fields: dict[str, str]) -> Response:
        return self.request("POST", path, body=urlencode(fields).encode(),
                            content_type="application/x-www-form-urlencoded")


# ----- applying online -------------------------------------------------------------------

# A demo service (catalog/demo.py) open online to persons, with documents to upload.
APPLY_PATH = "/applications/new/NTBT/GIFT-TAX/"
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
CASE_NUMBER = re.compile(r"/applications/receipt/([^/]+)/$")
ACCESS_CODE = re.compile(r'class="access-code">([^<]+)<')
LOOKUP_PATH = "/applications/lookup/"


def application(form_html: str, *, email: str, national_id: str):
    """(fields, files) of a person's application on the blank form `form_html`, with its
    CSRF and form tokens and a PDF for every document it asks for."""
    fields = {"csrfmiddlewaretoken": hidden_value(form_html, "csrfmiddlewaretoken"),
              "token": hidden_value(form_html, "token"),
              "applicant_kind": "person", "applicant_name": "王小明",
              "national_id": national_id, "business_number": "",
              "contact_email": email, "contact_phone": "", "language": "zh-hant",
              "consent": "on"}
    files = dict.fromkeys(file_field_names(form_html),
                          ("form.pdf", PDF_BYTES, "application/pdf"))
    assert files, "the form asks for no document: pick another demo service"
    return fields, files


def case_number(location: str) -> str | None:
    """The case number a redirect to the receipt names, or None."""
    found = CASE_NUMBER.search(urlsplit(location).path)
    return found.group(1) if found else None


def access_code(receipt_html: str) -> str:
    """The access code a receipt shows (once), or ""."""
    found = ACCESS_CODE.search(receipt_html)
    return found.group(1).strip() if found else ""


def lookup_form(form_html: str, *, number: str, code: str) -> dict[str, str]:
    """The fields of the lookup form `form_html` filled in with a number and its code."""
    return {"csrfmiddlewaretoken": hidden_value(form_html, "csrfmiddlewaretoken"),
            "number": number, "access_code": code}


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert match, f"no field {name} in the page"
    value = re.search(r'value="([^"]*)"', match.group(0))
    assert value, f"field {name} has no value"
    return value.group(1)


def file_field_names(html: str) -> list[str]:
    return re.findall(r'<input[^>]*type="file"[^>]*name="([^"]+)"', html) + \
        re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="file"', html)
