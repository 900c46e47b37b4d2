"""The API's inputs of the steps on a petition (`minfu.voice.steps`); the page's forms
are in forms_staff.py. Each carries the `expected_version` the client read."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from minfu.core.errors import NotFound
from minfu.org.models import Organisation
from minfu.voice.models import NotHandledGround


class VoiceVersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=0)


class VoiceExtendInput(VoiceVersionInput):
    value = serializers.IntegerField(min_value=1, max_value=60)
    reason = serializers.CharField()


class VoiceNotHandledInput(VoiceVersionInput):
    ground = serializers.ChoiceField(choices=NotHandledGround.choices)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class VoiceMergeInput(VoiceVersionInput):
    into = serializers.IntegerField(help_text="Id of the main case.")


class VoiceTransferInput(VoiceVersionInput):
    to_organisation = serializers.CharField(required=False, default="", allow_blank=True,
                                            help_text="Code of an agency in the system.")
    to_name = serializers.CharField(required=False, default="", allow_blank=True)
    reason = serializers.CharField()

    def step_arguments(self) -> dict:
        data = self.validated_data
        to_organisation = None
        if data["to_organisation"]:
            to_organisation = Organisation.objects.filter(
                code=data["to_organisation"].upper()).first()
            if to_organisation is None:
                raise NotFound(_("No such agency."))
        return {"to_organisation": to_organisation, "to_name": data["to_name"],
                "reason": data["reason"]}


class VoiceReplyInput(VoiceVersionInput):
    text = serializers.CharField()
    legal_basis = serializers.CharField(required=False, default="", allow_blank=True)
    remedies = serializers.CharField(required=False, default="", allow_blank=True)
    publish = serializers.BooleanField(default=False)


class VoiceNoteInput(VoiceVersionInput):
    note = serializers.CharField()
