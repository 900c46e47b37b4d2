"""The audit action names of organisations, units, memberships and staff sign-in,
registered once."""

from minfu.core.audit import register_actions

ORGANISATION_SAVED = "organisation.saved"
UNIT_SAVED = "unit.saved"
MEMBERSHIP_GRANTED = "membership.granted"
MEMBERSHIP_REVOKED = "membership.revoked"
TOTP_DEVICE_STARTED = "totp_device.started"
TOTP_DEVICE_CONFIRMED = "totp_device.confirmed"
TOTP_DEVICE_RESET = "totp_device.reset"

ACTIONS = register_actions(
    ORGANISATION_SAVED, UNIT_SAVED, MEMBERSHIP_GRANTED, MEMBERSHIP_REVOKED,
    TOTP_DEVICE_STARTED, TOTP_DEVICE_CONFIRMED, TOTP_DEVICE_RESET,
)
