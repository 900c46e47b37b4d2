"""The open-data listing of an agency's service points (服務據點): where they are, when
they open, what they offer and how accessible they are (minfu.opendata.registry; named
in the setting MINFU_OPEN_DATA_MODULES)."""

import datetime as dt

from minfu.appointments.models import Accessibility, ServicePoint, Weekday
from minfu.appointments.selectors import public_service_points
from minfu.opendata.registry import DatasetKind, Field, Table, TableSpec

POINTS = TableSpec("service_points", "服務據點", "Service points", (
    Field("code", "string", "據點代碼", "Code"),
    Field("name_zh", "string", "據點名稱", "Name (Chinese)"),
    Field("name_en", "string", "英文名稱", "Name (English)"),
    Field("address_zh", "string", "地址", "Address (Chinese)"),
    Field("address_en", "string", "英文地址", "Address (English)"),
    Field("locality", "string", "縣市", "City or county"),
    Field("phone", "string", "電話", "Telephone"),
    Field("email", "string", "電子郵件", "E-mail"),
    Field("accessibility", "string", "無障礙設施與服務", "Accessibility",
          "以頓號分隔", "Separated by 、"),
    Field("services", "string", "可預約服務", "Services by appointment",
          "服務代碼，以逗號分隔", "Service codes, separated by commas"),
    Field("home_visits", "boolean", "提供到府服務", "Home visits offered"),
), primary_key=("code",))

HOURS = TableSpec("opening_hours", "服務時間", "Opening hours", (
    Field("code", "string", "據點代碼", "Code"),
    Field("day", "string", "星期", "Day", "星期一至日，或補行上班日", "Monday to Sunday, or make-up working day"),
    Field("opens", "string", "開始時間", "Opens", "HH:MM", "HH:MM"),
    Field("closes", "string", "結束時間", "Closes", "HH:MM", "HH:MM"),
    Field("on_days_off", "boolean", "放假日亦服務", "Also on days off"),
    Field("extended", "boolean", "延長服務時段", "Extended hours"),
))

DAY_ZH = dict(zip(Weekday.values, ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六",
                                   "星期日", "補行上班日"), strict=True))
ACCESSIBILITY_ZH = {
    Accessibility.STEP_FREE: "無障礙通道", Accessibility.ACCESSIBLE_TOILET: "無障礙廁所",
    Accessibility.ACCESSIBLE_PARKING: "無障礙停車位", Accessibility.LOW_COUNTER: "低櫃檯",
    Accessibility.HEARING_LOOP: "助聽迴路", Accessibility.SIGN_LANGUAGE: "手語翻譯（預約）",
    Accessibility.BRAILLE: "點字及大字表單", Accessibility.PRIORITY_SEATING: "博愛座",
}


def _point_row(point: ServicePoint) -> list:
    offers = point.active_offers
    return [point.code, point.name_zh, point.name_en, point.address_zh, point.address_en,
            point.locality, point.phone, point.email,
            "、".join(ACCESSIBILITY_ZH.get(code, code) for code in point.accessibility),
            ",".join(offer.service_type.code for offer in offers),
            any(offer.home_visits for offer in offers)]


def build_points(organisation, today: dt.date) -> list[Table]:
    points = list(public_service_points().filter(organisation=organisation))
    hours = [[point.code, DAY_ZH[window.weekday], f"{window.opens:%H:%M}",
              f"{window.closes:%H:%M}", window.on_days_off, window.extended]
             for point in points for window in point.hours.all()]
    return [Table(POINTS, [_point_row(point) for point in points]), Table(HOURS, hours)]


def _has_points(organisation) -> bool:
    return public_service_points().filter(organisation=organisation).exists()


DATASETS = [
    DatasetKind(
        code="service_points", slug="service-points",
        title_zh="{organisation}服務據點", title_en="{organisation}: service points",
        description_zh="本機關服務據點之地址、服務時間（含延長服務）、可預約服務、到府服務及無障礙設施。",
        description_en="The agency's service points: address, opening hours (extended hours "
                       "included), services by appointment, home visits and accessibility.",
        tables=(POINTS, HOURS), build=build_points, frequency="monthly",
        keywords_zh="服務據點,預約,無障礙", keywords_en="service points,appointments,accessibility",
        applies=_has_points),
]
