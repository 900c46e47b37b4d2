"""Officers' pages: queues, the case page and its steps, mailbox and agency scoping,
recording, configuration and statistics."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minfu.core.errors import PermissionDenied
from minfu.org.models import Role
from minfu.records.uploads import IncomingFile
from minfu.voice import services
from minfu.voice.models import MailboxReader, Petition
from tests.org.factories import UnitFactory, staff_user, superuser
from tests.voice.factories import (
    agency_unit,
    at,
    category,
    category_of,
    officer,
    person,
    submit,
    supervisor,
)

pytestmark = pytest.mark.django_db

TODAY = at(dt.date(2025, 10, 20), 11)


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def unit():
    return agency_unit()


def _post(client, petition, action, **data):
    payload = {f"{action}-{key}": value for key, value in data.items()}
    payload.setdefault(f"{action}-version", Petition.objects.get(pk=petition.pk).version)
    return client.post(reverse("voice:staff-action", args=[petition.pk, action]), payload)


def test_unit_queue_lists_open_petitions_with_marks(client, unit):
    late, _ = submit(unit, received_at=at(dt.date(2025, 9, 1)))
    fresh, _ = submit(unit, received_at=at(dt.date(2025, 10, 20)))
    client.force_login(officer(unit))
    response = client.get(reverse("voice:staff-queue-view", args=["unit"]))
    rows = response.context["rows"]
    assert [(p.pk, mark) for p, mark in rows] == [(late.pk, "overdue"), (fresh.pk, "")]
    overdue = client.get(reverse("voice:staff-queue-view", args=["overdue"]))
    assert [p.pk for p, _ in overdue.context["rows"]] == [late.pk]


def _category_choices(client) -> set[str]:
    response = client.get(reverse("voice:staff-queue"))
    return {category.code for category in
            response.context["filters"].fields["category"].queryset}


def test_queue_category_filter_offers_the_agencies_the_officer_may_see(client, unit):
    category(unit, code="roads")
    elsewhere = agency_unit(code="OTHER")
    category(elsewhere, code="parks")
    user = officer(unit)
    client.force_login(user)
    assert _category_choices(client) == {"roads"}
    # Another agency's mailbox: its designated readers, and the officer a reader
    # assigned one of its mailbox petitions, filter by its categories too.
    reader = MailboxReader.objects.create(organisation=elsewhere.organisation, user=user)
    assert _category_choices(client) == {"roads", "parks"}
    reader.delete()
    mailbox, _ = submit(elsewhere, channel="mailbox", cat=category_of(elsewhere))
    Petition.objects.filter(pk=mailbox.pk).update(assigned_officer=user)
    assert _category_choices(client) == {"roads", "parks", "general"}


def test_queue_filters_by_kind_and_channel(client, unit):
    submit(unit, kind="suggestion")
    question, _ = submit(unit, kind="question")
    client.force_login(officer(unit))
    response = client.get(reverse("voice:staff-queue-view", args=["unit"]), {"kind": "question"})
    assert [p.pk for p, _ in response.context["rows"]] == [question.pk]


def test_queue_query_count_does_not_grow_with_rows(client, unit):
    client.force_login(officer(unit))
    url = reverse("voice:staff-queue-view", args=["unit"])
    submit(unit)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        submit(unit)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 7
    assert len(many) <= len(few)


def test_other_agency_gets_404_on_the_case_page(client, unit):
    petition, _ = submit(unit)
    client.force_login(officer(agency_unit()))
    assert client.get(reverse("voice:staff-detail", args=[petition.pk])).status_code == 404
    assert _post(client, petition, "start").status_code == 404


def test_mailbox_cases_are_only_for_designated_readers(client, unit):
    petition, _ = submit(unit, channel="mailbox")
    colleague = officer(unit)
    client.force_login(colleague)
    assert client.get(reverse("voice:staff-detail", args=[petition.pk])).status_code == 404
    queue = client.get(reverse("voice:staff-queue-view", args=["unit"]))
    assert not queue.context["rows"]
    reader = staff_user(UnitFactory(organisation=unit.organisation), Role.OFFICER)
    MailboxReader.objects.create(organisation=unit.organisation, user=reader)
    client.force_login(reader)
    assert client.get(reverse("voice:staff-detail", args=[petition.pk])).status_code == 200
    client.force_login(superuser())
    assert client.get(reverse("voice:staff-detail", args=[petition.pk])).status_code == 200


def test_case_page_shows_duplicates_and_merge_works(client, unit):
    main, _ = submit(unit)
    twin, _ = submit(unit, petitioner=person(name="李大華", email="hua@example.tw",
                                             phone=""))
    client.force_login(officer(unit))
    page = client.get(reverse("voice:staff-detail", args=[twin.pk]))
    assert [item.petition.pk for item in page.context["duplicates"]] == [main.pk]
    response = _post(client, twin, "merge", into_number=main.number)
    assert response.status_code == 302
    assert Petition.objects.get(pk=twin.pk).merged_into_id == main.pk


def test_a_campaign_of_like_petitions_lists_the_likeliest_and_says_how_many(client, unit):
    from minfu.voice.views.staff import DUPLICATES_SHOWN

    campaign = [submit(unit)[0] for _ in range(DUPLICATES_SHOWN + 2)]
    client.force_login(officer(unit))
    page = client.get(reverse("voice:staff-detail", args=[campaign[0].pk]))
    assert len(page.context["duplicates"]) == DUPLICATES_SHOWN
    assert page.context["duplicates_found"] == DUPLICATES_SHOWN + 1
    assert f"共找到 {DUPLICATES_SHOWN + 1} 件，列出最相似的 {DUPLICATES_SHOWN} 件" in \
        page.content.decode()


def test_merge_takes_the_longest_agency_code_typed_in_full_width(client):
    unit = agency_unit(code="CUSTOMS-KEELUNG-0001")
    main, _ = submit(unit)
    twin, _ = submit(unit)
    client.force_login(officer(unit))
    typed = " " + main.number.lower().replace("-", "\uff0d") + " "
    response = _post(client, twin, "merge", into_number=typed)
    assert response.status_code == 302
    assert Petition.objects.get(pk=twin.pk).merged_into_id == main.pk


def test_merge_into_unknown_number_shows_error(client, unit):
    petition, _ = submit(unit)
    client.force_login(officer(unit))
    response = _post(client, petition, "merge", into_number="P1140101-9999")
    assert response.status_code == 400
    assert response.context["action_forms"]["merge"].errors


def test_draft_approve_and_stale_form(client, unit):
    petition, _ = submit(unit)
    client.force_login(officer(unit))
    stale_version = petition.version
    assert _post(client, petition, "start").status_code == 302
    response = _post(client, petition, "extend", value=5, reason="會勘",
                     version=stale_version)
    assert response.status_code == 409
    assert _post(client, petition, "draft_reply", text="已修復。", legal_basis="",
                 remedies="").status_code == 302
    page = client.get(reverse("voice:staff-detail", args=[petition.pk]))
    assert "approve_reply" not in page.context["action_forms"]
    client.force_login(supervisor(unit))
    assert _post(client, petition, "approve_reply").status_code == 302
    assert Petition.objects.get(pk=petition.pk).state == "replied"


def test_not_handled_from_the_page(client, unit):
    petition, _ = submit(unit)
    client.force_login(officer(unit))
    response = _post(client, petition, "not_handled", ground="no_identity", note="")
    assert response.status_code == 302
    assert Petition.objects.get(pk=petition.pk).not_handled_ground == "no_identity"


def test_record_a_hotline_petition_once(client, unit):
    client.force_login(officer(unit))
    data = {"idempotency_key": "abc", "organisation": unit.organisation.pk,
            "channel": "hotline", "kind": "complaint", "subject": "櫃檯態度",
            "text": "電話反映櫃檯人員態度不佳", "name": "陳先生", "phone": "0223456789",
            "language": "zh-hant"}
    first = client.post(reverse("voice:staff-record"), data)
    second = client.post(reverse("voice:staff-record"), data)
    assert first.status_code == second.status_code == 302
    assert Petition.objects.filter(channel="hotline").count() == 1


def test_configuration_needs_configure_and_adds_a_category(client, unit):
    client.force_login(officer(unit))
    assert client.get(reverse("voice:staff-config")).status_code == 403
    client.force_login(staff_user(unit, Role.QUALITY_COORDINATOR))
    assert client.get(reverse("voice:staff-config")).status_code == 200
    response = client.post(reverse("voice:staff-config-add", args=["category"]), {
        "category-organisation": unit.organisation.pk, "category-code": "tax",
        "category-name_zh": "稅務", "category-name_en": "Tax", "category-limit_value": 6,
        "category-limit_unit": "working_days", "category-default_unit": unit.pk,
        "category-active": "on"})
    assert response.status_code == 302
    assert unit.organisation.petition_categories.get(code="tax").limit_unit == "working_days"


def test_statistics_page_and_export(client, unit):
    petition, _ = submit(unit, received_at=at(dt.date(2025, 2, 3)))
    services.petition_start(actor=officer(unit), petition=petition)
    client.force_login(staff_user(unit, Role.QUALITY_COORDINATOR))
    response = client.get(reverse("voice:staff-statistics"), {"year": 114, "by": "quarter"})
    assert response.status_code == 200
    assert response.context["result"].rows[0].received == 1
    export = client.get(reverse("voice:staff-statistics"),
                        {"year": 114, "by": "quarter", "format": "csv"})
    assert export.status_code == 200 and "114年第1季" in export.content.decode("utf-8-sig")


def test_statistics_break_down_one_quarter(client, unit):
    submit(unit, received_at=at(dt.date(2025, 2, 3)))
    submit(unit, received_at=at(dt.date(2025, 5, 5)))
    client.force_login(staff_user(unit, Role.QUALITY_COORDINATOR))
    url = reverse("voice:staff-statistics")
    year = client.get(url, {"year": 114, "by": "quarter"}).context["result"]
    second = client.get(url, {"year": 114, "by": "quarter", "breakdown": "q2"})
    assert sum(year.by_channel.values()) == 2 and year.breakdown_label == ""
    result = second.context["result"]
    assert sum(result.by_channel.values()) == 1 and result.total_received == 2
    assert "(114年第2季)" in second.content.decode()


def test_mailbox_reader_dispatches_to_an_officer_who_then_sees_only_that_case(client, unit):
    petition, _ = submit(unit, channel="mailbox")
    other, _ = submit(unit, channel="mailbox")
    clerk = officer(unit)
    with pytest.raises(PermissionDenied):
        services.petition_start(actor=clerk, petition=petition)
    reader = staff_user(UnitFactory(organisation=unit.organisation), Role.QUALITY_COORDINATOR)
    MailboxReader.objects.create(organisation=unit.organisation, user=reader)
    services.petition_assign(actor=reader, petition=petition, officer=clerk)
    client.force_login(clerk)
    assert client.get(reverse("voice:staff-detail", args=[petition.pk])).status_code == 200
    assert client.get(reverse("voice:staff-detail", args=[other.pk])).status_code == 404
    assert _post(client, petition, "start").status_code == 302


def test_attachments_download_only_for_those_who_see_the_petition(client, unit):
    from django.core.files.base import ContentFile

    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
    petition, _code = submit(unit, attachments=[IncomingFile(
        file=ContentFile(pdf), name="照片.pdf", content_type="application/pdf")])
    url = reverse("voice:staff-attachment", args=[petition.attachments.get().pk])
    client.force_login(officer(unit))
    assert url in client.get(reverse("voice:staff-detail", args=[petition.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf
    client.force_login(officer(agency_unit("ELSE")))
    assert client.get(url).status_code == 404


def test_the_follow_up_list_shows_the_units_open_follow_ups_only_to_its_agency(client, unit):
    petition, _code = submit(unit)
    clerk, boss = officer(unit), supervisor(unit)
    services.reply_draft(actor=clerk, petition=petition, text="已派員修復。",
                         legal_basis="行政程序法第171條", remedies="可再來信")
    services.reply_approve(actor=boss, petition=Petition.objects.get(pk=petition.pk))
    token = services.rating_token(petition.ratings.get())
    services.rating_submit(token=token, score=1, comment="沒修好")
    url = reverse("voice:staff-follow-ups")
    client.force_login(clerk)
    rows = list(client.get(url).context["page_obj"].object_list)
    assert [row.petition_id for row in rows] == [petition.pk]
    services.follow_up_close(actor=clerk, follow_up=rows[0], note="已再派員")
    assert list(client.get(url).context["page_obj"].object_list) == []
    assert len(client.get(url, {"show": "all"}).context["page_obj"].object_list) == 1
    client.force_login(officer(agency_unit("ELSE")))
    assert list(client.get(url, {"show": "all"}).context["page_obj"].object_list) == []
