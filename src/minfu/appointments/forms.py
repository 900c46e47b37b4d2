"""Forms of the appointment pages: booking, moving and the home-visit request (the
citizen), the steps staff take (the page's half of steps.py) and the set-up of service
points (details, weekly hours as rows, special days, services offered). The services
check the rules again."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from minfu.appointments.models import Accessibility, ServiceOffer, ServicePoint, Weekday
from minfu.appointments.selectors import service_type_name
from minfu.appointments.services import Contact, HoursRow, hours_errors
from minfu.core.forms import RocDateField, ShortModelChoiceField
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


class AskAgainForm(forms.Form):
    """A home visit asked for another day."""

    preferred_date = RocDateField(label=_("Preferred day"))
    note = forms.CharField(label=_("Anything we should know (optional)"), max_length=1000,
                           required=False, widget=forms.Textarea(attrs={"rows": 2}))
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


# ----- service points (staff) --------------------------------------------------------------

class ServicePointForm(forms.ModelForm):
    """A point's details. The organisation is its unit's; the service checks the rules
    again (a code unique in the organisation, the slot's length, the days ahead)."""

    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility features"), choices=Accessibility.choices, required=False,
        widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServicePoint
        fields = ["unit", "code", "name_zh", "name_en", "locality", "address_zh", "address_en",
                  "phone", "email", "accessibility", "accessibility_note_zh",
                  "accessibility_note_en", "directions_zh", "directions_en", "slot_minutes",
                  "book_days_ahead", "active"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in (
            "accessibility_note_zh", "accessibility_note_en", "directions_zh",
            "directions_en")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.fields["unit"].label_from_instance = lambda unit: (
            f"{unit.organisation.name} · {unit.name}")
        self.fields["slot_minutes"].widget.attrs.update(min=5, max=240)
        self.fields["book_days_ahead"].widget.attrs.update(min=1, max=366)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def point(self) -> ServicePoint:
        """The point with the form's values (not saved: the service saves it)."""
        point = self.instance
        point.organisation = point.unit.organisation
        return point


class PointVersionForm(forms.Form):
    """The version of the point its user read, carried by every form that changes the
    point's hours, special days or services."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def _time(label) -> forms.TimeField:
    return forms.TimeField(label=label, required=False,
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class HoursRowForm(forms.Form):
    """One window of the weekly hours; a row without times is left out."""

    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    opens = _time(_("Opens"))
    closes = _time(_("Closes"))
    on_days_off = forms.BooleanField(label=_("Also on days off"), required=False)
    extended = forms.BooleanField(label=_("Extended hours"), required=False)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if (opens is None) != (closes is None) and not self.errors:
            self.add_error("closes" if closes is None else "opens",
                           _("Give both times, or neither to drop the row."))
        elif opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", _("The window must close after it opens."))
        return cleaned

    def row(self) -> HoursRow | None:
        data = self.cleaned_data
        if not data or data.get("opens") is None:
            return None
        return HoursRow(weekday=data["weekday"], opens=data["opens"], closes=data["closes"],
                        on_days_off=data["on_days_off"], extended=data["extended"])


class BaseHoursFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        errors = hours_errors(self.rows())
        if errors:
            raise forms.ValidationError(errors)

    def rows(self) -> list[HoursRow]:
        return [row for form in self.forms if (row := form.row()) is not None]


# The hours are rows of a plain form (no script adds rows): three empty ones after the
# windows there are; a row without times is dropped.
HoursFormSet = forms.formset_factory(HoursRowForm, formset=BaseHoursFormSet, extra=3,
                                     max_num=60)


class SpecialDayForm(PointVersionForm):
    date = RocDateField(label=_("Date"))
    closed = forms.BooleanField(label=_("Closed all day"), required=False)
    opens = _time(_("Opens"))
    closes = _time(_("Closes"))
    note_zh = forms.CharField(
        label=_("Note (Chinese)"), max_length=200, required=False,
        help_text=_("Shown to citizens, e.g. extended service in the tax season."))
    note_en = forms.CharField(label=_("Note (English)"), max_length=200, required=False)


class ServiceOfferForm(PointVersionForm):
    service_type = ShortModelChoiceField(label=_("Service"), queryset=None, empty_label=None)
    capacity = forms.IntegerField(label=_("Places per slot"), min_value=1, max_value=100,
                                  initial=1, help_text=_("Citizens one slot takes: the "
                                                         "counters serving this at once."))
    home_visits = forms.BooleanField(label=_("Home visits"), required=False,
                                     help_text=ServiceOffer._meta.get_field(
                                         "home_visits").help_text)
    active = forms.BooleanField(label=_("Bookable"), required=False, initial=True)

    def __init__(self, *args, service_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        if service_types is None:  # an offer's service does not change
            del self.fields["service_type"]
        else:
            self.fields["service_type"].queryset = service_types
            self.fields["service_type"].label_from_instance = lambda service_type: (
                f"{service_type.code} {service_type_name(service_type)}")
