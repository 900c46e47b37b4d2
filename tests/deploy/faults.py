"""The fault suite's load and its checks (tests/deploy/test_faults.py): citizens applying
online while a scenario breaks something, and what must hold afterwards.

A citizen who gets no answer, a connection error or a 5xx sends the same form again, with
the same form token (the submission's idempotency key) and cookies, as a browser's reload
or a second click does, until the receipt comes or the submission's time is up. Each
submission has an address of its own, so cases and e-mails are counted per submission.

Only the standard library and psycopg: like topology.py, nothing here imports Django."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.deploy import topology

ADDRESS_DOMAIN = "faults.example.tw"
DOCUMENTS_TABLE = "cases_casedocument"  # an application's uploaded files
SUBMISSION_SECONDS = 45  # a citizen gives up retrying after this long
LOOKUP_AFTER = 2  # seconds after its receipt before a submission is looked up
RETRY_PAUSE = 0.5  # seconds before a retry, unless Retry-After says (at most 2 s) otherwise
QUIET_SECONDS = 3  # after the last delivery, time for a late duplicate to show up
# Where each scenario's figures are appended (one JSON object a line), when set.
FIGURES_FILE = os.environ.get("MINFU_FAULT_FIGURES", "")


@dataclass
class Answer:
    """One HTTP exchange of the load: a status, or the name of the error instead."""

    at: float  # time.monotonic()
    method: str
    outcome: str
    retry_after: str = ""
    lookup: bool = False  # a request of a lookup, not of an application

    @property
    def server_error(self) -> bool:
        return self.outcome.isdigit() and int(self.outcome) >= 500


def citizen_address() -> str:
    """A client address of a citizen's own, as the proxy reports it: the limits per
    client address count citizens, not the test."""
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


@dataclass
class Submission:
    address: str
    number: str = ""  # the case number of the receipt it was sent to: acknowledged
    access_code: str = ""  # as the receipt showed it (a load that follows up reads it)
    acknowledged_at: float = 0.0  # time.monotonic()


@dataclass
class Lookup:
    """A citizen following an acknowledged submission from another browser."""

    number: str
    found: bool = False  # the progress page showed the record


class Load:
    """`clients` citizens applying one after another (with `pause` seconds between their
    applications) in threads, until stopped. Citizens who `follow_up` read the access
    code on the receipt, and after each application look up an earlier one."""

    def __init__(self, port: int, national_id: str, *, clients: int, pause: float = 0.0,
                 follow_up: bool = False):
        self.port, self.national_id, self.pause = port, national_id, pause
        self.follow_up = follow_up
        self.submissions: list[Submission] = []
        self.lookups: list[Lookup] = []
        self.answers: list[Answer] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads = [threading.Thread(target=self._citizen, daemon=True, name=f"load-{n}")
                         for n in range(clients)]

    def start(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> Load:
        """Let each citizen finish the application in hand (bounded by
        SUBMISSION_SECONDS and the HTTP timeout)."""
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=SUBMISSION_SECONDS + 35)
            assert not thread.is_alive(), f"{thread.name} did not finish its application"
        return self

    def run_for(self, seconds: float) -> Load:
        self.start()
        time.sleep(seconds)
        return self.stop()

    def _citizen(self) -> None:
        while not self._stopping.is_set():
            self.submit()
            if self.follow_up:
                self.look_up()
            self._stopping.wait(self.pause)

    def submit(self) -> Submission:
        submission = Submission(address=f"fault-{uuid.uuid4().hex[:12]}@{ADDRESS_DOMAIN}")
        with self._lock:
            self.submissions.append(submission)
        browser = topology.Browser(self.port, timeout=20, client=citizen_address())
        deadline = time.monotonic() + SUBMISSION_SECONDS
        form = self._until_answered(lambda: browser.get(topology.APPLY_PATH), "GET", deadline)
        if form is None or form.status != 200:
            return submission
        fields, files = topology.application(form.body, email=submission.address,
                                             national_id=self.national_id)

        sent = self._until_answered(
            lambda: browser.post_multipart(topology.APPLY_PATH, fields, files), "POST", deadline)
        if sent is not None and sent.status == 302:
            submission.number = topology.case_number(sent.location) or ""
            submission.acknowledged_at = time.monotonic()
            if self.follow_up:
                receipt = self._until_answered(
                    lambda: browser.get(sent.location.removeprefix(browser.origin)), "GET",
                    deadline)
                if receipt is not None and receipt.status == 200:
                    submission.access_code = topology.access_code(receipt.body)
        return submission

    def look_up(self) -> Lookup | None:
        """Type the number and access code of a random submission acknowledged at least
        LOOKUP_AFTER seconds ago into the lookup form of a new browser, and open the
        progress page it leads to; None when there is none yet."""
        now = time.monotonic()
        with self._lock:
            ready = [s for s in self.submissions
                     if s.access_code and s.acknowledged_at < now - LOOKUP_AFTER]
        if not ready:
            return None
        submission = random.choice(ready)
        lookup = Lookup(submission.number)
        browser = topology.Browser(self.port, timeout=20, client=citizen_address())
        deadline = now + SUBMISSION_SECONDS
        form = self._until_answered(lambda: browser.get(topology.LOOKUP_PATH), "GET",
                                    deadline, lookup=True)
        if form is not None and form.status == 200:
            fields = topology.lookup_form(form.body, number=submission.number,
                                          code=submission.access_code)
            sent = self._until_answered(
                lambda: browser.post_form(topology.LOOKUP_PATH, fields), "POST", deadline,
                lookup=True)
            if sent is not None and sent.status == 302:
                page = self._until_answered(
                    lambda: browser.get(sent.location.removeprefix(browser.origin)), "GET",
                    deadline, lookup=True)
                lookup.found = (page is not None and page.status == 200
                                and submission.number in page.body)
        with self._lock:
            self.lookups.append(lookup)
        return lookup

    def _until_answered(self, send, method: str, deadline: float, *, lookup: bool = False):
        """The first answer below 500, retrying the same request after errors; None when
        the time is up."""
        while True:
            try:
                response = send()
            except (OSError, http.client.HTTPException) as error:
                self._note(Answer(time.monotonic(), method, type(error).__name__,
                                  lookup=lookup))
                pause = RETRY_PAUSE
            else:
                retry_after = response.headers.get("retry-after", "")
                self._note(Answer(time.monotonic(), method, str(response.status), retry_after,
                                  lookup))
                if response.status < 500:
                    return response
                pause = min(float(retry_after), 2.0) if retry_after.isdigit() else RETRY_PAUSE
            if time.monotonic() + pause > deadline:
                return None
            time.sleep(pause)

    def _note(self, answer: Answer) -> None:
        with self._lock:
            self.answers.append(answer)


# ----- what the database and the mail server hold -----------------------------------------

def connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=5)


def cases_by_address(db) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for address, number in db.execute(
            "SELECT contact_email, number FROM cases_case WHERE contact_email LIKE %s",
            [f"%@{ADDRESS_DOMAIN}"]):
        found.setdefault(address, []).append(number)
    return found


def outbox(db) -> list[tuple[int, str, str]]:
    """(id, recipient, status) of every message to the load's addresses."""
    return list(db.execute(
        "SELECT id, recipient, status FROM notify_outboxmessage WHERE recipient LIKE %s",
        [f"%@{ADDRESS_DOMAIN}"]))


