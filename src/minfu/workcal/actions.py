"""The audit action names of the office calendar and closures, registered once."""

from minfu.core.audit import register_actions

OFFICE_CALENDAR_IMPORTED = "office_calendar.imported"
CLOSURE_CREATED = "closure.created"
CLOSURE_UPDATED = "closure.updated"
CLOSURE_DELETED = "closure.deleted"

ACTIONS = register_actions(
    OFFICE_CALENDAR_IMPORTED, CLOSURE_CREATED, CLOSURE_UPDATED, CLOSURE_DELETED,
)
