"""Who may resend a message and change templates: notify.resend (agency administrators;
officers and supervisors only for messages about a record they may see) and
notify.edit_templates (agency administrators and quality coordinators)."""

import datetime as dt

import pytest
from django.urls import reverse

from minfu.core.errors import PermissionDenied
from minfu.notify import services
from minfu.notify.models import OutboxMessage
from minfu.org.models import Role
from tests.cases import factories as case_factories
from tests.notify.helpers import queue, template
from tests.org.factories import UnitFactory, staff_user
from tests.voice import factories as voice_factories

Status = OutboxMessage.Status


def _failed(message):
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED)
    return message


@pytest.fixture
def about_a_case(world):
    """A failed message about an application of the first agency's unit SVC."""
    unit = world.tpc_officer.memberships.get().unit
    case, _code = case_factories.submit(case_factories.service(unit, code="PERMIT"),
                                        received_at=case_factories.at(dt.date(2025, 3, 3)))
    return _failed(queue(world.tpc, dedupe_key="about-case", related=case))


def _resend_page(client, user, message):
    client.force_login(user)
    shown = reverse("notify:staff-message-resend", args=[message.pk]) in client.get(
        reverse("notify:staff-message", args=[message.pk])).content.decode()
    return shown, client.post(reverse("notify:staff-message-resend", args=[message.pk]))


def test_an_officer_who_sees_the_case_resends_its_message(client, world, about_a_case):
    shown, response = _resend_page(client, world.tpc_officer, about_a_case)
    assert shown and response.status_code == 302
    about_a_case.refresh_from_db()
    assert about_a_case.status == Status.PENDING


def test_an_officer_of_another_unit_does_not_even_see_the_message(client, world,
                                                                  about_a_case):
    client.force_login(staff_user(UnitFactory(organisation=world.tpc, code="OTHER")))
    assert client.get(reverse("notify:staff-message", args=[about_a_case.pk])).status_code \
        == 404
    assert client.post(reverse("notify:staff-message-resend", args=[about_a_case.pk])) \
        .status_code == 404
    assert client.post(reverse("api:notify-message-resend", args=[about_a_case.pk])) \
        .status_code == 404
    about_a_case.refresh_from_db()
    assert about_a_case.status == Status.FAILED


def test_a_coordinator_who_sees_the_case_may_not_resend(client, world, about_a_case):
    coordinator = staff_user(UnitFactory(organisation=world.tpc, code="OTHER"),
                             Role.QUALITY_COORDINATOR)
    shown, response = _resend_page(client, coordinator, about_a_case)
    assert not shown and response.status_code == 403
    api = client.post(reverse("api:notify-message-resend", args=[about_a_case.pk]))
    assert api.status_code == 403
    assert api.json()["error"] == {"code": "forbidden", "message": api.json()["error"][
        "message"], "details": {"action": "notify.resend"}}
    about_a_case.refresh_from_db()
    assert about_a_case.status == Status.FAILED


def test_another_agencys_user_cannot_resend(client, world, about_a_case):
    ntbt_admin = staff_user(world.ntbt_officer.memberships.get().unit, Role.AGENCY_ADMIN)
    client.force_login(ntbt_admin)
    assert client.post(reverse("notify:staff-message-resend",
                               args=[about_a_case.pk])).status_code == 404
    assert client.post(reverse("api:notify-message-resend",
                               args=[about_a_case.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.outbox_message_resend(message=about_a_case, actor=ntbt_admin)


def test_a_message_without_a_record_is_for_the_agency_administrator(client, world):
    """Staff messages (digests, reminders) name records of several units: an officer of
    one unit neither sees nor resends them."""
    message = _failed(queue(world.tpc))
    client.force_login(world.tpc_officer)
    assert client.post(reverse("api:notify-message-resend", args=[message.pk])).status_code \
        == 404
    client.force_login(world.tpc_admin)
    assert client.post(reverse("api:notify-message-resend", args=[message.pk])).status_code \
        == 200


def test_a_head_of_agency_mailbox_message_needs_a_reader(world):
    unit = world.tpc_officer.memberships.get().unit
    petition, _code = voice_factories.submit(unit, channel="mailbox")
    message = _failed(queue(world.tpc, dedupe_key="about-mailbox", related=petition))
    with pytest.raises(PermissionDenied):
        services.outbox_message_resend(message=message, actor=world.tpc_admin)


def test_templates_are_changed_by_administrators_and_coordinators_only(world):
    coordinator = staff_user(world.tpc_officer.memberships.get().unit,
                             Role.QUALITY_COORDINATOR)
    own = template(organisation=world.tpc, body_zh="機關版")
    own.body_zh = "改過"
    services.message_template_save(template=own, expected_version=own.version,
                                   actor=coordinator)
    for refused, row in ((world.tpc_officer, own), (world.ntbt_officer, own),
                         (world.tpc_admin, world.default_template)):
        with pytest.raises(PermissionDenied):
            services.message_template_save(template=row, expected_version=row.version,
                                           actor=refused)
