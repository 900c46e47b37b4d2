"""Demo petitions: varied states over the past year, loaded once."""

import pytest

from minfu.org import demo as org_demo
from minfu.voice import demo
from minfu.voice.models import Category, FollowUp, MailboxReader, Petition, Rating

pytestmark = pytest.mark.django_db


def test_demo_loads_varied_petitions_and_is_idempotent():
    org_demo.load()
    demo.load()
    count = Petition.objects.count()
    assert count >= demo.COUNT
    states = set(Petition.objects.values_list("state", flat=True))
    assert {"replied", "merged", "transferred", "not_handled", "received"} <= states
    assert Rating.objects.filter(score__isnull=False).exists()
    assert FollowUp.objects.exists() or Rating.objects.filter(satisfied=True).exists()
    assert MailboxReader.objects.filter(user__username="tpc-coordinator").exists()
    assert Petition.objects.filter(transferred_from__isnull=False,
                                   organisation__code="NTBT").exists()
    demo.load()
    assert Petition.objects.count() == count
    assert Category.objects.filter(organisation__code="TPC").count() == 3
