"""How many petitions anonymous clients may hand in (records.intake_limits): per client
address, `MINFU_PETITION_RATE` (default 30 an hour), and per e-mail address or telephone
number named, `MINFU_PETITION_CONTACT_RATE` (default 5 a day), since each petition sends
a receipt there; a petition with files also counts against the kernel's `UPLOADS`. Staff
recording a petition are not limited. See docs/voice.md."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from minfu.records import intake_limits
from minfu.records.intake_limits import Limit
from minfu.voice.services import Petitioner

PETITIONS = Limit("petitions", "MINFU_PETITION_RATE", "30/3600",
                  _("Too many messages were sent from your connection. Try again later."),
                  "too_many_submissions")
CONTACTS = Limit("petition-contacts", "MINFU_PETITION_CONTACT_RATE", "5/86400",
                 _("Too many messages recently gave this e-mail address or telephone number "
                   "for replies. Try again later, or call or visit the agency."),
                 "too_many_for_contact")


def petition_client_check(client: str | None, *, with_files: bool = False) -> None:
    """Before the form is read: one more petition from this client address."""
    intake_limits.limit_check(PETITIONS, client)
    if with_files:
        intake_limits.limit_check(intake_limits.UPLOADS, client)


def petition_contacts_check(petitioner: Petitioner) -> None:
    """Once the form is valid: one more petition naming these contact addresses."""
    intake_limits.contacts_check(CONTACTS, email=petitioner.email, phone=petitioner.phone)
