from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.forms import ShortModelChoiceField
from minfu.participation.models import HiddenReason, Moderation, Verdict
from minfu.surveys.forms import ProtectedFormMixin


class AddressForm(ProtectedFormMixin):
    """Step 1 of verification; carries the honeypot and the start stamp."""

    address = forms.CharField(
        label=_("E-mail address or mobile number"), max_length=254,
        help_text=_("We send a one-time code there. Public pages show it only masked."),
        widget=forms.TextInput(attrs={"autocomplete": "email"}))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("One-time code"), max_length=12,
        help_text=_("The 6 digits in the message we sent; the code works for 10 minutes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                      "inputmode": "numeric"}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Your comment"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))
    section = forms.TypedChoiceField(label=pgettext_lazy("comment", "About"), required=False,
                                     coerce=int,
                                     empty_value=None)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The draft as a whole"))] + [
            (section.pk, section.heading) for section in sections]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong with this comment?"),
                               choices=HiddenReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Anything to add (optional)"), max_length=300,
                           required=False)


class VoteForm(forms.Form):
    options = forms.MultipleChoiceField(label=_("Your choice"),
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(option.pk), option.text) for option in poll.options.all()]
        if not poll.multiple:  # one answer: radio buttons
            self.fields["options"] = forms.ChoiceField(widget=forms.RadioSelect)
        field = self.fields["options"]
        field.choices, field.label = choices, poll.question

    def clean_options(self):
        value = self.cleaned_data["options"]
        return [int(pk) for pk in ([value] if isinstance(value, str) else value)]


class HideForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason shown in its place"),
                               choices=HiddenReason.choices)
    note = forms.CharField(label=_("Moderator's note (shown)"), max_length=300,
                           required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Public answer"), widget=forms.Textarea(attrs={"rows": 3}))
    verdict = forms.ChoiceField(label=_("Agency's response (for the report)"),
                                choices=[("", "—"), *Verdict.choices], required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class LinkForm(forms.Form):
    improvement_item = forms.TypedChoiceField(label=_("Improvement item"), required=False,
                                              coerce=int, empty_value=None)
    plan_action = forms.TypedChoiceField(label=_("Plan action"), required=False, coerce=int,
                                         empty_value=None)
    new_item_title = forms.CharField(
        label=_("Or open a new improvement item"), max_length=300, required=False,
        help_text=_("Its title: what the unit will do. It is tracked with the other "
                    "improvement items."))
    owner_unit = forms.TypedChoiceField(label=_("Unit in charge of the new item"),
                                        required=False, coerce=int, empty_value=None)
    note = forms.CharField(label=_("What was promised"), max_length=300, required=False)

    def __init__(self, *args, items=(), plan_actions=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["improvement_item"].choices = [("", "—")] + [
            (item.pk, item.title) for item in items]
        self.fields["plan_action"].choices = [("", "—")] + [
            (action.pk, str(action)) for action in plan_actions]
        if units:
            self.fields["owner_unit"].choices = [("", "—")] + [
                (unit.pk, str(unit)) for unit in units]
        else:  # the user may not open improvement items
            del self.fields["new_item_title"], self.fields["owner_unit"]

    def clean(self):
        data = super().clean()
        chosen = [name for name in ("improvement_item", "plan_action", "new_item_title")
                  if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose one: an improvement item, a plan action, "
                                          "or the title of a new improvement item."))
        if data.get("new_item_title") and not data.get("owner_unit"):
            self.add_error("owner_unit", _("Choose the unit in charge of the new item."))
        return data


def _moment(label):
    return forms.DateTimeField(
        label=label, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class _ActivityForm(forms.Form):
    """What a consultation and a poll share: the agency, the title, when it is open,
    whether the public sees it, and the version read (for an edit)."""

    organisation = ShortModelChoiceField(label=_("Organisation"), queryset=None,
                                         empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_at = _moment(_("Opens at"))
    closes_at = _moment(_("Closes at"))
    published = forms.BooleanField(label=_("Shown on the public pages"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ConsultationForm(_ActivityForm):
    summary = forms.CharField(label=_("Summary of the draft"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    moderation = forms.ChoiceField(label=_("Moderation"), choices=Moderation.choices,
                                   widget=forms.RadioSelect)
    code_of_conduct = forms.CharField(label=_("Code of conduct"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 3}))


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200, required=False)
    text = forms.CharField(label=_("Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    question = forms.CharField(label=_("Question to participants"), max_length=300,
                               required=False)


# Sections are rows of a plain form (no script adds rows): the empty ones are ignored.
SectionFormSet = forms.formset_factory(SectionForm, extra=3, max_num=30)


class PollForm(_ActivityForm):
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}))
    options = forms.CharField(label=_("Options"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("One option a line."))
    multiple = forms.BooleanField(label=_("Several options may be chosen"), required=False)
    max_choices = forms.IntegerField(label=_("At most this many choices"), min_value=1,
                                     required=False,
                                     help_text=_("For multiple choice; empty for no limit."))
    results_hidden_until_close = forms.BooleanField(
        label=_("Results hidden until it closes"), required=False, initial=True)
