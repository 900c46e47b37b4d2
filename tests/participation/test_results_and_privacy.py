from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from minfu.assessment.models import ImprovementItem, ItemSource
from minfu.core.errors import Conflict, ValidationFailed
from minfu.org.models import Role
from minfu.participation import services, verification
from minfu.participation.models import Participant, ParticipantVerification
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user

from . import factories

pytestmark = pytest.mark.django_db


def improvement_item(organisation, **fields):
    today = timezone.localdate()
    return ImprovementItem.objects.create(
        organisation=organisation, owner_unit=UnitFactory(organisation=organisation),
        source=ItemSource.MEETING, title="自助申報機旁增設雙語說明", opened_on=today,
        due_on=today + timedelta(days=30), **fields)


def adopted_comment():
    item = factories.consultation()
    comment, _code = services.comment_submit(consultation=item, body="建議增設雙語說明",
                                             participant=factories.participant())
    manager = staff_user(UnitFactory(organisation=item.organisation),
                         Role.QUALITY_COORDINATOR)
    return services.comment_answer(comment=comment, actor=manager, answer="採納",
                                   verdict="adopted", expected_version=comment.version), manager


def test_an_adopted_comment_shows_its_improvement_items_progress(client):
    comment, manager = adopted_comment()
    item = improvement_item(comment.organisation)
    services.result_link(source=comment, actor=manager, improvement_item=item,
                         note="雙語說明")
    page = client.get(reverse("participation:public-consultation",
                              args=[comment.consultation_id])).content.decode()
    assert "自助申報機旁增設雙語說明" in page
    assert item.get_status_display() in page


def test_links_need_an_adopted_item_of_the_same_agency():
    comment, manager = adopted_comment()
    with pytest.raises(ValidationFailed):
        services.result_link(source=comment, actor=manager,
                             improvement_item=improvement_item(OrganisationFactory()))
    comment.verdict = "not_adopted"
    with pytest.raises(Conflict):
        services.result_link(source=comment, actor=manager,
                             improvement_item=improvement_item(comment.organisation))


def test_the_link_page_opens_a_new_improvement_item_for_an_adopted_comment(client):
    comment, manager = adopted_comment()
    unit = manager.memberships.first().unit
    client.force_login(manager)
    url = reverse("participation:staff-comment-link", args=[comment.pk])
    both = client.post(url, {"new_item_title": "增設雙語說明", "owner_unit": unit.pk,
                             "improvement_item": improvement_item(comment.organisation).pk})
    assert both.status_code == 400  # one target, not two
    response = client.post(url, {"new_item_title": "增設雙語說明", "owner_unit": unit.pk,
                                 "note": "雙語說明"})
    assert response.status_code == 302
    item = ImprovementItem.objects.get(title="增設雙語說明")
    assert (item.source, item.owner_unit, item.description) == (
        ItemSource.PARTICIPATION, unit, "建議增設雙語說明")
    page = client.get(reverse("participation:public-consultation",
                              args=[comment.consultation_id])).content.decode()
    assert "增設雙語說明" in page and item.get_status_display() in page


def test_only_those_who_open_improvement_items_are_offered_a_new_one(client):
    comment, manager = adopted_comment()
    admin = staff_user(UnitFactory(organisation=comment.organisation), Role.AGENCY_ADMIN)
    client.force_login(admin)
    page = client.get(reverse("participation:staff-comment-link", args=[comment.pk]))
    assert page.status_code == 200 and b"new_item_title" not in page.content
    comment.verdict = "not_adopted"
    with pytest.raises(Conflict):  # a comment not adopted never opens an item
        services.result_link_new_item(source=comment, actor=manager, title="x",
                                      owner_unit=comment.organisation.units.first())
    assert not ImprovementItem.objects.exists()


def test_public_pages_show_only_masked_addresses(client):
    item = factories.consultation()
    services.comment_submit(consultation=item, body="意見",
                            participant=factories.participant("chen.mei@example.org"))
    services.comment_submit(consultation=item, body="意見二",
                            participant=factories.participant("0912345678"))
    page = client.get(reverse("participation:public-consultation", args=[item.pk]))
    text = page.content.decode()
    assert "chen.mei" not in text and "0912345678" not in text
    assert "c***@example.org" in text and "0912***678" in text
    api = client.get(f"/api/v1/participation/consultations/{item.pk}/").json()
    assert {c["author"] for c in api["comments"]} == {"c***@example.org", "0912***678"}


def test_addresses_are_forgotten_after_retention():
    old = factories.participant("old@example.org")
    recent = factories.participant("recent@example.org")
    now = timezone.now()
    for person, days in ((old, 400), (recent, 10)):
        ParticipantVerification.objects.create(
            activity_key="consultation:1", kind=person.kind, address_hash=person.address_hash,
            code_hash="x", expires_at=now, participant=person,
            verified_at=now - timedelta(days=days))
        Participant.objects.filter(pk=person.pk).update(
            last_verified_at=now - timedelta(days=days))
    assert verification.participants_forget(now=now) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.address == "" and old.masked == "o***@example.org"
    assert recent.address == "recent@example.org"
