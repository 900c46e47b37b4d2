"""Forms of co-design sessions: the participant's registration, and the staff's session,
cancellation, attendance, minutes and decision forms (each that changes a session carries
its `version` as read)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from minfu.participation.models.sessions import Session
from minfu.surveys.models import Wave


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("Your name (for the name badge; optional)"), max_length=100,
                           required=False)


class SessionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = Session
        fields = ["format", "title_zh", "title_en", "description_zh", "description_en",
                  "starts_at", "ends_at", "place", "online_url", "capacity", "published",
                  "feedback_wave"]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                    format="%Y-%m-%dT%H:%M"),
                   "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                  format="%Y-%m-%dT%H:%M"),
                   "description_zh": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        waves = Wave.objects.none()
        if organisation is not None:
            waves = Wave.objects.filter(survey__organisation=organisation)
        self.fields["feedback_wave"].queryset = waves
        self.fields["feedback_wave"].required = False


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CancelForm(VersionForm):
    reason = forms.CharField(label=_("Reason (sent to everyone registered)"),
                             widget=forms.Textarea(attrs={"rows": 3}))


class AttendanceForm(VersionForm):
    attended = forms.MultipleChoiceField(label=_("Attended"), required=False,
                                         widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, registrations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(r.pk), r.name or r.participant.masked) for r in registrations]

    def attended_ids(self) -> set[int]:
        return {int(value) for value in self.cleaned_data["attended"]}


class MinutesForm(VersionForm):
    minutes = forms.CharField(label=_("Minutes (published)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 10}))


class DecisionForm(forms.Form):
    text_zh = forms.CharField(label=_("Decision (Chinese)"),
                              widget=forms.Textarea(attrs={"rows": 3}))
    text_en = forms.CharField(label=_("Decision (English)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
