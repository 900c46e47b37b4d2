"""Forms of surveys: the citizen's response form (built from a survey version), the
rating form, and the staff forms for surveys, questions, waves and follow-ups."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.core.forms import RocDateField, ShortModelChoiceField
from minfu.core.models import pick_language
from minfu.surveys import logic
from minfu.surveys.models import WAVE_CHANNELS, FollowUp, QuestionKind, SurveyChannel

LIKERT_CHOICES = [
    ("5", _("5 – Very satisfied")),
    ("4", _("4 – Satisfied")),
    ("3", _("3 – Neutral")),
    ("2", _("2 – Dissatisfied")),
    ("1", _("1 – Very dissatisfied")),
]
HONEYPOT = "website"


class HoneypotInput(forms.TextInput):
    """A text box people neither see nor reach by keyboard (it is rendered with the hidden
    fields, without a label); form-filling bots fill it in."""

    @property
    def is_hidden(self) -> bool:
        return True


class ProtectedFormMixin(forms.Form):
    """A hidden field people never fill (bots do) and the signed moment the form was
    shown; protection.py checks both."""

    website = forms.CharField(required=False, label=_("Leave this field empty"),
                              widget=HoneypotInput(attrs={"autocomplete": "off",
                                                          "tabindex": "-1",
                                                          "aria-hidden": "true",
                                                          "class": "visually-hidden"}))
    started = forms.CharField(widget=forms.HiddenInput, required=False)


class ContactMixin(forms.Form):
    contact_consent = forms.BooleanField(
        required=False, label=_("You may contact me about my answers"),
        help_text=_("Only if you tick this do we keep the contact details below; they are "
                    "used for nothing else."))
    contact_details = forms.CharField(required=False, max_length=200,
                                      label=_("Telephone or e-mail (optional)"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact_consent") and not (cleaned.get("contact_details") or "").strip():
            self.add_error("contact_details",
                           _("Leave a telephone number or e-mail address so that we can "
                             "contact you."))
        return cleaned


def _question_field(question) -> forms.Field:
    label = question.text
    help_text = ""
    if question.show_if_key:
        help_text = _("Answer only if it applies to you (it depends on an earlier answer).")
    options = [(str(o["value"]), pick_language(o.get("zh", ""), o.get("en", "")) or o["value"])
               for o in question.options]
    required = question.required and not question.show_if_key
    if question.kind == QuestionKind.LIKERT:
        return forms.ChoiceField(label=label, choices=LIKERT_CHOICES, required=required,
                                 widget=forms.RadioSelect, help_text=help_text)
    if question.kind == QuestionKind.SINGLE:
        return forms.ChoiceField(label=label, choices=options, required=required,
                                 widget=forms.RadioSelect, help_text=help_text)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(label=label, choices=options, required=required,
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text=help_text)
    return forms.CharField(label=label, required=required, max_length=logic.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4}), help_text=help_text)


class ResponseForm(ContactMixin, ProtectedFormMixin):
    """One field per question (`q_<key>`). Conditional questions are always shown (the
    page works without JavaScript); answers to questions that do not apply are dropped."""

    def __init__(self, *args, questions, specs, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.specs = list(specs)
        question_fields = {f"q_{q.key}": _question_field(q) for q in self.questions}
        others = dict(self.fields)
        self.fields = {**question_fields, **others}

    def raw_answers(self) -> dict:
        raw = {q.key: self.cleaned_data.get(f"q_{q.key}") for q in self.questions}
        raw = {key: value for key, value in raw.items() if value not in (None, "", [])}
        checked = logic.check_response(self.specs, raw)
        shown = logic.visible_keys(self.specs, checked.values)
        return {key: value for key, value in raw.items() if key in shown}

    def add_answer_errors(self, errors: dict) -> None:
        messages = {"required": _("Please answer this question."),
                    "invalid": _("Choose one of the answers offered."),
                    "hidden": _("This question does not apply to your earlier answer.")}
        for key, code in errors.items():
            field = f"q_{key}"
            if field in self.fields:
                self.add_error(field, messages.get(code, messages["invalid"]))
            else:
                self.add_error(None, messages["invalid"])


class RatingForm(ContactMixin):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with this service?"), coerce=int,
        choices=LIKERT_CHOICES, widget=forms.RadioSelect)
    comment = forms.CharField(required=False, max_length=logic.MAX_TEXT,
                              label=_("Comment (optional)"),
                              widget=forms.Textarea(attrs={"rows": 3}))
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


# ----- staff ---------------------------------------------------------------------------------

class SurveyCreateForm(forms.Form):
    organisation = ShortModelChoiceField(queryset=None, label=_("Organisation"))
    code = forms.SlugField(max_length=40, label=_("Code"))
    name_zh = forms.CharField(max_length=200, label=_("Name (Chinese)"))
    name_en = forms.CharField(max_length=200, required=False, label=_("Name (English)"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class QuestionForm(forms.Form):
    key = forms.SlugField(max_length=40, label=_("Key"),
                          help_text=_("Short stable name; an existing key is replaced."))
    kind = forms.ChoiceField(choices=QuestionKind.choices, label=_("Kind"))
    text_zh = forms.CharField(max_length=300, label=_("Question (Chinese)"))
    text_en = forms.CharField(max_length=300, required=False, label=_("Question (English)"))
    required = forms.BooleanField(required=False, label=_("Required"))
    is_overall = forms.BooleanField(required=False, label=_("Overall satisfaction"))
    options = forms.CharField(
        required=False, label=_("Options"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choices: one option a line, as value|Chinese|English."))
    show_if_key = forms.SlugField(required=False, max_length=40,
                                  label=_("Show only when question (key)"))
    show_if_values = forms.CharField(required=False, max_length=200,
                                     label=_("has one of these values (comma separated)"))
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_options(self) -> tuple:
        options = []
        for line in self.cleaned_data["options"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")] + ["", ""]
            if not parts[0]:
                raise forms.ValidationError(_("Each option needs a value before the first |."))
            options.append((parts[0], parts[1] or parts[0], parts[2]))
        return tuple(options)

    def clean_show_if_values(self) -> tuple:
        return tuple(v.strip() for v in self.cleaned_data["show_if_values"].split(",")
                     if v.strip())


class WaveForm(forms.Form):
    name_zh = forms.CharField(max_length=200, label=_("Name (Chinese)"),
                              help_text=_("For example 115年第1季."))
    name_en = forms.CharField(max_length=200, required=False, label=_("Name (English)"))
    starts_on = RocDateField(label=_("Starts on"))
    ends_on = RocDateField(label=_("Ends on"))
    target_sample = forms.IntegerField(min_value=1, max_value=1_000_000,
                                       label=_("Target sample size"))
    channels = forms.MultipleChoiceField(
        choices=[(c.value, c.label) for c in WAVE_CHANNELS],
        widget=forms.CheckboxSelectMultiple, label=_("Channels"))
    invitation_valid_days = forms.IntegerField(min_value=1, max_value=365, initial=14,
                                               label=_("Invitation valid for (days)"))


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(choices=[(FollowUp.Status.CONTACTED, FollowUp.Status.CONTACTED.label),
                                        (FollowUp.Status.CLOSED, FollowUp.Status.CLOSED.label)],
                               label=_("New status"))
    note = forms.CharField(required=False, label=_("Note"),
                           widget=forms.Textarea(attrs={"rows": 3}))
    expected_version = forms.IntegerField(widget=forms.HiddenInput)


class AnalysisFilterForm(forms.Form):
    wave = ShortModelChoiceField(queryset=None, required=False, label=_("Wave"))
    unit = ShortModelChoiceField(queryset=None, required=False, label=_("Unit"))
    channel = forms.ChoiceField(required=False, label=_("Channel"),
                                choices=[("", _("All channels"))] +
                                [(c.value, c.label) for c in WAVE_CHANNELS])
    start = RocDateField(required=False, label=_("From"))
    end = RocDateField(required=False, label=_("Until"))

    def __init__(self, *args, waves, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = waves
        self.fields["unit"].queryset = units


class KioskLinkForm(forms.Form):
    unit = ShortModelChoiceField(queryset=None, label=_("Unit at this counter"))
    service_type = ShortModelChoiceField(queryset=None, required=False,
                                         label=_("Service type (optional)"))

    def __init__(self, *args, units, service_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["service_type"].queryset = service_types


RATING_CHANNEL_LABELS = {SurveyChannel.ONLINE: SurveyChannel.ONLINE.label,
                         SurveyChannel.TABLET: SurveyChannel.TABLET.label}
