"""Service points (服務據點) and counter appointments (預約臨櫃服務). Tables only; the
rules live in services.py, selectors.py and the pure module slots.py.

A service point belongs to a unit of an agency: the unit's staff see its appointments.
Its opening hours are weekly windows that apply on office working days (and, where a
window says so, on days off too: Saturday extended service); a `SpecialDay` replaces
them on one date. Slots are computed from these and the office calendar (slots.py); a
`Slot` row exists once someone booked in it and counts its places."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from minfu.core.models import Bilingual, BilingualNameMixin, TimeStampedModel, VersionedModel
from minfu.org.models import Locality
from minfu.records.models import record_event_model


class Accessibility(models.TextChoices):
    """What a service point offers people with special needs (無障礙設施與服務)."""

    STEP_FREE = "step_free", _("Step-free entrance")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")
    ACCESSIBLE_PARKING = "accessible_parking", _("Accessible parking")
    LOW_COUNTER = "low_counter", _("Low counter for wheelchair users")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    SIGN_LANGUAGE = "sign_language", _("Sign language on request")
    BRAILLE = "braille", _("Braille and large-print forms")
    PRIORITY_SEATING = "priority_seating", _("Priority seating")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
    # A Saturday the office calendar makes a working day (補行上班) opens with these.
    MAKEUP = 7, _("Make-up working day")


class ServicePoint(BilingualNameMixin, VersionedModel, TimeStampedModel):
    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="service_points",
                                     verbose_name=_("organisation"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT,
                             related_name="service_points", verbose_name=_("unit"),
                             help_text=_("The unit whose staff receive the appointments."))
    code = models.SlugField(_("code"), max_length=40)
    locality = models.CharField(
        _("locality"), max_length=20, choices=Locality.choices,
        help_text=_("The city or county whose closures (停止上班) close this point."))
    address_zh = models.CharField(_("address (Chinese)"), max_length=200)
    address_en = models.CharField(_("address (English)"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    accessibility = models.JSONField(_("accessibility features"), default=list, blank=True)
    accessibility_note_zh = models.TextField(_("accessibility note (Chinese)"), blank=True)
    accessibility_note_en = models.TextField(_("accessibility note (English)"), blank=True)
    directions_zh = models.TextField(_("how to get there (Chinese)"), blank=True)
    directions_en = models.TextField(_("how to get there (English)"), blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per appointment"), default=30)
    book_days_ahead = models.PositiveSmallIntegerField(
        _("bookable days ahead"), default=28,
        help_text=_("How many days ahead citizens may book."))
    active = models.BooleanField(_("listed and bookable"), default=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["organisation_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"],
                                    name="appointments_point_code_unique"),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5, slot_minutes__lte=240),
                                   name="appointments_point_slot_minutes_range"),
        ]

    address = Bilingual()
    accessibility_note = Bilingual()
    directions = Bilingual()

    @property
    def accessibility_labels(self) -> list[str]:
        labels = dict(Accessibility.choices)
        return [str(labels[code]) for code in self.accessibility if code in labels]


class OpeningHours(models.Model):
    """One window of a weekday: 08:30-12:30. `on_days_off` makes it apply on days off of
    the office calendar too (Saturday service); `extended` marks extended hours (延長服務)
    for the directory."""

    service_point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE,
                                      related_name="hours", verbose_name=_("service point"))
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    on_days_off = models.BooleanField(_("also on days off"), default=False)
    extended = models.BooleanField(_("extended hours"), default=False)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["service_point_id", "weekday", "opens"]
        constraints = [models.CheckConstraint(condition=Q(opens__lt=F("closes")),
                                              name="appointments_hours_open_before_close")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class SpecialDay(models.Model):
    """A date on which the point differs from its weekly hours: closed (renovation), or
    open with other hours (tax-season evenings). Office closures still close it."""

    service_point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE,
                                      related_name="special_days",
                                      verbose_name=_("service point"))
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed all day"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note_zh = models.CharField(_("note (Chinese)"), max_length=200, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("special day")
        verbose_name_plural = _("special days")
        ordering = ["service_point_id", "date", "opens"]
        constraints = [models.CheckConstraint(
            condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
            | Q(closed=False, opens__isnull=False, closes__isnull=False, opens__lt=F("closes")),
            name="appointments_special_day_closed_or_hours")]

    def __str__(self) -> str:
        return f"{self.service_point_id} {self.date.isoformat()}"

    note = Bilingual()


class ServiceOffer(models.Model):
    """A service of the catalogue that a point receives by appointment, with how many
    citizens one slot takes (counters serving it at once)."""

    service_point = models.ForeignKey(ServicePoint, on_delete=models.CASCADE,
                                      related_name="offers", verbose_name=_("service point"))
    service_type = models.ForeignKey("catalog.ServiceType", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("service"))
    capacity = models.PositiveSmallIntegerField(_("places per slot"), default=1)
    home_visits = models.BooleanField(
        _("home visits"), default=False,
        help_text=_("Citizens who cannot come may ask for a home visit (到府服務), which "
                    "staff approve."))
    active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")
        ordering = ["service_point_id", "service_type__code"]
        constraints = [
            models.UniqueConstraint(fields=["service_point", "service_type"],
                                    name="appointments_offer_unique"),
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=100),
                                   name="appointments_offer_capacity_range"),
        ]

    def __str__(self) -> str:
        return f"{self.service_point_id}:{self.service_type_id}"


class Slot(models.Model):
    """A slot someone booked in: its places taken. `booked` only changes through one
    conditional UPDATE (services._take_place), so the last place goes to one citizen."""

    offer = models.ForeignKey(ServiceOffer, on_delete=models.CASCADE, related_name="slots",
                              verbose_name=_("service offered"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("places"))
    booked = models.PositiveSmallIntegerField(_("places taken"), default=0)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "starts_at"],
                                    name="appointments_slot_unique"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")),
                                   name="appointments_slot_not_overbooked"),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.starts_at.isoformat()}"


class AppointmentKind(models.TextChoices):
    COUNTER = "counter", _("Counter appointment")
    HOME_VISIT = "home_visit", _("Home visit")


class AppointmentState(models.TextChoices):
    REQUESTED = "requested", _("Home visit requested")
    BOOKED = "booked", _("Booked")
    DISPLACED = "displaced", _("Moved by a closure: choose a new time")
    CHECKED_IN = "checked_in", _("Checked in")
    SERVED = "served", _("Served")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Home visit declined")


class Appointment(VersionedModel, TimeStampedModel):
    """A citizen's appointment: a citizen record (records.kinds, letter A) with its
    number and access code, and a manage link (`token_hash`, only the SHA-256 of the
    link's token is stored) to move or cancel it without an account."""

    organisation = models.ForeignKey("org.Organisation", on_delete=models.PROTECT,
                                     related_name="appointments",
                                     verbose_name=_("organisation"))
    number = models.CharField(_("number"), max_length=40)
    access_code_hmac = models.CharField(_("access code (HMAC)"), max_length=64,
                                        editable=False)
    token_hash = models.CharField(_("manage link (SHA-256)"), max_length=64, unique=True,
                                  editable=False)
    idempotency_key = models.CharField(_("idempotency key"), max_length=100, null=True,
                                       blank=True, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=AppointmentKind.choices,
                            default=AppointmentKind.COUNTER)
    state = models.CharField(_("state"), max_length=12, choices=AppointmentState.choices)
    offer = models.ForeignKey(ServiceOffer, on_delete=models.PROTECT,
                              related_name="appointments", verbose_name=_("service offered"))
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="appointments", verbose_name=_("slot"))
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hant")
    note = models.TextField(_("note"), blank=True)
    home_address = models.CharField(_("address for the home visit"), max_length=200,
                                    blank=True)
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    booked_at = models.DateTimeField(_("booked at"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    served_at = models.DateTimeField(_("intake started at"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("served by"))

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"],
                                    name="appointments_number_unique"),
            models.CheckConstraint(condition=~Q(email="", phone=""),
                                   name="appointments_has_contact"),
        ]
        indexes = [models.Index(fields=["state", "starts_at"])]

    def __str__(self) -> str:
        return self.number

    @property
    def service_point(self) -> ServicePoint:
        return self.offer.service_point

    @property
    def service_type(self):
        return self.offer.service_type

    @property
    def waiting_minutes(self) -> float | None:
        if self.checked_in_at is None or self.served_at is None:
            return None
        return (self.served_at - self.checked_in_at).total_seconds() / 60


AppointmentEvent = record_event_model(
    Appointment, field="appointment", record_name=_("appointment"),
    name=_("appointment event"), name_plural=_("appointment events"), module=__name__)
