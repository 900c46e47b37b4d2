from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minfu.notify import services
from minfu.notify.models import OutboxMessage
from tests.notify.helpers import queue, template

Status = OutboxMessage.Status


def _fail(message):
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.FAILED,
                                                        last_error="mail server down")


def test_outbox_lists_only_the_users_organisations(client, world):
    mine = queue(world.tpc, dedupe_key="mine", recipient="mine@example.com")
    queue(world.ntbt, dedupe_key="theirs", recipient="theirs@example.com")
    client.force_login(world.tpc_admin)
    response = client.get(reverse("notify:staff-outbox"))
    assert list(response.context["page_obj"]) == [mine]
    assert "theirs@example.com" not in response.content.decode()


def test_outbox_filters_by_status(client, world):
    pending = queue(world.tpc, dedupe_key="a")
    failed = queue(world.tpc, dedupe_key="b")
    _fail(failed)
    client.force_login(world.tpc_admin)
    response = client.get(reverse("notify:staff-outbox"), {"status": "failed"})
    assert list(response.context["page_obj"]) == [failed]
    assert response.context["counts"] == {"pending": 1, "failed": 1}
    response = client.get(reverse("notify:staff-outbox"), {"status": "nonsense"})
    assert set(response.context["page_obj"]) == {pending, failed}


def test_outbox_query_count_does_not_grow_with_messages(client, world):
    client.force_login(world.tpc_admin)
    url = reverse("notify:staff-outbox")
    queue(world.tpc, dedupe_key="first")
    client.get(url)  # warm the session and scope caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        queue(world.tpc, dedupe_key=f"more{number}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_message_detail_shows_attempts_and_resend(client, world, settings):
    settings.MINFU_NOTIFY_MAX_ATTEMPTS = 1
    settings.EMAIL_BACKEND = "tests.notify.helpers.MailServerDown"
    message = queue(world.tpc)
    services.outbox_deliver_due()
    client.force_login(world.tpc_admin)
    response = client.get(reverse("notify:staff-message", args=[message.pk]))
    page = response.content.decode()
    assert "ConnectionRefusedError: mail server down" in page
    assert reverse("notify:staff-message-resend", args=[message.pk]) in page

    response = client.post(reverse("notify:staff-message-resend", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 0)


def test_resend_of_a_pending_message_is_refused_with_a_message(client, world):
    message = queue(world.tpc)
    client.force_login(world.tpc_admin)
    response = client.post(reverse("notify:staff-message-resend", args=[message.pk]),
                           follow=True)
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    message.refresh_from_db()
    assert message.status == Status.PENDING


def test_resend_needs_post(client, world):
    message = queue(world.tpc)
    _fail(message)
    client.force_login(world.tpc_admin)
    assert client.get(reverse("notify:staff-message-resend", args=[message.pk])).status_code \
        == 405


def test_another_agency_can_neither_see_nor_resend(client, world):
    message = queue(world.tpc)
    _fail(message)
    client.force_login(world.ntbt_officer)
    assert client.get(reverse("notify:staff-message", args=[message.pk])).status_code == 404
    assert client.post(
        reverse("notify:staff-message-resend", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert message.status == Status.FAILED


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    response = client.get(reverse("notify:staff-outbox"))
    assert response.status_code == 302
    assert reverse("web:staff-login") in response["Location"]


def test_template_list_shows_defaults_and_own_overrides(client, world):
    own = template(organisation=world.tpc, body_zh="機關版")
    other = template(organisation=world.ntbt, body_zh="他機關")
    client.force_login(world.tpc_officer)
    templates = list(client.get(reverse("notify:staff-templates")).context["templates"])
    assert world.default_template in templates and own in templates
    assert other not in templates
    assert client.get(reverse("notify:staff-template-preview", args=[other.pk])).status_code \
        == 404


def test_preview_renders_both_languages_with_sample_context(client, world):
    client.force_login(world.tpc_officer)
    response = client.get(reverse("notify:staff-template-preview",
                                  args=[world.default_template.pk]))
    assert response.context["chinese"].body == "您好王小明，案件1140305-0001已收件。"
    assert response.context["english"].body == "Dear 王小明, case 1140305-0001 is received."
    assert "case_number" in response.content.decode()


def test_preview_reports_a_template_that_fails_at_render_time(client, world):
    broken = template(organisation=world.tpc, body_zh="{% url 'no-such-page' %}",
                      skip_checks=True)
    client.force_login(world.tpc_officer)
    response = client.get(reverse("notify:staff-template-preview", args=[broken.pk]))
    assert response.status_code == 200
    assert "NoReverseMatch" in response.context["error"]
