"""Action names of the kernel's own audit events (core.audit)."""

from minfu.core.audit import register_actions

RETENTION_RULE_SAVED = "retention_rule.saved"
LEGAL_HOLD_PLACED = "legal_hold.placed"
LEGAL_HOLD_RELEASED = "legal_hold.released"

ACTIONS = register_actions(RETENTION_RULE_SAVED, LEGAL_HOLD_PLACED, LEGAL_HOLD_RELEASED)
