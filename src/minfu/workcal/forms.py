from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.core.forms import RocDateField

MAX_UPLOAD_BYTES = 1024 * 1024  # a year's file is about 12 kB


class ClosureForm(forms.Form):
    """Record or correct a closure. `localities` are the (value, label) pairs the user may
    choose; `version` is the version of the closure being edited (stale ones are refused)."""

    locality = forms.ChoiceField(label=_("City or county"))
    date = RocDateField(label=_("Day the offices were closed"))
    starts_at = forms.TimeField(
        label=_("Closed from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Leave both times empty when the whole day was closed."))
    ends_at = forms.TimeField(label=_("Closed until"), required=False,
                              widget=forms.TimeInput(attrs={"type": "time"}))
    notice_reference = forms.CharField(
        label=_("Notice reference"), max_length=200,
        help_text=_("The authority's announcement, e.g. 臺北市政府 114年7月28日 公告."))
    note = forms.CharField(label=_("Note"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, localities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].choices = localities
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"id_{name}_help")

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if (starts_at is None) != (ends_at is None):
            self.add_error("ends_at", _("Give both times for part of a day, or neither for "
                                        "the whole day."))
        elif starts_at is not None and ends_at is not None and not starts_at < ends_at:
            self.add_error("ends_at", _("The closure must end after it starts."))
        return cleaned


class ClosureDeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CalendarUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Office calendar file (CSV)"),
        help_text=_("The standard file of data.gov.tw dataset 14718, header "
                    "西元日期,星期,是否放假,備註; UTF-8 or Big5."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv",
                                               "aria-describedby": "id_file_help"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large for an office calendar "
                                          "(at most 1 MB)."))
        return upload


class CalendarConfirmForm(forms.Form):
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64, min_length=64)
