"""Helpers of the end-to-end topology test: the Procfile's processes as real child
processes, a local SMTP server that keeps what it receives, and a small HTTP client that
behaves like a browser behind the HTTPS proxy (cookies, CSRF, multipart uploads).

Only the standard library, aiosmtpd, psycopg and redis: nothing here imports Django, so
the processes see exactly the environment they are given."""

from __future__ import annotations

import email
import email.policy
import http.client
import os
import re
import secrets
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

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""


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


# ----- SMTP sink ---------------------------------------------------------------------

@dataclass
class ReceivedMail:
    recipients: list[str]
    subject: str
    body: str


@dataclass
class SmtpSink:
    """aiosmtpd on a free local port; keeps every message it accepts."""

    port: int = 0
    messages: list[ReceivedMail] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: object = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        with self._lock:
            self.messages.append(ReceivedMail(recipients=list(envelope.rcpt_tos),
                                              subject=str(parsed["Subject"] or ""), body=text))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def to(self, address: str) -> list[ReceivedMail]:
        with self._lock:
            return [mail for mail in self.messages if address in mail.recipients]


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
    https), with a cookie jar that keeps Secure cookies, and CSRF's Origin and Referer."""

    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.port, self.host = port, host
        self.origin = f"https://{host}:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: bytes | None = None,
                content_type: str | None = None, referer: str | None = None) -> Response:
        headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
                   "Accept-Language": "zh-Hant"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + (referer or path)
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
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


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert match, f"no field {name} in the page"
    value = re.search(r'value="([^"]*)"', match.group(0))
    assert value, f"field {name} has no value"
    return value.group(1)


def file_field_names(html: str) -> list[str]:
    return re.findall(r'<input[^>]*type="file"[^>]*name="([^"]+)"', html) + \
        re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="file"', html)
