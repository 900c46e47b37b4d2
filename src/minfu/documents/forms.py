from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.documents.models import DocumentWording, Letterhead
from minfu.org.forms import VersionedForm


class LetterheadForm(VersionedForm):
    class Meta:
        model = Letterhead
        fields = ["title_zh", "title_en", "address_zh", "address_en", "contact_zh",
                  "contact_en", "phone", "fax", "email", "number_pattern", "serial_digits",
                  "appeal_authority_zh", "appeal_authority_en", "appeal_days"]


class WordingForm(VersionedForm):
    class Meta:
        model = DocumentWording
        fields = ["subject_zh", "subject_en", "body_zh", "body_en", "remedies_zh",
                  "remedies_en"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
        help_texts = {"remedies_zh": _("Decision letters only: how to appeal, by when and "
                                       "where. Shown when the outcome can be appealed.")}


class ResetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
