import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from minfu.metrics import services as metrics_services
from minfu.voice.models import Petition
from tests.metrics.factories import populate, world
from tests.voice.factories import category, submit

TAIPEI = ZoneInfo("Asia/Taipei")
NOW = dt.datetime(2025, 12, 1, 12, 0, tzinfo=TAIPEI)


@pytest.fixture
def now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def data(db, now):
    """The metrics world (a ministry, agencies A and B) with its applications, and
    petitions of agency A in August 2025: seven complaints by web (five "general", two
    "roads"), three compliments by the head-of-agency mailbox ("praise") and one
    suggestion by e-mail ("general"); rollups rebuilt."""
    w = world()
    populate(w)
    general = category(w.unit_a1)
    roads = category(w.unit_a1, code="roads")
    praise = category(w.unit_a1, code="praise")
    for day in range(1, 8):
        submit(w.unit_a1, received_at=dt.datetime(2025, 8, day, 10, tzinfo=TAIPEI),
               cat=general if day <= 5 else roads)
    for day in range(10, 13):
        compliment, _code = submit(w.unit_a1, kind="compliment", cat=praise,
                                   received_at=dt.datetime(2025, 8, day, 10, tzinfo=TAIPEI))
        Petition.objects.filter(pk=compliment.pk).update(channel="mailbox")
    suggestion, _code = submit(w.unit_a1, kind="suggestion", cat=general,
                               received_at=dt.datetime(2025, 8, 9, 10, tzinfo=TAIPEI))
    Petition.objects.filter(pk=suggestion.pk).update(channel="email")  # as keyed by staff
    metrics_services.rollups_rebuild(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 1))
    return w
