from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.records.assistance import Assistance, AssistanceNeed

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


class AssistanceFields(forms.Form):
    """The assistance-needs fields of a citizen form (records.assistance). Mix in before
    forms.Form; call `clean_assistance()` from `clean()` and read `assistance()`. The
    fields come last unless the form orders them (`order_assistance_before`)."""

    ASSISTANCE_FIELDS = ("assistance_needs", "assistance_language", "assistance_note")

    assistance_needs = forms.MultipleChoiceField(
        label=_("Assistance you need (optional)"), required=False,
        choices=AssistanceNeed.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Tell us how we can serve you: we prepare for it and write to you the "
                    "way you ask."))
    assistance_language = forms.CharField(
        label=_("Language to interpret"), required=False, max_length=60,
        help_text=_("Only with an interpreter, e.g. Vietnamese, Indonesian, Taiwanese Sign "
                    "Language is under sign language."))
    assistance_note = forms.CharField(label=_("More about the assistance you need"),
                                      required=False, max_length=1000, widget=forms.Textarea(
                                          attrs={"rows": 3}))

    def order_assistance_before(self, anchor: str) -> None:
        """Put the assistance fields just before the field `anchor` (the consent box)."""
        names = [name for name in self.fields if name not in self.ASSISTANCE_FIELDS]
        at = names.index(anchor) if anchor in names else len(names)
        self.order_fields(names[:at] + list(self.ASSISTANCE_FIELDS) + names[at:])

    def clean_assistance(self) -> None:
        for field, problems in self.assistance().errors().items():
            for problem in problems:
                self.add_error(field, problem)

    def assistance(self) -> Assistance:
        data = getattr(self, "cleaned_data", {})
        return Assistance.of(data.get("assistance_needs") or (),
                             data.get("assistance_language", ""),
                             data.get("assistance_note", ""))
