"""Forms of proposals: the citizen's proposal, the staff steps (each carries the
proposal's `version` as read, so a stale form is refused) and the API's step inputs."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from minfu.participation import proposals_rules as rules
from minfu.participation.models.proposals import ResponseOutcome, ScreeningReason

REJECT_REASONS = [(value, label) for value, label in ScreeningReason.choices
                  if value != ScreeningReason.DUPLICATE]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    service_name = forms.CharField(label=_("Service concerned"), max_length=200,
                                   required=False,
                                   help_text=_("The service you want improved, if any."))
    text = forms.CharField(label=_("Your proposal"), widget=forms.Textarea(attrs={"rows": 8}),
                           min_length=20, max_length=5000,
                           help_text=_("What should change, and why."))
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)


# ----- staff steps -------------------------------------------------------------------

class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class OpenSigningForm(VersionForm):
    threshold = forms.IntegerField(label=_("Co-signers needed"), min_value=1,
                                   max_value=rules.MAX_THRESHOLD,
                                   initial=rules.DEFAULT_THRESHOLD,
                                   help_text=_("5,000 as on the national platform, or fewer."))
    signing_days = forms.IntegerField(label=_("Co-signing period (days)"), min_value=1,
                                      max_value=rules.MAX_SIGNING_DAYS,
                                      initial=rules.DEFAULT_SIGNING_DAYS)


class RejectForm(VersionForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=REJECT_REASONS)
    note = forms.CharField(label=_("Explanation for the proposer"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class MergeForm(VersionForm):
    into_number = forms.CharField(label=_("Number of the proposal it repeats"), max_length=40)
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(VersionForm):
    reason = forms.CharField(label=_("Reason (shown publicly)"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class RespondForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ResponseOutcome.choices)
    text = forms.CharField(label=_("Response (published)"),
                           widget=forms.Textarea(attrs={"rows": 8}))


# ----- API inputs -----------------------------------------------------------------------

class VersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=0)


class OpenSigningInput(VersionInput):
    threshold = serializers.IntegerField(min_value=1, max_value=rules.MAX_THRESHOLD,
                                         default=rules.DEFAULT_THRESHOLD)
    signing_days = serializers.IntegerField(min_value=1, max_value=rules.MAX_SIGNING_DAYS,
                                            default=rules.DEFAULT_SIGNING_DAYS)


class RejectInput(VersionInput):
    reason = serializers.ChoiceField(choices=REJECT_REASONS)
    note = serializers.CharField(required=False, default="", allow_blank=True)


class MergeInput(VersionInput):
    into = serializers.IntegerField(help_text="Id of the proposal it repeats.")
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ExtendInput(VersionInput):
    reason = serializers.CharField()


class RespondInput(VersionInput):
    outcome = serializers.ChoiceField(choices=ResponseOutcome.choices)
    text = serializers.CharField()
