"""Forms of the citizens' pages: the online application, the progress lookup, the
supplement upload and the withdrawal. Uploads are checked by content (records.uploads)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.cases.services import ANSWER_ERROR_PREFIX, Applicant
from minfu.catalog import questions as question_rules
from minfu.catalog.models import ApplicantKind, RequiredDocument, ServiceTypeVersion
from minfu.catalog.selectors import version_questions
from minfu.core.forms import BusinessNumberField, PersonalIdField, RocDateField
from minfu.core.models import pick_language
from minfu.records.forms import AssistanceFields
from minfu.records.uploads import CheckedFileField, IncomingFile

PURPOSE_OF_COLLECTION = _(
    "Under article 8 of the Personal Data Protection Act we tell you: the agency collects "
    "your name, identification number and contact details to handle this application "
    "(purpose: administrative processing of applications and contact with you about it). "
    "They are used only for this purpose, within the agency's legal duties, for as long as "
    "the records must be kept, and only in Taiwan. You may ask to see, copy, correct or "
    "stop the use of your data, or to have it deleted, except where the law requires us to "
    "keep it. Without these data we cannot handle the application.")


def upload_items(version: ServiceTypeVersion) -> list[RequiredDocument]:
    """Checklist items the applicant hands in (the agency fetches the others itself)."""
    return [item for item in version.documents.all() if not item.fetched_by_agency]


def _document_field_name(item: RequiredDocument) -> str:
    return f"document_{item.pk}"


def _item_help(item: RequiredDocument) -> str:
    parts = [str(item.condition) if item.is_conditional and item.condition else "",
             str(item.notes)]
    return " ".join(part for part in parts if part)


# ----- the service's own questions ------------------------------------------------------

QUESTION_PREFIX = "question_"
Kind = question_rules.Kind


def _choice_label(choice: question_rules.Choice) -> str:
    return pick_language(choice.label_zh, choice.label_en)


def question_field(question: question_rules.Question) -> forms.Field:
    """A form field for one question. Fields only read input; the answers are checked by
    catalog.questions in `QuestionFieldsMixin.clean_questions`, as the service does."""
    common = {"label": pick_language(question.label_zh, question.label_en),
              "help_text": pick_language(question.help_zh, question.help_en),
              "required": question.required}
    match question.kind:
        case Kind.LONG_TEXT:
            return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
        case Kind.NUMBER:
            attrs = {"inputmode": "numeric"}
            return forms.CharField(max_length=20, widget=forms.TextInput(attrs=attrs), **common)
        case Kind.DATE:
            # Without help of its own the field explains the date formats it reads.
            return RocDateField(**{key: value for key, value in common.items()
                                   if value or key != "help_text"})
        case Kind.SINGLE_CHOICE:
            return forms.ChoiceField(widget=forms.RadioSelect, **common, choices=[
                (choice.code, _choice_label(choice)) for choice in question.choices])
        case Kind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, **common,
                                             choices=[(choice.code, _choice_label(choice))
                                                      for choice in question.choices])
        case Kind.YES_NO:
            return forms.ChoiceField(widget=forms.RadioSelect, **common,
                                     choices=[("yes", _("Yes")), ("no", _("No"))])
    return forms.CharField(max_length=question_rules.MAX_TEXT["short_text"], **common)


class QuestionFieldsMixin:
    """Adds a version's questions to a form as `question_<code>` fields and checks the
    answers with catalog.questions, errors on the question's own field."""

    def add_question_fields(self, version: ServiceTypeVersion | None) -> None:
        self.questions = version_questions(version) if version is not None else []
        self.question_fields = []
        for question in self.questions:
            name = QUESTION_PREFIX + question.code
            self.fields[name] = question_field(question)
            self.question_fields.append(name)

    def clean_questions(self) -> None:
        """Call from clean(): normalises the answers into `self.answers`."""
        self.answers = {}
        answered = [q for q in self.questions if QUESTION_PREFIX + q.code not in self.errors]
        raw = {q.code: self.cleaned_data.get(QUESTION_PREFIX + q.code) for q in answered}
        try:
            self.answers = question_rules.normalise_answers(answered, raw)
        except question_rules.AnswersRejected as rejected:
            for code, problems in rejected.errors.items():
                for problem in problems:
                    self.add_error(QUESTION_PREFIX + code, problem)

    def add_answer_errors(self, details: dict) -> dict:
        """Put the service's `answers.<code>` errors on their fields; returns the rest."""
        rest = {}
        for key, problems in details.items():
            name = QUESTION_PREFIX + key.removeprefix(ANSWER_ERROR_PREFIX)
            if key.startswith(ANSWER_ERROR_PREFIX) and name in self.fields:
                for problem in problems if isinstance(problems, list) else [problems]:
                    self.add_error(name, str(problem))
            else:
                rest[key] = problems
        return rest


