"""Demo service points and appointments; `manage.py load_demo` calls `load()`, which is
safe to run again (a point found by its code is left alone).

Taipei Customs (TPC) receives counter appointments for copies of customs declarations
(DECL-COPY: the demo's adopted proposal) and drawback (DRAWBACK) at its passenger
service centre; the National Taxation Bureau of Taipei (NTBT) opens its Zhongzheng
office on Saturday mornings too and offers home visits for tax certificates. One
booking on the next free time and one home visit waiting for approval."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from minfu.appointments import selectors, services
from minfu.appointments.models import (
    Accessibility,
    Appointment,
    OpeningHours,
    ServiceOffer,
    ServicePoint,
    Weekday,
)
from minfu.catalog.models import ServiceType
from minfu.org.models import Organisation, Unit

logger = logging.getLogger(__name__)
T = dt.time
OFFICE_HOURS = ((T(8, 30), T(12, 30)), (T(13, 30), T(17, 30)))

POINTS = (
    {"organisation": "TPC", "unit": "BUS1", "code": "passenger-centre",
     "name_zh": "臺北關旅客服務中心", "name_en": "Taipei Customs passenger service centre",
     "address_zh": "臺北市中正區塔城街13號", "address_en": "13 Tacheng St, Zhongzheng, Taipei",
     "phone": "02-2550-5500", "locality": "taipei", "slot_minutes": 20,
     "accessibility": [Accessibility.STEP_FREE, Accessibility.ACCESSIBLE_TOILET,
                       Accessibility.LOW_COUNTER, Accessibility.PRIORITY_SEATING],
     "evening": None, "saturday": None,
     "offers": (("DECL-COPY", 2, False), ("DRAWBACK", 1, False))},
    {"organisation": "NTBT", "unit": "SVC", "code": "zhongzheng",
     "name_zh": "臺北國稅局中正分局", "name_en": "Zhongzheng branch, National Taxation Bureau of Taipei",
     "address_zh": "臺北市中正區中華路一段2號", "address_en": "2 Zhonghua Rd Sec 1, Zhongzheng, Taipei",
     "phone": "02-2311-3711", "locality": "taipei", "slot_minutes": 30,
     "accessibility": [Accessibility.STEP_FREE, Accessibility.HEARING_LOOP,
                       Accessibility.SIGN_LANGUAGE, Accessibility.BRAILLE],
     "evening": (T(17, 30), T(19, 30)), "saturday": (T(9), T(12)),
     "offers": (("TAX-CERT", 3, True), ("ARREARS", 1, False))},
)


def _point(spec: dict) -> ServicePoint | None:
    organisation = Organisation.objects.filter(code=spec["organisation"]).first()
    unit = Unit.objects.filter(organisation=organisation, code=spec["unit"]).first()
    if organisation is None or unit is None:
        return None
    found = ServicePoint.objects.filter(organisation=organisation, code=spec["code"]).first()
    if found is not None:
        return found
    fields = {key: spec[key] for key in ("code", "name_zh", "name_en", "address_zh",
                                         "address_en", "phone", "locality", "slot_minutes",
                                         "accessibility")}
    point = services.service_point_save(
        point=ServicePoint(organisation=organisation, unit=unit, **fields), actor=None,
        expected_version=None)
    _hours(point, spec)
    for code, capacity, home_visits in spec["offers"]:
        service_type = ServiceType.objects.filter(organisation=organisation, code=code).first()
        if service_type is not None:
            ServiceOffer.objects.create(service_point=point, service_type=service_type,
                                        capacity=capacity, home_visits=home_visits)
    return point


def _hours(point: ServicePoint, spec: dict) -> None:
    for weekday in range(5):
        for opens, closes in OFFICE_HOURS:
            OpeningHours.objects.create(service_point=point, weekday=weekday, opens=opens,
                                        closes=closes)
        if spec["evening"] and weekday == 2:  # Wednesday evenings: extended hours
            OpeningHours.objects.create(service_point=point, weekday=weekday,
                                        opens=spec["evening"][0], closes=spec["evening"][1],
                                        extended=True)
    if spec["saturday"]:
        OpeningHours.objects.create(service_point=point, weekday=Weekday.SATURDAY,
                                    opens=spec["saturday"][0], closes=spec["saturday"][1],
                                    on_days_off=True, extended=True)


def _first_free(offer: ServiceOffer):
    today = timezone.localdate()
    slots = selectors.free_slots(offer, first=today + dt.timedelta(days=1),
                                 last=today + dt.timedelta(days=14))
    return next((slot for slot in slots if slot.free), None)


def _bookings(point: ServicePoint) -> None:
    if Appointment.objects.filter(offer__service_point=point).exists():
        return
    offer = point.offers.order_by("pk").first()
    slot = _first_free(offer) if offer is not None else None
    if slot is not None:
        services.appointment_book(offer=offer, starts_at=slot.starts_at,
                                  contact=services.Contact(name="陳大文",
                                                           email="dawen@example.org"),
                                  note="需申請報單副本三份。", idempotency_key=f"demo:{point.pk}")
    visits = point.offers.filter(home_visits=True).first()
    if visits is not None:
        services.home_visit_request(
            offer=visits, preferred_date=timezone.localdate() + dt.timedelta(days=7),
            home_address="臺北市大安區和平東路二段106號5樓",
            contact=services.Contact(name="林阿嬤", phone="0912-345-678"),
            note="行動不便，需輪椅，無法至櫃檯辦理。", idempotency_key=f"demo-visit:{point.pk}")


def load() -> None:
    for spec in POINTS:
        point = _point(spec)
        if point is None:
            logger.info("appointments demo: %s/%s is missing; skipped", spec["organisation"],
                        spec["unit"])
            continue
        _bookings(point)
