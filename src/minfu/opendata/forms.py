"""Forms of the staff pages of open data; the services check the same rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.core.forms import ShortModelChoiceField
from minfu.opendata.models import Category, Frequency


class RegisterForm(forms.Form):
    organisation = ShortModelChoiceField(queryset=None, label=_("Provider agency"))
    kind = forms.ChoiceField(label=_("Dataset"), choices=())
    contact_name = forms.CharField(label=_("Contact name"), max_length=80, required=False,
                                   help_text=_("Leave empty to use the agency's name."))
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=40,
                                    required=False,
                                    help_text=_("Leave empty to use the agency's telephone."))
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False,
                                     help_text=_("Leave empty to use the agency's e-mail."))

    def __init__(self, *args, organisations, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["kind"].choices = kinds


class MetadataForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_zh = forms.CharField(label=_("Description (Chinese)"),
                                     widget=forms.Textarea(attrs={"rows": 4}))
    description_en = forms.CharField(label=_("Description (English)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
    contact_name = forms.CharField(label=_("Contact name"), max_length=80)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=40)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    frequency = forms.ChoiceField(label=_("Update frequency"), choices=Frequency.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    keywords_zh = forms.CharField(label=_("Keywords (Chinese)"), max_length=200,
                                  required=False, help_text=_("Separated by commas."))
    keywords_en = forms.CharField(label=_("Keywords (English)"), max_length=200,
                                  required=False, help_text=_("Separated by commas."))
    is_listed = forms.BooleanField(
        label=_("Listed"), required=False,
        help_text=_("Listed datasets are published by the worker and shown to the public."))


class PublishForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
