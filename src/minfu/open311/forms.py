"""Staff forms of the Open311 pages. The services check the rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.core.forms import ShortModelChoiceField
from minfu.open311.models import Open311Service
from minfu.open311.services import MAX_RATE


def _only_choice(field: ShortModelChoiceField) -> None:
    """Preselect the agency when the user administers only one."""
    choices = list(field.queryset[:2])
    if len(choices) == 1:
        field.initial = choices[0].pk


class ServiceForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Open311Service
        fields = ["organisation", "code", "kind", "petition_category", "petition_kind",
                  "service_type", "type", "group_zh", "group_en", "keywords",
                  "description_zh", "description_en", "location_required", "active"]
        widgets = {"description_zh": forms.Textarea(attrs={"rows": 3}),
                   "description_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
                   "group_en": forms.TextInput(attrs={"lang": "en"})}
        help_texts = {
            "code": _("The service_code clients use: letters, digits, hyphens, "
                      "underscores."),
            "type": _("realtime: a POST answers with the request's number; batch: with a "
                      "token the client exchanges for it."),
        }

    def __init__(self, *args, organisations, categories, service_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        _only_choice(self.fields["organisation"])
        self.fields["petition_category"].queryset = categories
        self.fields["service_type"].queryset = service_types
        self.fields["petition_category"].label_from_instance = (
            lambda category: f"{category.organisation.code} · {category.name}")
        self.fields["service_type"].label_from_instance = (
            lambda service_type: f"{service_type.organisation.code} · {service_type.code}")
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.fields["version"].initial = self.instance.version

    def clean_code(self):
        return self.cleaned_data["code"].strip()

    def clean(self):
        data = super().clean()
        # Only the target of the chosen kind is kept.
        if data.get("kind") == "petition":
            data["service_type"] = None
        elif data.get("kind") == "application":
            data["petition_category"] = None
        return data


class KeyForm(forms.Form):
    organisation = ShortModelChoiceField(queryset=None, label=_("Agency"))
    name = forms.CharField(label=_("Client application"), max_length=200)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False,
                              help_text=_("Who runs the application."))
    rate_per_hour = forms.IntegerField(label=_("Requests per hour"), min_value=1,
                                       max_value=MAX_RATE, initial=600)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        _only_choice(self.fields["organisation"])


class RevokeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
