"""Forms of the knowledge base's pages. They only read input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.core.forms import RocDateField, ShortModelChoiceField, ShortModelMultipleChoiceField
from minfu.knowledge.models import ArticleKind, CallOutcome
from minfu.records.uploads import CheckedFileField


class ArticleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organisation = ShortModelChoiceField(queryset=None, label=_("Organisation"))
    unit = ShortModelChoiceField(queryset=None, label=_("Unit"), required=False,
                                 help_text=_("Leave empty for the whole organisation."))
    kind = forms.ChoiceField(label=_("Kind"), choices=ArticleKind.choices)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    body_zh = forms.CharField(label=_("Text (Chinese)"), widget=forms.Textarea(attrs={"rows": 12}),
                              help_text=_("Markdown: **bold**, lists with -, links as "
                                          "[text](https://...), tables."))
    body_en = forms.CharField(label=_("Text (English)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 12}))
    topic_tag = ShortModelChoiceField(queryset=None, label=_("Topic"), required=False)
    service_types = ShortModelMultipleChoiceField(
        queryset=None, label=_("Services"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The service pages show their FAQ and common errors."))
    categories = ShortModelMultipleChoiceField(
        queryset=None, label=_("Petition categories"), required=False,
        widget=forms.CheckboxSelectMultiple)
    related = ShortModelMultipleChoiceField(queryset=None, label=_("Related articles"),
                                            required=False, widget=forms.CheckboxSelectMultiple)
    review_by = RocDateField(label=_("Review by"), required=False,
                             help_text=_("The owners are reminded to check the article by "
                                         "this day."))
    publish_at = forms.DateTimeField(
        label=_("Publish at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty to publish when the reviewer approves."))

    def __init__(self, *args, organisations, units, topics, service_types, categories,
                 related, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["unit"].queryset = units
        self.fields["topic_tag"].queryset = topics
        self.fields["service_types"].queryset = service_types
        self.fields["categories"].queryset = categories
        self.fields["related"].queryset = related
        self.fields["service_types"].label_from_instance = _service_label

    def content(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("version", "organisation"):
            data.pop(name, None)
        for name in ("service_types", "categories", "related"):
            data[name] = list(data[name])
        return data


def _service_label(service_type) -> str:
    version = service_type.versions.order_by("-number").first()
    return version.name if version is not None else service_type.code


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = CheckedFileField(label=_("File"), help_text=_("PDF, image or office document."))


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("Was this helpful?"), widget=forms.RadioSelect, coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))])
    reason = forms.CharField(label=_("What was missing or unclear? (needed with “No”)"),
                             required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Do not write personal data: we cannot answer here."))


class ConsoleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the knowledge base"), required=False, max_length=200)


class CallForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    organisation = ShortModelChoiceField(queryset=None, label=_("Agency"))
    question = forms.CharField(label=_("What the caller asked"), max_length=300,
                               help_text=_("In a few words, without the caller's name or "
                                           "numbers."))
    category = ShortModelChoiceField(queryset=None, label=_("Petition category"),
                                     required=False)
    outcome = forms.ChoiceField(label=_("How the call ended"), choices=CallOutcome.choices,
                                widget=forms.RadioSelect)
    article = ShortModelChoiceField(queryset=None, label=_("Article that answered it"),
                                    required=False)
    details = forms.CharField(label=_("Details for the petition (when not answered)"),
                              required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisations, categories, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["category"].queryset = categories
        self.fields["article"].queryset = articles


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    article = ShortModelChoiceField(queryset=None, label=_("Article"), widget=forms.RadioSelect)
    intro = forms.CharField(label=_("Opening words (optional)"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, articles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = articles


class PeriodForm(forms.Form):
    start = RocDateField(label=_("From"), required=False)
    end = RocDateField(label=_("To"), required=False)
