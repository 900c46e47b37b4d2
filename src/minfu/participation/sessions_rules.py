"""The rules of co-design session registration that need no database. Pure; tested with
hypothesis.

Places go in order of registration: while places are left a registration is confirmed,
after that it waits. A place given back (a cancellation, more places) goes to the first
on the waiting list. Reminders go out on the working day before: on a working day, for
every session after it up to and including the next working day (a Friday reminds of
Saturday's, Sunday's and Monday's sessions)."""

from __future__ import annotations

import datetime as dt


def places_left(*, capacity: int, confirmed: int) -> int:
    return max(0, capacity - confirmed)


def admitted(*, capacity: int, confirmed: int) -> bool:
    """Whether a new registration gets a place (else it joins the waiting list)."""
    return places_left(capacity=capacity, confirmed=confirmed) > 0


def promotions(*, capacity: int, confirmed: int, waiting: int) -> int:
    """How many of the waiting list (from its head) get a place now."""
    return min(waiting, places_left(capacity=capacity, confirmed=confirmed))


def reminder_due(*, session_day: dt.date, today: dt.date, next_working_day: dt.date) -> bool:
    """Whether today's reminder run reminds of a session on `session_day`."""
    return today < session_day <= next_working_day
