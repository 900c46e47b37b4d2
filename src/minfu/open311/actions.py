"""The action names of the Open311 server (audit events), registered once."""

from minfu.core.audit import register_actions

SERVICE_SAVED = "georeport_service.saved"
API_KEY_ISSUED = "georeport_key.issued"
API_KEY_REVOKED = "georeport_key.revoked"
REQUEST_RECEIVED = "georeport_request.received"

ACTIONS = register_actions(SERVICE_SAVED, API_KEY_ISSUED, API_KEY_REVOKED, REQUEST_RECEIVED)
