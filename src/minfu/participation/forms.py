from django import forms
from django.utils.translation import gettext_lazy as _

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
