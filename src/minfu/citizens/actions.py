"""The audit action names of citizen accounts (core.audit)."""

from minfu.core.audit import register_actions

CITIZEN_CREATED = "citizen.created"
CITIZEN_SIGNED_IN = "citizen.authenticated"
CITIZEN_PREFERENCES_SAVED = "citizen.preferences.saved"
CITIZEN_DATA_EXPORTED = "citizen.data.exported"
CITIZEN_CLOSED = "citizen.closed"
SIGN_IN_LINK_SENT = "sign_in_link.sent"
RECORD_LINK_CREATED = "record_link.created"

ACTIONS = register_actions(CITIZEN_CREATED, CITIZEN_SIGNED_IN, CITIZEN_PREFERENCES_SAVED,
                           CITIZEN_DATA_EXPORTED, CITIZEN_CLOSED, SIGN_IN_LINK_SENT,
                           RECORD_LINK_CREATED)
