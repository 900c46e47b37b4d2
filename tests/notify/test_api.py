from django.urls import reverse

from minfu.notify.models import OutboxMessage
from tests.notify.helpers import queue

Status = OutboxMessage.Status


def _fail(message):
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED)


def test_list_is_scoped_and_filtered(client, world):
    mine = queue(world.tpc, dedupe_key="mine")
    failed = queue(world.tpc, dedupe_key="failed")
    _fail(failed)
    queue(world.ntbt, dedupe_key="theirs")
    client.force_login(world.tpc_admin)
    url = reverse("api:notify-message-list")
    ids = [row["id"] for row in client.get(url).json()["results"]]
    assert sorted(ids) == sorted([mine.pk, failed.pk])
    filtered = client.get(url, {"status": "failed"}).json()["results"]
    assert [row["id"] for row in filtered] == [failed.pk]
    assert filtered[0]["organisation"] == "TPC"


def test_detail_includes_attempts(client, world):
    message = queue(world.tpc)
    client.force_login(world.tpc_admin)
    body = client.get(reverse("api:notify-message-detail", args=[message.pk])).json()
    assert body["body"] == message.body
    assert body["delivery_attempts"] == []


def test_resend_and_its_conflict(client, world):
    message = queue(world.tpc)
    client.force_login(world.tpc_admin)
    url = reverse("api:notify-message-resend", args=[message.pk])
    refused = client.post(url)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "not_resendable"
    _fail(message)
    response = client.post(url)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["attempts"]) == ("pending", 0)


def test_another_agency_gets_404(client, world):
    message = queue(world.tpc)
    _fail(message)
    client.force_login(world.ntbt_officer)
    assert client.get(reverse("api:notify-message-detail", args=[message.pk])).status_code == 404
    response = client.post(reverse("api:notify-message-resend", args=[message.pk]))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    message.refresh_from_db()
    assert message.status == Status.FAILED


def test_anonymous_is_refused(client, world):
    assert client.get(reverse("api:notify-message-list")).status_code in (401, 403)
