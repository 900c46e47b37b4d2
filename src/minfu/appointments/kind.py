"""Appointments as a kind of citizen record (records.kinds): numbers KL-A1140305-0001."""

from django.urls import reverse

from minfu.appointments import actions
from minfu.appointments.models import AppointmentState
from minfu.records.kinds import RecordKind, register

APPOINTMENT = register(RecordKind(
    code="appointment", model_label="appointments.Appointment", letter="A",
    access_purpose=b"minfu.appointments.access-code.v1",
    progress_url=lambda appointment: reverse("appointments:public-detail",
                                             kwargs={"pk": appointment.pk}),
    states=AppointmentState, timeline_labels=actions.TIMELINE_LABELS,
    public_actions=actions.PUBLIC_ACTIONS,
))
