"""The API's inputs of the steps on an appointment (`minfu.appointments.steps`); the
page's forms are in forms.py. Each carries the `expected_version` the client read."""

from __future__ import annotations

from rest_framework import serializers


class AppointmentVersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=0)


class ApproveHomeVisitInput(AppointmentVersionInput):
    starts_at = serializers.DateTimeField()


class DeclineHomeVisitInput(AppointmentVersionInput):
    reason = serializers.CharField(max_length=1000)
