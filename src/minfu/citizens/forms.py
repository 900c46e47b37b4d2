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


class PreferencesForm(forms.Form):
    """Not a ModelForm: validating one would change the account before the service
    compares the old values with the new."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    display_name = forms.CharField(label=_("Name"), max_length=200, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mail address"), required=False,
        help_text=_("A new address is proved when you next sign in with a link sent to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Mobile phone"), max_length=30, required=False,
        help_text=_("A mobile number in Taiwan, for messages by SMS."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    language = forms.ChoiceField(label=_("Language of messages"), choices=settings.LANGUAGES,
                                 widget=forms.RadioSelect)
    notify_by_email = forms.BooleanField(label=_("Send me messages by e-mail"), required=False)
    notify_by_sms = forms.BooleanField(label=_("Send me messages by SMS"), required=False)

    @classmethod
    def of(cls, citizen: Citizen, data=None) -> "PreferencesForm":
        initial = {name: getattr(citizen, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I understand that my account is closed for good. My records stay with "
                "the agencies and I can still follow them with their access codes."))
