"""Applications tell the applicant through the outbox, in the same transaction."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from minfu.cases import services
from minfu.cases.models import CaseEvent, CaseExtension
from minfu.core.errors import Conflict
from minfu.notify.events import sample_context
from minfu.notify.models import MessageTemplate, OutboxMessage
from minfu.notify.rendering import preview
from minfu.notify.services import outbox_deliver_due
from minfu.org.models import Role
from minfu.records.timeline import timeline
from tests.cases.factories import at, officer, person, service, submit
from tests.notify.helpers import stored_row, what_staff_see

pytestmark = pytest.mark.django_db

MARCH_3 = dt.date(2025, 3, 3)  # a Monday; five working days end on 03-10
CASE_EVENTS = ["case.received", "case.deficiency_notice", "case.extended", "case.decided",
               "case.transferred", "case.withdrawn"]


def received(**applicant):
    version = service(period_value=5, norm_value=2)
    case, code = submit(version, received_at=at(MARCH_3), applicant=person(**applicant))
    return case, code, officer(version.responsible_unit)


def messages(case, event):
    return list(OutboxMessage.objects.filter(related_id=str(case.pk), event=event))


def travel(day):
    return time_machine.travel(at(day), tick=False)


@pytest.mark.parametrize("event", CASE_EVENTS)
@pytest.mark.parametrize("channel", ["email", "sms"])
def test_every_case_event_has_a_bilingual_default_that_renders(event, channel):
    template = MessageTemplate.objects.get(event=event, channel=channel,
                                           organisation__isnull=True, service_type__isnull=True)
    rendered = preview(template, sample_context(event))
    assert rendered["zh-hant"].body != rendered["en"].body
    assert "1140305-0001" in rendered["zh-hant"].body and "{" not in rendered["en"].body


def test_receipt_goes_by_email_in_chinese_with_roc_dates_and_the_lookup_link():
    case, code, _ = received()
    [message] = messages(case, "case.received")
    assert message.channel == "email" and message.recipient == "ming@example.tw"
    assert message.dedupe_key == f"case:{case.pk}:received:1"
    assert case.number in message.subject
    assert "114年3月10日" in message.body
    assert message.body.count("/applications/lookup/") == 1


def test_the_access_code_goes_to_the_applicant_and_is_shown_to_no_staff(client):
    case, code, clerk = received()
    [message] = messages(case, "case.received")
    assert code not in stored_row(message)
    assert code not in what_staff_see(client, message, officer=clerk)

    outbox_deliver_due()
    [sent] = mail.outbox
    assert sent.to == ["ming@example.tw"] and f"查詢碼：{code}" in sent.body
    assert code not in stored_row(message)


def test_without_email_the_receipt_goes_by_sms_in_english():
    case, _, _ = received(email="", phone="0912345678", language="en")
    [message] = messages(case, "case.received")
    assert (message.channel, message.recipient, message.language) == ("sms", "0912345678", "en")
    assert "2025-03-10" in message.body and "application" in message.body


def test_no_contact_means_no_message_and_an_event_that_says_so():
    case, _, clerk = received()
    case.contact_email = ""
    case.save(update_fields=["contact_email"])
    with travel(dt.date(2025, 3, 4)):
        services.case_withdraw(case=case, reason="no longer needed")
    assert messages(case, "case.withdrawn") == []
    event = CaseEvent.objects.get(case=case, action="case.notice.skipped")
    assert event.data == {"event": "case.withdrawn", "reason": "no_contact"}
    [staff_entry] = [entry for entry in timeline(case) if entry.action == "case.notice.skipped"]
    assert staff_entry.label != "notice_not_sent"  # labelled for officers
    assert "case.notice.skipped" not in [entry.action for entry in timeline(case, public=True)]


def test_deficiency_notice_lists_every_item_with_notes_deadline_and_pause():
    case, _, clerk = received()
    items = list(case.service_type_version.documents.values_list("pk", flat=True))
    with travel(dt.date(2025, 3, 4)):
        notice = services.deficiency_notice_issue(
            case=case, items=items, notes={items[0]: "請加蓋印章"}, actor=clerk,
            supplement_due_date=dt.date(2025, 3, 20))
    [message] = messages(case, "case.deficiency_notice")
    assert message.dedupe_key == f"case:{case.pk}:deficiency_notice:1"
    for item in notice.items:
        assert item["name_zh"] in message.body
    assert "（請加蓋印章）" in message.body and "114年3月20日" in message.body
    assert "暫停計算" in message.body


def test_extension_notice_is_queued_and_only_then_marks_the_notice_sent():
    case, _, clerk = received()
    supervisor = officer(case.unit, Role.SUPERVISOR)
    with travel(dt.date(2025, 3, 7)):
        extension = services.case_extend(case=case, reason="需會勘現場", extra_value=5,
                                         approved_by=supervisor, actor=clerk)
    [message] = messages(case, "case.extended")
    assert extension.notice_sent_at == message.created_at == at(dt.date(2025, 3, 7))
    assert "需會勘現場" in message.body and "第51條" in message.body
    assert "114年3月17日" in message.body and "114年3月10日" in message.body


def test_extension_without_contact_leaves_the_notice_unsent():
    case, _, clerk = received()
    case.contact_email = ""  # the applicant asked to be told nothing more by e-mail
    case.save(update_fields=["contact_email"])
    with travel(dt.date(2025, 3, 7)):
        services.case_extend(case=case, reason="site visit", extra_value=5,
                             approved_by=officer(case.unit, Role.SUPERVISOR), actor=clerk)
    assert CaseExtension.objects.get(case=case).notice_sent_at is None
    assert CaseEvent.objects.filter(case=case, action="case.notice.skipped",
                                    data__event="case.extended").exists()


def test_a_rejection_names_the_appeal_remedy_an_approval_does_not():
    rejected, _, clerk = received()
    approved, _, other_clerk = received()
    with travel(dt.date(2025, 3, 5)):
        rejected = services.case_accept(case=rejected, actor=clerk)
        services.case_decide(case=rejected, outcome="rejected", actor=clerk,
                             public_note_zh="資格不符")
        approved = services.case_accept(case=approved, actor=other_clerk)
        services.case_decide(case=approved, outcome="approved", actor=other_clerk)
    [refusal] = messages(rejected, "case.decided")
    assert "資格不符" in refusal.body and "訴願" in refusal.body and "30日" in refusal.body
    [approval] = messages(approved, "case.decided")
    assert "訴願" not in approval.body


def test_transfer_names_the_authority_and_the_reason():
    case, _, clerk = received(language="en")
    with travel(dt.date(2025, 3, 4)):
        services.case_transfer(case=case, to_organisation_name="Kaohsiung Tax Office",
                               reason="outside our district", actor=clerk)
    [message] = messages(case, "case.transferred")
    assert "Kaohsiung Tax Office" in message.body and "outside our district" in message.body


def test_the_message_rolls_back_with_a_refused_change():
    case, _, clerk = received()
    stale_version = case.version
    services.case_accept(case=case, actor=clerk)
    with pytest.raises(Conflict):
        services.case_withdraw(case=case, expected_version=stale_version)
    assert messages(case, "case.withdrawn") == []


def test_an_inactive_template_does_not_block_the_change():
    MessageTemplate.objects.filter(event="case.received").update(is_active=False)
    case, _, _ = received()
    assert messages(case, "case.received") == []
    event = CaseEvent.objects.get(case=case, action="case.notice.skipped")
    assert event.data["reason"] == "no_template"
