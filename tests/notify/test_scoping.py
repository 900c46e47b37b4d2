"""The outbox is scoped like the records its messages are about: an officer sees the
messages of the applications and petitions they see (their unit, not another's), a
head-of-agency mailbox petition's messages only its readers see, and staff messages
(digests, reminders) only those who see the organisation whole."""

import datetime as dt

import pytest
from django.urls import reverse

from minfu.notify.models import OutboxMessage
from minfu.org.models import Role
from minfu.voice.models import MailboxReader
from tests.cases import factories as case_factories
from tests.notify.helpers import queue
from tests.org.factories import UnitFactory, staff_user
from tests.voice import factories as voice_factories


@pytest.fixture
def outbox(world):
    """Messages of the first agency about an application and a petition of unit SVC, a
    head-of-agency mailbox petition and no record at all."""
    unit = world.tpc_officer.memberships.get().unit
    case, _code = case_factories.submit(case_factories.service(unit, code="PERMIT"),
                                        received_at=case_factories.at(dt.date(2025, 3, 3)))
    petition, _code = voice_factories.submit(unit)
    mailbox, _code = voice_factories.submit(unit, channel="mailbox", subject="首長信箱密件")
    OutboxMessage.objects.all().delete()  # the receipts: the tests queue their own
    return {
        "case": queue(world.tpc, dedupe_key="case", related=case),
        "petition": queue(world.tpc, dedupe_key="petition", related=petition),
        "mailbox": queue(world.tpc, dedupe_key="mailbox", related=mailbox),
        "staff": queue(world.tpc, dedupe_key="staff"),
    }


def _listed(client, user) -> tuple[set, set, dict]:
    """What the page and the API list for `user`, and the page's counts."""
    client.force_login(user)
    page = client.get(reverse("notify:staff-outbox")).context
    api = client.get(reverse("api:notify-message-list")).json()["results"]
    return ({message.pk for message in page["page_obj"]}, {row["id"] for row in api},
            page["counts"])


def _ids(outbox, *names) -> set:
    return {outbox[name].pk for name in names}


def test_the_units_officer_sees_the_messages_of_its_records(client, world, outbox):
    page, api, counts = _listed(client, world.tpc_officer)
    assert page == api == _ids(outbox, "case", "petition")
    assert counts == {"pending": 2}


def test_an_officer_of_another_unit_sees_none_of_them(client, world, outbox):
    other = staff_user(UnitFactory(organisation=world.tpc, code="OTHER"), Role.OFFICER)
    page, api, counts = _listed(client, other)
    assert page == api == set() and counts == {}
    for message in outbox.values():
        assert client.get(reverse("notify:staff-message", args=[message.pk])).status_code \
            == 404
        assert client.get(reverse("api:notify-message-detail", args=[message.pk])) \
            .status_code == 404


def test_a_mailbox_petitions_messages_are_for_its_readers(client, world, outbox):
    page, api, _ = _listed(client, world.tpc_admin)  # sees the agency whole, reads no mail
    assert page == api == _ids(outbox, "case", "petition", "staff")
    assert client.get(reverse("notify:staff-message", args=[outbox["mailbox"].pk])) \
        .status_code == 404

    MailboxReader.objects.create(organisation=world.tpc, user=world.tpc_admin)
    page, api, _ = _listed(client, world.tpc_admin)
    assert page == api == _ids(outbox, "case", "petition", "staff", "mailbox")


def test_the_admin_lists_what_the_pages_list(world, outbox, rf):
    from django.contrib.admin.sites import site

    request = rf.get("/")
    request.user = world.tpc_officer
    assert set(site._registry[OutboxMessage].get_queryset(request)) == {
        outbox["case"], outbox["petition"]}


def test_the_list_takes_the_same_few_queries_however_many_records(
        client, world, outbox, django_assert_max_num_queries):
    client.force_login(world.tpc_officer)
    client.get(reverse("notify:staff-outbox"))  # the session and scope caches
    unit = world.tpc_officer.memberships.get().unit
    version = case_factories.service(unit, code="MORE")
    for number in range(8):
        case, _code = case_factories.submit(version)
        petition, _code = voice_factories.submit(unit)
        queue(world.tpc, dedupe_key=f"case-{number}", related=case)
        queue(world.tpc, dedupe_key=f"petition-{number}", related=petition)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("notify:staff-outbox"))
    assert len(page.context["page_obj"]) > 16
    with django_assert_max_num_queries(9):
        client.get(reverse("api:notify-message-list"))
