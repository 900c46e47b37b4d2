"""Service points, offers and appointments for tests, built like real data."""

import datetime as dt
from zoneinfo import ZoneInfo

from minfu.appointments import services
from minfu.appointments.models import OpeningHours, ServiceOffer, ServicePoint, Weekday
from minfu.appointments.services import Contact
from minfu.org.models import Locality, Unit
from tests.cases.factories import service

TAIPEI = ZoneInfo("Asia/Taipei")
# Mondays to Fridays 08:30-12:30 and 13:30-17:30; Saturday service 09:00-12:00.
WEEKDAY_WINDOWS = ((dt.time(8, 30), dt.time(12, 30)), (dt.time(13, 30), dt.time(17, 30)))
SATURDAY_WINDOW = (dt.time(9), dt.time(12))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TAIPEI)


def point(unit: Unit | None = None, *, code: str = "main", saturday: bool = False,
          slot_minutes: int = 30, capacity: int = 2, home_visits: bool = False,
          locality: str = Locality.TAIPEI) -> ServiceOffer:
    """A service point of a fresh agency (or `unit`) offering one published service;
    returns the offer (its point is `offer.service_point`)."""
    version = service(unit)
    service_type = version.service_type
    the_point = ServicePoint.objects.create(
        organisation=service_type.organisation, unit=version.responsible_unit, code=code,
        name_zh="中正服務處", name_en="Zhongzheng office", locality=locality,
        address_zh="臺北市中正區中華路一段2號", slot_minutes=slot_minutes,
        accessibility=["step_free", "low_counter"])
    for weekday in range(5):
        for opens, closes in WEEKDAY_WINDOWS:
            OpeningHours.objects.create(service_point=the_point, weekday=weekday, opens=opens,
                                        closes=closes)
    if saturday:
        OpeningHours.objects.create(service_point=the_point, weekday=Weekday.SATURDAY,
                                    opens=SATURDAY_WINDOW[0], closes=SATURDAY_WINDOW[1],
                                    on_days_off=True, extended=True)
    return ServiceOffer.objects.create(service_point=the_point, service_type=service_type,
                                       capacity=capacity, home_visits=home_visits)


def contact(**overrides) -> Contact:
    values = {"name": "王小明", "email": "ming@example.tw"}
    values.update(overrides)
    return Contact(**values)


def book(offer: ServiceOffer, starts_at: dt.datetime, **overrides) -> services.Booked:
    values = {"offer": offer, "starts_at": starts_at, "contact": contact()}
    values.update(overrides)
    return services.appointment_book(**values)
