"""Forms of the officers' workbench. Every form that changes a case carries the case's
`version` as read, so a stale form is refused (Conflict) rather than overwriting."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from minfu.cases.models import CaseState
from minfu.cases.workflow import Outcome
from minfu.catalog.models import ApplicantKind, Channel
from minfu.core.forms import RocDateField

OUTCOME_LABELS = {
    Outcome.APPROVED: _("Approved"),
    Outcome.PARTLY_APPROVED: _("Partly approved"),
    Outcome.REJECTED: _("Rejected"),
}


# ----- the queue -----------------------------------------------------------------------

class QueueFilterForm(forms.Form):
    service_type = forms.ModelChoiceField(queryset=None, required=False,
                                          label=_("Service"), empty_label=_("All services"))
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("All states")), *CaseState.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("All channels")), *Channel.choices])

    def __init__(self, *args, service_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types


class BulkAssignForm(forms.Form):
    cases = forms.ModelMultipleChoiceField(queryset=None, label=_("Applications"),
                                           widget=forms.CheckboxSelectMultiple)
    officer = forms.ModelChoiceField(queryset=None, label=_("Assign to officer"))

    def __init__(self, *args, cases, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = (
            lambda user: user.get_full_name() or user.get_username())


# ----- actions on one case -------------------------------------------------------------

class VersionedActionForm(forms.Form):
    """The case's version as the officer read it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DeficiencyNoticeForm(VersionedActionForm):
    items = forms.MultipleChoiceField(
        label=_("Missing or faulty items"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every item at once: the applicant is told everything in one notice."))
    note = forms.CharField(label=_("General note to the applicant"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    supplement_due_date = RocDateField(label=_("Supply by"))
    reason_for_repeat = forms.CharField(
        label=_("Reason for another notice"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required from the second notice: why the first did not list everything."))

    def __init__(self, *args, checklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = list(checklist)
        self.fields["items"].choices = [(str(doc.pk), doc.name) for doc in self.checklist]
        for doc in self.checklist:
            self.fields[f"item_note_{doc.pk}"] = forms.CharField(
                label=_("Note on “%(item)s”") % {"item": doc.name}, required=False,
                max_length=500)

    def item_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["items"]]

    def item_notes(self) -> dict[int, str]:
        return {doc.pk: self.cleaned_data.get(f"item_note_{doc.pk}", "")
                for doc in self.checklist}


class PauseStartForm(VersionedActionForm):
    reason = forms.CharField(label=_("What the application is waiting for"),
                             widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("Legal basis for stopping the clock"),
                                  max_length=500)


class ExtensionForm(VersionedActionForm):
    reason = forms.CharField(label=_("Reason the applicant will be told"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    extra_value = forms.IntegerField(label=_("Extra period (in the unit of the period)"),
                                     min_value=1)


class DecideForm(VersionedActionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect,
                                choices=list(OUTCOME_LABELS.items()))
    public_note_zh = forms.CharField(label=_("Note to the applicant (Chinese)"),
                                     required=False, widget=forms.Textarea(attrs={"rows": 3}))
    public_note_en = forms.CharField(label=_("Note to the applicant (English)"),
                                     required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TransferForm(VersionedActionForm):
    to_organisation_name = forms.CharField(label=_("Competent authority"), max_length=200)
    reason = forms.CharField(label=_("Reason for the transfer"),
                             widget=forms.Textarea(attrs={"rows": 2}))


# ----- counter intake ------------------------------------------------------------------

class CounterIntakeForm(forms.Form):
    """An application keyed at the counter. `request_key` makes a double submission
    return the first case instead of a second one."""

    request_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    service = forms.ModelChoiceField(queryset=None, label=_("Service"))
    on_behalf_of_unit = forms.ModelChoiceField(
        queryset=None, label=_("Receiving unit"), required=False,
        empty_label=_("The service's responsible unit"),
        help_text=_("Choose another unit when you receive the application on its behalf."))
    received_on = RocDateField(label=_("Received on"), required=False,
                               help_text=_("Leave empty for now."))
    applicant_kind = forms.ChoiceField(label=_("Applicant kind"), choices=ApplicantKind.choices,
                                       widget=forms.RadioSelect,
                                       initial=ApplicantKind.PERSON)
    applicant_name = forms.CharField(label=_("Applicant name"), max_length=200)
    applicant_id_number = forms.CharField(
        label=_("National ID, resident certificate or business number"), max_length=10)
    contact_email = forms.EmailField(label=_("Email"), required=False)
    contact_phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language for notices"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE)
    consent = forms.BooleanField(
        label=_("The applicant agrees to the use of their personal data for this application"))

    def __init__(self, *args, services, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = (
            lambda version: f"{version.service_type.code} {version.name}")
        self.fields["on_behalf_of_unit"].queryset = units
        self.fields["on_behalf_of_unit"].label_from_instance = (
            lambda unit: f"{unit.organisation.name} · {unit.name}")
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4().hex)
