"""Forms of the appointment pages: booking, moving and the home-visit request (the
citizen), and the steps staff take (the page's half of steps.py). The services check
the rules again."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.appointments.services import Contact
from minfu.core.forms import RocDateField
from minfu.core.templatetags.roc import roc_date

PURPOSE_OF_COLLECTION = _(
    "Under article 8 of the Personal Data Protection Act we tell you: the agency collects "
    "your name and contact details to keep your appointment, remind you of it and tell "
    "you if it must move (purpose: counter appointments). They are used only for this "
    "purpose and kept until the appointment has passed, as the agency's record rules say.")


def slot_value(starts_at: dt.datetime) -> str:
    return timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M")


def slot_label(starts_at: dt.datetime, ends_at: dt.datetime, free: int) -> str:
    return _("%(start)s–%(end)s (%(free)s left)") % {
        "start": f"{timezone.localtime(starts_at):%H:%M}",
        "end": f"{timezone.localtime(ends_at):%H:%M}", "free": free}


def _weekday_date(day: dt.date) -> str:
    return f"{roc_date(day)} ({date_format(day, 'l')})"


class SlotChoiceForm(forms.Form):
    """A time among the free slots shown: radio buttons grouped by day, no script."""

    slot = forms.ChoiceField(label=_("Time"), widget=forms.RadioSelect)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        free = [slot for slot in slots if slot.free]
        self.fields["slot"].choices = [
            (_weekday_date(day), [(slot_value(s.starts_at),
                                   slot_label(s.starts_at, s.ends_at, s.free)) for s in group])
            for day, group in groupby(free, key=lambda s: timezone.localtime(s.starts_at).date())]

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.fromisoformat(self.cleaned_data["slot"]))


class ContactFields(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Mobile telephone"), max_length=40, required=False,
                            help_text=_("For an SMS reminder when you give no e-mail."))
    language = forms.ChoiceField(label=_("Language of the messages"),
                                 choices=settings.LANGUAGES)
    consent = forms.BooleanField(label=_("I have read how my personal data are used and "
                                         "agree"))

    def clean(self):
        cleaned = super().clean()
        for field, errors in self.contact().errors().items():
            if field not in self.errors:
                self.add_error(field, errors)
        return cleaned

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(name=data.get("name", ""), email=data.get("email", ""),
                       phone=data.get("phone", ""),
                       language=data.get("language") or settings.LANGUAGE_CODE)


class BookForm(SlotChoiceForm, ContactFields):
    note = forms.CharField(label=_("Anything we should know (optional)"), max_length=1000,
                           required=False, widget=forms.Textarea(attrs={"rows": 3}))


class HomeVisitForm(ContactFields):
    preferred_date = RocDateField(label=_("Preferred day"))
    home_address = forms.CharField(label=_("Address to visit"), max_length=200)
    note = forms.CharField(label=_("Why you cannot come to the counter"), max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RescheduleForm(SlotChoiceForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


# ----- staff steps -----------------------------------------------------------------------

class VersionedActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ApproveHomeVisitForm(VersionedActionForm):
    day = RocDateField(label=_("Day of the visit"))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))

    def step_arguments(self) -> dict:
        data = self.cleaned_data
        return {"starts_at": timezone.make_aware(dt.datetime.combine(data["day"],
                                                                     data["time"]))}


class DeclineHomeVisitForm(VersionedActionForm):
    reason = forms.CharField(label=_("Reason, for the citizen"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
