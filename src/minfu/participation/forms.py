from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.participation.models import HiddenReason, Verdict
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
    section = forms.TypedChoiceField(label=_("About"), required=False, coerce=int,
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
    note = forms.CharField(label=_("What was promised"), max_length=300, required=False)

    def __init__(self, *args, items=(), plan_actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["improvement_item"].choices = [("", "—")] + [
            (item.pk, item.title) for item in items]
        self.fields["plan_action"].choices = [("", "—")] + [
            (action.pk, str(action)) for action in plan_actions]
