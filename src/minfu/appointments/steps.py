"""The steps staff take on an appointment, declared once: the staff page offers and
performs them (views/staff.py), the API has one `POST .../<step>/` each (api.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from minfu.appointments import selectors, services, step_inputs, workflow
from minfu.appointments.forms import (
    ApproveHomeVisitForm,
    DeclineHomeVisitForm,
    VersionedActionForm,
)
from minfu.appointments.kind import APPOINTMENT
from minfu.appointments.models import AppointmentKind
from minfu.records.steps import RecordSteps, Step, register

Action = workflow.Action


def _at_counter(appointment, user) -> bool:
    return appointment.kind == AppointmentKind.COUNTER


STEPS = register(RecordSteps(
    kind=APPOINTMENT.code, record_argument="appointment", machine=workflow.MACHINE,
    may=lambda user, action, appointment: selectors.may(user, action, appointment),
    get_for=selectors.appointment_get_for, list_for=selectors.appointments_for, steps=(
        Step("check_in", _("Check in"), VersionedActionForm, selectors.HANDLE,
             services.appointment_check_in, _("Checked in: the citizen waits to be called."),
             api_input=step_inputs.AppointmentVersionInput, workflow_step=Action.CHECK_IN,
             offered_when=_at_counter,
             description="The citizen arrived at the counter; the wait starts."),
        Step("serve", _("Call to the counter and start intake"), VersionedActionForm,
             selectors.HANDLE, services.appointment_serve, _("Intake started."),
             api_input=step_inputs.AppointmentVersionInput, workflow_step=Action.SERVE,
             offered_when=_at_counter,
             help=_("Opens the counter intake of the service with the citizen's name and "
                    "contact filled in."),
             description="Call the citizen; the counter intake of the service starts."),
        Step("no_show", _("Mark as not come"), VersionedActionForm, selectors.HANDLE,
             services.appointment_no_show, _("Marked as not come."),
             api_input=step_inputs.AppointmentVersionInput, workflow_step=Action.NO_SHOW,
             description="The citizen did not come (once the time has begun).",
             usual=False),
        Step("approve", _("Approve the home visit"), ApproveHomeVisitForm,
             selectors.APPROVE_HOME_VISIT, services.home_visit_approve,
             _("Home visit approved; the citizen is told."),
             api_input=step_inputs.ApproveHomeVisitInput, workflow_step=Action.APPROVE,
             description="Approve a home visit and set its time; notifies the citizen."),
        Step("decline", _("Decline the home visit"), DeclineHomeVisitForm,
             selectors.APPROVE_HOME_VISIT, services.home_visit_decline,
             _("Home visit declined; the citizen is told."),
             api_input=step_inputs.DeclineHomeVisitInput, workflow_step=Action.DECLINE,
             description="Decline a home visit with the reason; notifies the citizen.",
             usual=False),
    )))
