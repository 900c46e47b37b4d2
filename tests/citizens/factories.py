"""Citizen accounts for tests, made like real ones, and a browser signed in as one."""

import secrets

from minfu.citizens.models import Citizen
from minfu.citizens.session import SESSION_CITIZEN, SESSION_STAMP


def citizen(**overrides) -> Citizen:
    values = {"display_name": "王小明", "email": f"ming{secrets.token_hex(3)}@example.tw",
              "email_verified": True, "session_stamp": secrets.token_hex(16)}
    values.update(overrides)
    return Citizen.objects.create(**values)


def sign_in(client, account: Citizen):
    """The test client's browser signed in as `account` (as session_sign_in leaves it)."""
    session = client.session
    session[SESSION_CITIZEN] = account.pk
    session[SESSION_STAMP] = account.session_stamp
    session.save()
    return client