def stored_files(db) -> set[str]:
    """Every file name a row holds, in every file column of the schema (a column named
    `file` or `..._file`)."""
    columns = list(db.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND (column_name = 'file' OR column_name LIKE %s)",
        ["%\\_file"]))
    names: set[str] = set()
    for table, column in columns:
        names.update(value for (value,) in db.execute(
            f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> %s', [""]))
    return names


def orphan_files(db, media: Path) -> list[str]:
    """Files in MEDIA_ROOT that no row names."""
    if not media.exists():
        return []
    on_disk = {path.relative_to(media).as_posix() for path in media.rglob("*") if path.is_file()}
    return sorted(on_disk - stored_files(db))


def missing_files(db, media: Path) -> list[str]:
    """Files the load's document rows name that are not in MEDIA_ROOT."""
    named = [name for (name,) in db.execute(
        f"SELECT d.file FROM {DOCUMENTS_TABLE} d JOIN cases_case c ON c.id = d.case_id "
        "WHERE c.contact_email LIKE %s AND d.file <> ''", [f"%@{ADDRESS_DOMAIN}"])]
    return sorted(name for name in named if not (media / name).is_file())


def daily_sweep(running) -> None:
    """`manage.py run_daily_jobs` as cron or beat runs it, with no grace period for files
    that no row names (nothing is in flight any more): what removes the files a killed
    process left, where the installation has such a sweep."""
    topology.run_once("run_daily_jobs", "python manage.py run_daily_jobs",
                      env=running.env | {"MINFU_ORPHAN_FILE_GRACE_HOURS": "0"},
                      log_path=running.web.log_path.parent / "daily.log", timeout=120)


def mails_by_address(smtp: topology.SmtpSink) -> Counter:
    """E-mails received per address of the load (staff digests and the like aside)."""
    return Counter(recipient for mail in smtp.received() for recipient in mail.recipients
                   if recipient.endswith(f"@{ADDRESS_DOMAIN}"))


# ----- a scenario ----------------------------------------------------------------------------

@dataclass
class Figures:
    """What one scenario did, for docs/operations.md."""

    scenario: str
    submissions: int = 0
    requests: int = 0  # HTTP requests of the load, retries included
    acknowledged: int = 0
    lookups: int = 0  # of acknowledged submissions, by a load that follows up
    lookups_found: int = 0
    duplicates: int = 0  # cases beyond one per submission
    notifications: int = 0  # outbox messages to the load's addresses
    deliveries: int = 0  # messages the SMTP server accepted for them
    duplicate_deliveries: int = 0
    undelivered: int = 0
    aborted_deliveries: int = 0  # sends the SMTP server saw cut off before its reply
    server_errors: dict = field(default_factory=dict)  # status: count
    orphans_left: int = 0  # files without rows right after the scenario
    orphan_files: int = 0  # the same after the daily sweep
    restarts: list[str] = field(default_factory=list)  # processes that exited by themselves
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


class Scenario:
    """One fault scenario on a running topology (conftest.FaultTopology): its loads, what
    went wrong on the way, and the verdict."""

    def __init__(self, running, name: str, *, national_id: str):
        self.running, self.name, self.national_id = running, name, national_id
        self.started = time.monotonic()
        self.loads: list[Load] = []
        self.problems: list[str] = []
        self.restarts: list[str] = []

    def load(self, *, clients: int, pause: float = 0.0, follow_up: bool = False) -> Load:
        self.loads.append(Load(self.running.web_port, self.national_id, clients=clients,
                               pause=pause, follow_up=follow_up))
        return self.loads[-1]

    @property
    def answers(self) -> list[Answer]:
        return [answer for load in self.loads for answer in load.answers]

    def expect(self, condition: bool, problem: str) -> None:
        if not condition:
            self.problems.append(problem)

    def acknowledged_after(self, moment: float) -> bool:
        return any(answer.method == "POST" and answer.outcome == "302" and answer.at > moment
                   and not answer.lookup for answer in self.answers)

    @contextlib.contextmanager
    def request_between_files_and_rows(self, *, timeout: float = 20):
        """Hold back the insertion of document rows (a lock on their table) until an
        application has written its files and waits to insert their rows: the moment a
        crash leaves files without rows, reached every time rather than by chance. The
        lock goes with the block (or with the database, if the block stops it)."""
        import psycopg

        db = connect(self.running.database_url())
        try:
            db.execute("BEGIN")
            db.execute(f"LOCK TABLE {DOCUMENTS_TABLE} IN SHARE ROW EXCLUSIVE MODE")
            topology.wait_until(lambda: orphan_files(db, self.running.media),
                                timeout=timeout, interval=0.1,
                                what="an application's files written before its rows")
            yield
        finally:
            with contextlib.suppress(psycopg.Error):
                db.close()  # rolls back, releasing the lock

    def supervise(self) -> None:
        """Start again a process that exited by itself, as systemd's Restart=on-failure or
        a PaaS does; noted in the figures. (A scenario that kills one starts it itself.)"""
        for process in (self.running.web, self.running.worker, self.running.beat):
            if process.popen is not None and process.popen.poll() is not None:
                self.restarts.append(f"{process.name} (exit {process.popen.returncode})")
                process.start()

    def settle(self, *, timeout: float) -> None:
        """Wait until every message to the loads' addresses is sent and received, while
        one citizen applies every two seconds (a live site, whose submissions queue the
        delivery task) and exited processes are started again, then QUIET_SECONDS for
        late duplicates."""
        with connect(self.running.database_url()) as db:
            queued = max((row[0] for row in outbox(db)), default=0)

            def undelivered(up_to: float) -> list[str]:
                mails = mails_by_address(self.running.smtp)
                return [status for pk, recipient, status in outbox(db)
                        if pk <= up_to and (status != "sent" or not mails[recipient])]

            def delivered(up_to: float) -> bool:
                self.supervise()
                return not undelivered(up_to)

            trickle = self.load(clients=1, pause=2.0).start()
            try:
                topology.wait_until(lambda: delivered(queued), timeout=timeout,
                                    interval=0.5, what="the backlog")
            except TimeoutError:
                self.problems.append(f"{len(undelivered(queued))} notification(s) not "
                                     f"delivered within {timeout:.0f} s (still "
                                     f"{dict(Counter(undelivered(queued)))})")
            trickle.stop()
            try:
                topology.wait_until(lambda: delivered(float("inf")), timeout=30,
                                    interval=0.5, what="the last notifications")
            except TimeoutError:
                self.problems.append(f"{len(undelivered(float('inf')))} later "
                                     f"notification(s) not delivered within 30 s")
        time.sleep(QUIET_SECONDS)

    def verdict(self) -> None:
        """The invariants: every acknowledged submission present exactly once, every
        notification delivered exactly once, no orphan files (after the daily sweep, when
        the fault left some) and no document without its file, and what the scenario
        expected on the way. Fails with every problem found."""
        figures = self.figures()
        _publish(figures)
        assert not figures.problems, "\n".join(figures.problems)

    def figures(self) -> Figures:
        running = self.running
        submissions = [s for load in self.loads for s in load.submissions]
        lookups = [lookup for load in self.loads for lookup in load.lookups]
        with connect(running.database_url()) as db:
            cases = cases_by_address(db)
            messages = outbox(db)
            left = orphan_files(db, running.media)
            if left:
                daily_sweep(running)
            orphans = orphan_files(db, running.media)
            missing = missing_files(db, running.media)
        mails = mails_by_address(running.smtp)
        per_address = Counter(recipient for _, recipient, _ in messages)
        figures = Figures(
            scenario=self.name, submissions=len(submissions), requests=len(self.answers),
            acknowledged=sum(bool(s.number) for s in submissions),
            lookups=len(lookups), lookups_found=sum(lookup.found for lookup in lookups),
            duplicates=sum(len(numbers) - 1 for numbers in cases.values()),
            notifications=len(messages), deliveries=sum(mails.values()),
            duplicate_deliveries=sum(max(0, mails[a] - n) for a, n in per_address.items()),
            undelivered=sum(max(0, n - mails[a]) for a, n in per_address.items()),
            aborted_deliveries=running.smtp.aborted,
            server_errors=dict(Counter(a.outcome for a in self.answers if a.server_error)),
            orphans_left=len(left), orphan_files=len(orphans), restarts=list(self.restarts),
            seconds=round(time.monotonic() - self.started, 1), problems=list(self.problems))
        for submission in submissions:
            numbers = cases.get(submission.address, [])
            if submission.number and numbers != [submission.number]:
                figures.problems.append(f"acknowledged {submission.number} for "
                                        f"{submission.address}, stored as {numbers}")
        if figures.lookups_found < figures.lookups:
            figures.problems.append(f"{figures.lookups - figures.lookups_found} of "
                                    f"{figures.lookups} lookup(s) did not show the record")
        if figures.duplicates:
            figures.problems.append(f"{figures.duplicates} duplicate case(s)")
        if figures.duplicate_deliveries or figures.undelivered:
            figures.problems.append(f"{figures.duplicate_deliveries} duplicate and "
                                    f"{figures.undelivered} missing e-mail(s) of "
                                    f"{figures.notifications} notifications")
        strangers = set(mails) - set(per_address)
        if strangers:
            figures.problems.append(f"e-mail to {len(strangers)} address(es) with no message")
        if orphans:
            figures.problems.append(f"{len(orphans)} orphan file(s) in MEDIA_ROOT after the "
                                    f"daily sweep: {orphans[:5]}")
        if missing:
            figures.problems.append(f"{len(missing)} stored document(s) missing their file: "
                                    f"{missing[:5]}")
        if not figures.acknowledged:
            figures.problems.append("no submission was acknowledged")
        return figures


def _publish(figures: Figures) -> None:
    line = json.dumps(asdict(figures), ensure_ascii=False)
    print(f"fault figures: {line}")
    if FIGURES_FILE:
        with open(FIGURES_FILE, "a", encoding="utf-8") as out:
            out.write(line + "\n")
