"""The action names of the Open311 server (audit events), registered once."""

from minfu.core.audit import register_actions

SERVICE_SAVED = "open311_service.saved"
API_KEY_ISSUED = "open311_key.issued"
API_KEY_REVOKED = "open311_key.revoked"
REQUEST_RECEIVED = "open311_request.received"

ACTIONS = register_actions(SERVICE_SAVED, API_KEY_ISSUED, API_KEY_REVOKED, REQUEST_RECEIVED)
