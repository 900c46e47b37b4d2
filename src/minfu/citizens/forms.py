from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from minfu.citizens.models import Citizen
from minfu.records.forms import LookupForm


class EmailLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        help_text=_("We send a link that signs you in once, within a few minutes."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ClaimForm(LookupForm):
    """A record's number and access code, as for the lookup."""


class PreferencesForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language of messages"), choices=settings.LANGUAGES,
                                 widget=forms.RadioSelect)

    class Meta:
        model = Citizen
        fields = ["display_name", "email", "phone", "language", "notify_by_email",
                  "notify_by_sms"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"}),
                   "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
                   "display_name": forms.TextInput(attrs={"autocomplete": "name"})}
        help_texts = {"phone": _("A mobile number in Taiwan, for messages by SMS."),
                      "email": _("A new address is proved when you next sign in with a "
                                 "link sent to it.")}


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I understand that my account is closed for good. My records stay with "
                "the agencies and I can still follow them with their access codes."))
