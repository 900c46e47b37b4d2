"""The demo citizen; `manage.py load_demo` calls `load()` after the applications and
petitions, and it is safe to run again.

林淑芬 (shufen.lin@example.tw) signs in through the demo identity provider that `make run`
starts (oidc-provider-mock at DEMO_ISSUER, subject DEMO_SUBJECT: choose her on its page)
or with an e-mail link to her address (read it under Notifications). Her account holds
her application from the applications' demo and a few demo petitions. Records are found
through the kinds of the record kernel, so this app imports neither cases nor voice."""

from __future__ import annotations

import secrets

from minfu.citizens.demo_identity import DEMO_EMAIL, DEMO_ISSUER, DEMO_NAME, DEMO_SUBJECT
from minfu.citizens.models import Citizen, CitizenIdentity, RecordLink
from minfu.records.kinds import kind_for_code

# Demo petitions (voice.demo writes demo<n>@example.tw) that are hers too.
DEMO_PETITION_EMAILS = ("demo1@example.tw", "demo2@example.tw")


def load() -> None:
    if Citizen.objects.filter(identities__issuer=DEMO_ISSUER,
                              identities__subject=DEMO_SUBJECT).exists():
        return
    citizen = Citizen.objects.create(
        display_name=DEMO_NAME, email=DEMO_EMAIL, email_verified=True, phone="0912345678",
        session_stamp=secrets.token_hex(16))
    CitizenIdentity.objects.create(citizen=citizen, issuer=DEMO_ISSUER, subject=DEMO_SUBJECT)
    for code, emails in (("case", (DEMO_EMAIL,)), ("petition", DEMO_PETITION_EMAILS)):
        kind = kind_for_code(code)
        if kind is None:
            continue
        for record_id in (kind.model.objects.filter(contact_email__in=emails)
                          .order_by("-pk").values_list("pk", flat=True)[:3]):
            RecordLink.objects.get_or_create(kind=code, record_id=record_id, defaults={
                "citizen": citizen, "how": RecordLink.How.FILED})