class ApplicationForm(QuestionFieldsMixin, AssistanceFields, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=100)
    applicant_kind = forms.ChoiceField(label=_("You apply as"), widget=forms.RadioSelect)
    applicant_name = forms.CharField(
        label=pgettext_lazy("person or business", "Name"), max_length=200,
        help_text=_("A person's full name, or the registered name of the business."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}))
    national_id = PersonalIdField(
        label=_("National ID or resident certificate number"), required=False, max_length=10,
        help_text=_("For persons, e.g. A123456789."))
    business_number = BusinessNumberField(
        label=_("Unified business number"), required=False, max_length=8,
        help_text=_("For businesses: the 8 digits."))
    contact_email = forms.EmailField(label=_("E-mail"), required=False,
                                     widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    contact_phone = forms.CharField(label=_("Telephone"), required=False, max_length=40,
                                    help_text=_("Give an e-mail address or a telephone "
                                                "number, or both."),
                                    widget=forms.TextInput(attrs={"autocomplete": "tel",
                                                                  "inputmode": "tel"}))
    language = forms.ChoiceField(label=_("Language for messages to you"),
                                 choices=settings.LANGUAGES)
    consent = forms.BooleanField(
        label=_("I have read the purpose of collection above and agree that my personal data "
                "are used to handle this application."),
        error_messages={"required": _("Agree to the use of your personal data, or we cannot "
                                      "handle the application.")})

    def __init__(self, *args, version: ServiceTypeVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        kinds = version.applicant_kinds
        self.fields["applicant_kind"].choices = [(kind, ApplicantKind(kind).label)
                                                 for kind in kinds]
        if len(kinds) == 1:
            self.fields["applicant_kind"].initial = kinds[0]
        self.add_question_fields(version)
        self.document_fields = []
        for item in upload_items(version):
            name = _document_field_name(item)
            self.fields[name] = CheckedFileField(
                label=item.name, required=not item.is_conditional,
                required_document_id=item.pk, help_text=_item_help(item))
            self.document_fields.append(name)
        self.order_assistance_before("consent")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_kind")
        # Only the identifier of the chosen kind counts; the other box is ignored.
        self.errors.pop("national_id" if kind == ApplicantKind.BUSINESS else "business_number",
                        None)
        if kind == ApplicantKind.BUSINESS:
            if not cleaned.get("business_number") and "business_number" not in self.errors:
                self.add_error("business_number", _("Enter the unified business number."))
        elif kind == ApplicantKind.PERSON and not cleaned.get("national_id") \
                and "national_id" not in self.errors:
            self.add_error("national_id", _("Enter the national ID or resident certificate "
                                            "number."))
        if not cleaned.get("contact_email") and not (cleaned.get("contact_phone") or "").strip():
            self.add_error("contact_email", _("Give an e-mail address or a telephone number."))
        self.clean_questions()
        self.clean_assistance()
        return cleaned

    def applicant(self) -> Applicant:
        data = self.cleaned_data
        business = data["applicant_kind"] == ApplicantKind.BUSINESS
        return Applicant(kind=data["applicant_kind"], name=data["applicant_name"].strip(),
                         id_number=data["business_number"] if business else data["national_id"],
                         email=data.get("contact_email") or "",
                         phone=(data.get("contact_phone") or "").strip(),
                         language=data["language"], assistance=self.assistance())

    def documents(self) -> list[IncomingFile]:
        return [self.cleaned_data[name] for name in self.document_fields
                if self.cleaned_data.get(name)]

    @property
    def has_file_fields(self) -> bool:
        return bool(self.document_fields)


class SupplementForm(forms.Form):
    """One upload per item the notice asks for; at least one file."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, notice_items: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.document_fields = []
        for item in notice_items:
            name = f"document_{item['document_id']}"
            self.fields[name] = CheckedFileField(
                label=item["label"], required=False, help_text=item.get("note", ""),
                required_document_id=item["document_id"])
            self.document_fields.append(name)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in self.document_fields):
            raise ValidationError(_("Choose at least one file to send."), code="no_documents")
        return cleaned

    def documents(self) -> list[IncomingFile]:
        return [self.cleaned_data[name] for name in self.document_fields
                if self.cleaned_data.get(name)]

    @property
    def has_file_fields(self) -> bool:
        return True


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.BooleanField(
        label=_("I withdraw this application. I understand it cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the withdrawal.")})
