"""Forms of the citizen's pages: the web form (and the head-of-agency mailbox), the lookup
and the rating. Uploads pass the same content checks as applications
(records.uploads.CheckedFileField)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.core.forms import ShortModelChoiceField
from minfu.records.forms import AssistanceFields
from minfu.records.uploads import CheckedFileField
from minfu.voice.models import Category, Kind
from minfu.voice.services import Petitioner

MAX_ATTACHMENTS = 3

PURPOSE_OF_COLLECTION = _(
    "Under article 8 of the Personal Data Protection Act we tell you: the agency collects "
    "your name, identification number and contact details to handle your message and reply "
    "to you (purpose: handling of petitions and contact with you about it). They are used "
    "only for this purpose, within the agency's legal duties, for as long as the records must "
    "be kept, and only in Taiwan. You may ask to see, copy, correct or stop the use of your "
    "data. Your identity is kept confidential (Administrative Procedure Act article 170). "
    "You may also write anonymously; the agency may then be unable to reply or to handle the "
    "matter (article 173).")


# One line each, so that a citizen can choose without knowing the words of the law.
KIND_EXPLAINED = {
    Kind.SUGGESTION: _("an idea to make our service better"),
    Kind.COMPLAINT: _("something went wrong and you want it looked into"),
    Kind.PETITION: _("you ask us to act on a matter of your rights or interests"),
    Kind.COMPLIMENT: _("thanks to a colleague or a unit who served you well"),
    Kind.QUESTION: _("you want to know how something works or what applies to you"),
}


def _explained(choice) -> str:
    value, label = choice
    return value, format_lazy(_("{label}: {explanation}"), label=label,
                              explanation=KIND_EXPLAINED[value])


class PetitionForm(AssistanceFields, forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("What kind of message is this?"),
                             choices=[_explained(choice) for choice in Kind.choices],
                             widget=forms.RadioSelect)
    category = ShortModelChoiceField(queryset=Category.objects.none(), required=False,
                                     label=_("Topic"), empty_label=_("Not sure"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Your message"), max_length=8000, widget=forms.Textarea)
    anonymous = forms.BooleanField(label=_("Send anonymously (without name or contact)"),
                                   required=False)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200, required=False)
    id_number = forms.CharField(label=_("National ID (optional)"), max_length=10,
                                required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    address = forms.CharField(label=_("Postal address (optional)"), max_length=300,
                              required=False)
    language = forms.ChoiceField(label=_("Reply in"), choices=[("zh-hant", "中文"),
                                                               ("en", "English")])
    attachment_1 = CheckedFileField(label=_("Attachment 1 (optional)"), required=False)
    attachment_2 = CheckedFileField(label=_("Attachment 2 (optional)"), required=False)
    attachment_3 = CheckedFileField(label=_("Attachment 3 (optional)"), required=False)
    consent = forms.BooleanField(label=_("I have read the notice on personal data and agree"),
                                 required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.order_assistance_before("consent")

    def clean(self):
        data = super().clean()
        self.clean_assistance()
        if data.get("anonymous"):
            for field in ("name", "id_number", "email", "phone", "address"):
                data[field] = ""
        else:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Enter your name, or choose to send anonymously."))
            if not data.get("email") and not (data.get("phone") or "").strip():
                self.add_error("email", _("Give an e-mail address or a telephone number so "
                                          "we can reply."))
            if not data.get("consent"):
                self.add_error("consent", _("Agree to the use of your personal data, or "
                                            "send the message anonymously."))
        return data

    def petitioner(self) -> Petitioner:
        data = self.cleaned_data
        return Petitioner(name=data["name"], id_number=data["id_number"].upper(),
                          email=data["email"], phone=data["phone"], address=data["address"],
                          language=data["language"], anonymous=data["anonymous"],
                          assistance=self.assistance())

    def attachments(self) -> list:
        return [self.cleaned_data[f"attachment_{index}"]
                for index in range(1, MAX_ATTACHMENTS + 1)
                if self.cleaned_data.get(f"attachment_{index}")]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the reply?"), coerce=int,
        choices=[(5, _("5 – very satisfied")), (4, _("4 – satisfied")), (3, _("3 – neutral")),
                 (2, _("2 – dissatisfied")), (1, _("1 – very dissatisfied"))],
        widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=4000, required=False,
                              widget=forms.Textarea)
    reopen = forms.BooleanField(label=_("If you are not satisfied: ask the agency to look at "
                                        "your case again"), required=False)
