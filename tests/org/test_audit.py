"""The audit trail page and API: only for holders of `audit.view`, only their own
organisations' events, newest first, filtered by object, actor and dates."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minfu.core import audit
from minfu.core.localtime import TAIPEI
from minfu.core.models import AuditEvent
from minfu.org import actions
from minfu.org.models import Role
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db


def saved(unit, *, actor, day: dt.date):
    with time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=TAIPEI), tick=False):
        return audit.record(actor=actor, action=actions.UNIT_SAVED, obj=unit,
                            before={"name_zh": "舊"}, after={"name_zh": unit.name_zh})


@pytest.fixture
def trail(world):
    """Events of both agencies; the NTBT coordinator may read NTBT's."""
    world.ntbt_coordinator = staff_user(world.units.ntbt_sec, Role.QUALITY_COORDINATOR,
                                        username="ntbt-coordinator")
    AuditEvent.objects.all().delete()  # setting up the world left its own trail
    world.tpc_events = [saved(world.units.bus1, actor=world.tpc_admin, day=dt.date(2025, 3, 3)),
                        saved(world.units.tpc_sec, actor=world.tpc_admin,
                              day=dt.date(2025, 3, 5))]
    world.ntbt_events = [saved(world.units.ntbt_svc, actor=world.ntbt_admin,
                               day=dt.date(2025, 3, 4))]
    return world


def page(client, user, **query):
    client.force_login(user)
    return client.get(reverse("org:staff-audit"), query)


def api_list(user, **query):
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client.get(reverse("api:audit-event-list"), query)


def test_events_carry_the_organisation_of_their_object(trail):
    assert [event.organisation_id for event in trail.tpc_events] == [trail.tpc.pk] * 2


def test_a_coordinator_sees_only_their_own_agency_newest_first(client, trail):
    response = page(client, trail.ntbt_coordinator)
    assert response.status_code == 200
    assert list(response.context["events"]) == trail.ntbt_events
    body = api_list(trail.ntbt_coordinator).json()
    assert [row["id"] for row in body["results"]] == [e.pk for e in trail.ntbt_events]
    admin = page(client, trail.tpc_admin)
    assert list(admin.context["events"]) == trail.tpc_events[::-1]


def test_an_officer_without_audit_view_is_refused(client, trail):
    assert page(client, trail.tpc_officer).status_code == 403
    assert api_list(trail.tpc_officer).status_code == 403


def test_the_menu_links_the_page_only_for_those_who_may_open_it(client, trail):
    client.force_login(trail.tpc_admin)
    link = reverse("org:staff-audit")
    assert link in client.get(reverse("org:staff-directory")).content.decode()
    client.force_login(trail.tpc_officer)
    assert link not in client.get(reverse("org:staff-directory")).content.decode()


def test_filters_by_object_actor_and_roc_dates(client, trail):
    admin, [older, newer] = trail.tpc_admin, trail.tpc_events
    by_object = page(client, admin, object_type="org.unit", object_id=str(older.object_id))
    assert list(by_object.context["events"]) == [older]
    assert list(page(client, admin, actor="ntbt-admin").context["events"]) == []
    assert list(page(client, admin, actor="tpc-admin").context["events"]) == [newer, older]
    by_day = page(client, admin, since="114/03/04", until="114/03/05")
    assert list(by_day.context["events"]) == [newer]
    assert "114/03/05" in by_day.content.decode()
    assert list(page(client, admin, until="114/03/03").context["events"]) == [older]
    body = api_list(admin, since="2025-03-04", object_type="org.unit").json()
    assert [row["id"] for row in body["results"]] == [newer.pk]
    assert body["results"][0]["before"] == {"name_zh": "舊"}
