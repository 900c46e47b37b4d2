from django import forms
from django.utils.translation import gettext_lazy as _

_NO_HELP = {"autocomplete": "off", "spellcheck": "false"}


class LookupForm(forms.Form):
    """A record number of any kind and its access code, as on the receipt."""

    number = forms.CharField(label=_("Number"), max_length=40,
                             help_text=_("As on your receipt, e.g. KL-1140305-0017 or "
                                         "KL-P1140305-0007."),
                             widget=forms.TextInput(attrs=_NO_HELP))
    access_code = forms.CharField(label=_("Access code"), max_length=40,
                                  help_text=_("The 10 letters and digits on your receipt; "
                                              "hyphens and spaces do not matter."),
                                  widget=forms.TextInput(attrs=_NO_HELP))
