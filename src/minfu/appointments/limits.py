"""How many appointments anonymous clients may book or ask for (records.intake_limits):
per client address, `MINFU_APPOINTMENT_RATE` (default 20 an hour), and per e-mail
address or telephone number named, `MINFU_APPOINTMENT_CONTACT_RATE` (default 5 a day),
since each sends a message there. See docs/appointments.md."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from minfu.records import intake_limits
from minfu.records.intake_limits import Limit

BOOKINGS = Limit("appointments", "MINFU_APPOINTMENT_RATE", "20/3600",
                 _("Too many appointments were booked from your connection. Try again "
                   "later."), "too_many_submissions")
CONTACTS = Limit("appointment-contacts", "MINFU_APPOINTMENT_CONTACT_RATE", "5/86400",
                 _("Too many appointments recently gave this e-mail address or telephone "
                   "number. Try again later, or call the service point."),
                 "too_many_for_contact")


def booking_checks(client: str | None, *, email: str = "", phone: str = "") -> None:
    intake_limits.limit_check(BOOKINGS, client)
    intake_limits.contacts_check(CONTACTS, email=email, phone=phone)
