"""The action names of appointments and service points (record events and audit
events), registered once, with how each reads on a timeline and which the citizen sees."""

from django.utils.translation import gettext_lazy as _

from minfu.core.audit import register_actions

BOOKED = "appointment.booked"
HOME_VISIT_REQUESTED = "appointment.home_visit.requested"
HOME_VISIT_APPROVED = "appointment.home_visit.approved"
HOME_VISIT_DECLINED = "appointment.home_visit.declined"
HOME_VISIT_ASKED_AGAIN = "appointment.home_visit_day.changed"
RESCHEDULED = "appointment.rescheduled"
CANCELLED = "appointment.cancelled"
DISPLACED = "appointment.displaced"
REMINDED = "appointment.reminded"
CHECKED_IN = "appointment.arrival.recorded"
INTAKE_STARTED = "appointment.intake.started"
NO_SHOW_MARKED = "appointment.no_show.marked"
TIME_WITHDRAWN = "appointment.time.withdrawn"
SERVICE_POINT_SAVED = "service_point.saved"
HOURS_CHANGED = "service_point.hours.changed"
SPECIAL_DAY_ADDED = "service_point.special_day.added"
SPECIAL_DAY_REMOVED = "service_point.special_day.removed"
OFFER_SAVED = "service_point.offer.saved"

ACTIONS = register_actions(
    BOOKED, HOME_VISIT_REQUESTED, HOME_VISIT_APPROVED, HOME_VISIT_DECLINED,
    HOME_VISIT_ASKED_AGAIN, RESCHEDULED, CANCELLED, DISPLACED, REMINDED, CHECKED_IN, INTAKE_STARTED, NO_SHOW_MARKED,
    TIME_WITHDRAWN, SERVICE_POINT_SAVED, HOURS_CHANGED, SPECIAL_DAY_ADDED,
    SPECIAL_DAY_REMOVED, OFFER_SAVED,
)

PUBLIC_ACTIONS = frozenset({
    BOOKED, HOME_VISIT_REQUESTED, HOME_VISIT_APPROVED, HOME_VISIT_DECLINED,
    HOME_VISIT_ASKED_AGAIN, RESCHEDULED, CANCELLED, DISPLACED, TIME_WITHDRAWN, CHECKED_IN, INTAKE_STARTED, NO_SHOW_MARKED,
})

TIMELINE_LABELS = {
    BOOKED: _("Appointment booked"),
    HOME_VISIT_REQUESTED: _("Home visit requested"),
    HOME_VISIT_ASKED_AGAIN: _("Another day asked for the home visit"),
    HOME_VISIT_APPROVED: _("Home visit approved"),
    HOME_VISIT_DECLINED: _("Home visit declined"),
    RESCHEDULED: _("Appointment moved"),
    CANCELLED: _("Appointment cancelled"),
    DISPLACED: _("Offices closed: a new time is needed"),
    TIME_WITHDRAWN: _("The service point's hours changed: a new time is needed"),
    REMINDED: _("Reminder sent"),
    CHECKED_IN: _("Checked in at the counter"),
    INTAKE_STARTED: _("Called to the counter"),
    NO_SHOW_MARKED: _("Marked as not come"),
}
