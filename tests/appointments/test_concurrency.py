"""The last place of a slot goes to one citizen, whoever races for it (PostgreSQL: SQLite
serialises writers, so the race needs a database that runs them at once)."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection

from minfu.appointments.models import Appointment, Slot
from minfu.core.errors import Conflict
from tests.appointments.factories import at, book, contact, point

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_overfill_a_slot():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    with time_machine.travel(at(dt.date(2025, 2, 5), 9), tick=False):
        offer = point(capacity=3)
        starts_at = at(dt.date(2025, 2, 10), 9)
        booked: list[int] = []
        refused: list[str] = []
        errors: list[BaseException] = []
        start = threading.Barrier(WRITERS)

        def write(n: int):
            try:
                start.wait()
                result = book(offer, starts_at, contact=contact(email=f"c{n}@example.tw"))
                booked.append(result.appointment.pk)
            except Conflict as error:
                refused.append(error.code)
            except BaseException as error:  # noqa: BLE001 (reported below)
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert len(booked) == 3
    assert refused == ["slot_full"] * (WRITERS - 3)
    assert Slot.objects.get().booked == 3
    assert Appointment.objects.count() == 3
