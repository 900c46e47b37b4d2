"""End to end on the production topology (issue 3): a citizen applies over HTTP to
gunicorn and the Celery worker delivers the receipt e-mail over SMTP; with the worker
stopped the second receipt waits in the outbox and the broker, and arrives, once, when
the worker is back. Processes and fixtures: tests/deploy/conftest.py."""

from __future__ import annotations

import time

import pytest

from tests.cases.factories import VALID_NATIONAL_ID
from tests.deploy import topology

pytestmark = [pytest.mark.e2e]

MAIL_TIMEOUT = 60
QUIET_SECONDS = 4


def apply_online(browser: topology.Browser, email: str) -> str:
    """GET the form, POST it with its CSRF and form tokens, follow to the receipt; the
    case number."""
    form = browser.get(topology.APPLY_PATH)
    assert form.status == 200, form.body[:2000]
    fields, files = topology.application(form.body, email=email,
                                         national_id=VALID_NATIONAL_ID)
    sent = browser.post_multipart(topology.APPLY_PATH, fields, files)
    assert sent.status == 302, f"{sent.status}: {sent.body[:3000]}"
    number = topology.case_number(sent.location)
    assert number, sent.location
    receipt = browser.get(sent.location.removeprefix(browser.origin))
    assert receipt.status == 200
    assert number in receipt.body
    return number


def wait_for_mail(smtp: topology.SmtpSink, address: str) -> list[topology.ReceivedMail]:
    return topology.wait_until(lambda: smtp.to(address), timeout=MAIL_TIMEOUT, interval=0.5,
                               what=f"an e-mail to {address}")


def test_receipt_mail_is_delivered_by_the_worker_also_after_it_was_down(production_topology):
    running = production_topology
    first_address, second_address = topology.unique_address(), topology.unique_address()

    first_number = apply_online(running.browser(), first_address)
    first_mail = wait_for_mail(running.smtp, first_address)
    assert first_number in first_mail[0].body

    # The worker stops (warm shutdown); the web keeps taking applications.
    running.worker.stop()
    assert not running.worker.running
    second_number = apply_online(running.browser(), second_address)
    time.sleep(QUIET_SECONDS)
    assert running.smtp.to(second_address) == [], "delivered with no worker running"

    running.worker.start()
    second_mail = wait_for_mail(running.smtp, second_address)
    assert second_number in second_mail[0].body
    assert second_number != first_number

    # Nothing twice: give a late duplicate the time to show up.
    time.sleep(2)
    assert len(running.smtp.to(first_address)) == 1
    assert len(running.smtp.to(second_address)) == 1
