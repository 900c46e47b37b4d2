"""Demo closures: the typhoon day of Kong-rey (康芮), 2024-10-31, when every city and
county of Taiwan stopped office work, recorded for the demo agencies' localities so that
the office calendar and deadline pages show a closure at work."""

import datetime as dt

from minfu.org.models import Locality
from minfu.workcal.models import Closure
from minfu.workcal.services import closure_create

KONG_REY = dt.date(2024, 10, 31)
# The demo agencies sit in Taipei (NTBT) and Taoyuan (TPC).
DECLARED_BY = {Locality.TAIPEI: "臺北市政府", Locality.TAOYUAN: "桃園市政府"}


def load() -> None:
    for locality, authority in DECLARED_BY.items():
        if Closure.objects.filter(locality=locality, date=KONG_REY).exists():
            continue
        closure_create(locality=locality, date=KONG_REY,
                       notice_reference=f"{authority}宣布113年10月31日停止上班（颱風康芮）",
                       note="颱風康芮，全臺各縣市停止上班。", actor=None)
