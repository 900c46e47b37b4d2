"""Forms of the officers' workbench. Every form that changes a case carries the case's
`version` as read, so a stale form is refused (Conflict) rather than overwriting."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from minfu.cases.forms_public import QuestionFieldsMixin, upload_items
from minfu.cases.models import CaseState, FetchMethod
from minfu.cases.selectors import OPEN_FILTER
from minfu.cases.workflow import Outcome
from minfu.catalog.models import ApplicantKind, Channel, ServiceTypeVersion
from minfu.core.forms import RocDateField, ShortModelChoiceField, ShortModelMultipleChoiceField
from minfu.records.due import DUE_CHOICES
from minfu.records.forms import AssistanceFields
from minfu.records.uploads import CheckedFileField, IncomingFile

OUTCOME_LABELS = {
    Outcome.APPROVED: _("Approved"),
    Outcome.PARTLY_APPROVED: _("Partly approved"),
    Outcome.REJECTED: _("Rejected"),
}


# ----- the queue -----------------------------------------------------------------------

class QueueFilterForm(forms.Form):
    service_type = ShortModelChoiceField(queryset=None, required=False,
                                         label=_("Service"), empty_label=_("All services"))
    state = forms.ChoiceField(label=_("State"), required=False, initial=OPEN_FILTER,
                              choices=[(OPEN_FILTER, _("Open (waiting for a decision)")),
                                       ("", _("All states")), *CaseState.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=[("", _("All channels")), *Channel.choices])
    due = forms.ChoiceField(label=_("Due"), required=False, choices=DUE_CHOICES)

    def __init__(self, *args, service_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types


class BulkAssignForm(forms.Form):
    cases = ShortModelMultipleChoiceField(queryset=None, label=_("Applications"),
                                          widget=forms.CheckboxSelectMultiple)
    officer = ShortModelChoiceField(queryset=None, label=_("Assign to officer"))

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

    def step_arguments(self) -> dict:
        data = self.cleaned_data
        return {"items": self.item_ids(), "notes": self.item_notes(), "note": data["note"],
                "supplement_due_date": data["supplement_due_date"],
                "reason_for_repeat": data["reason_for_repeat"]}


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

    def __init__(self, *args, outcomes=None, **kwargs):
        """`outcomes`: those the case's state allows (only a refusal while documents are
        missing); every outcome when None."""
        super().__init__(*args, **kwargs)
        if outcomes is not None:
            self.fields["outcome"].choices = [choice for choice in OUTCOME_LABELS.items()
                                              if choice[0] in outcomes]


class FetchedCheckForm(VersionedActionForm):
    """How the agency obtained one document it fetches itself (免附)."""

    item = forms.TypedChoiceField(label=_("Document"), coerce=int)
    method = forms.ChoiceField(label=_("How it was checked"), choices=FetchMethod.choices,
                               widget=forms.RadioSelect)
    checked_on = RocDateField(label=_("Checked on"))
    note = forms.CharField(label=_("Reference (optional)"), required=False, max_length=500,
                           help_text=_("E.g. the transcript's number or the query's "
                                       "reference."))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(item.pk, item.name) for item in items]


class TransferForm(VersionedActionForm):
    to_organisation_name = forms.CharField(label=_("Competent authority"), max_length=200)
    reason = forms.CharField(label=_("Reason for the transfer"),
                             widget=forms.Textarea(attrs={"rows": 2}))


# ----- counter intake ------------------------------------------------------------------

class PaperChecklistMixin:
    """Per checklist item: an optional scan and a box for an original checked on paper
    at the counter (收件核對). Scans are checked by content like online uploads."""

    def add_checklist_fields(self, items) -> None:
        self.checklist_items = list(items)
        self.document_fields, self.paper_fields = [], []
        for item in self.checklist_items:
            document, paper = f"document_{item.pk}", f"paper_{item.pk}"
            self.fields[document] = CheckedFileField(
                label=_("Scan of “%(item)s”") % {"item": item.name}, required=False,
                required_document_id=item.pk)
            self.fields[paper] = forms.BooleanField(
                label=_("“%(item)s” seen on paper (original checked, no scan)")
                % {"item": item.name}, required=False)
            self.document_fields.append(document)
            self.paper_fields.append(paper)

    def documents(self) -> list[IncomingFile]:
        return [self.cleaned_data[name] for name in self.document_fields
                if self.cleaned_data.get(name)]

    def paper_items(self) -> list[int]:
        return [item.pk for item, name in zip(self.checklist_items, self.paper_fields,
                                              strict=True) if self.cleaned_data.get(name)]

    @property
    def has_file_fields(self) -> bool:
        return bool(self.document_fields)


class ServiceChoiceForm(forms.Form):
    """Step one of counter intake (a GET form): the service decides which questions and
    which checklist the intake form shows."""

    service = ShortModelChoiceField(queryset=None, label=_("Service"))

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = (
            lambda version: f"{version.service_type.code} {version.name}")


class CounterIntakeForm(QuestionFieldsMixin, PaperChecklistMixin, AssistanceFields,
                        forms.Form):
    """An application keyed at the counter. `request_key` makes a double submission
    return the first case instead of a second one. With `version` (the service chosen)
    the form also asks the service's own questions and takes the checklist on paper."""

    request_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    # The service whose questions and checklist the page showed.
    shown_for = forms.IntegerField(widget=forms.HiddenInput, required=False)
    service = ShortModelChoiceField(queryset=None, label=_("Service"))
    on_behalf_of_unit = ShortModelChoiceField(
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

    def __init__(self, *args, services, units, version: ServiceTypeVersion | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = (
            lambda version: f"{version.service_type.code} {version.name}")
        self.fields["on_behalf_of_unit"].queryset = units
        self.fields["on_behalf_of_unit"].label_from_instance = (
            lambda unit: f"{unit.organisation.name} · {unit.name}")
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4().hex)
            if version is not None:
                self.initial.setdefault("service", version.pk)
                self.initial.setdefault("shown_for", version.pk)
        self.add_question_fields(version)
        self.add_checklist_fields(upload_items(version) if version is not None else ())
        self.order_assistance_before("consent")

    def clean(self):
        cleaned = super().clean()
        chosen, shown_for = cleaned.get("service"), cleaned.get("shown_for")
        if chosen is not None and shown_for is not None and shown_for != chosen.pk:
            # The page showed another service's questions: show this one's and ask again.
            self.data = self.data.copy()
            self.data["shown_for"] = str(chosen.pk)
            self.add_error("service", _("The service changed: answer its questions and check "
                                        "its documents below, then receive the application."))
        self.clean_questions()
        self.clean_assistance()
        return cleaned


class PaperSupplementForm(PaperChecklistMixin, VersionedActionForm):
    """The applicant brought missing items to the counter: per item of the open notice,
    a scan or the box for an original seen on paper."""

    def __init__(self, *args, notice_items=(), checklist=(), **kwargs):
        super().__init__(*args, **kwargs)
        asked = {item.get("document_id") for item in notice_items}
        self.add_checklist_fields([item for item in checklist if item.pk in asked])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.documents() and not self.paper_items():
            raise forms.ValidationError(_("Add a scan or tick an item seen on paper."),
                                        code="no_documents")
        return cleaned

    def step_arguments(self) -> dict:
        return {"documents": self.documents(), "paper_items": self.paper_items()}
