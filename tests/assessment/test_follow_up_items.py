"""What a citizen said, taken into tracking (列管): the follow-up of a low survey rating or
of a petition rated unsatisfied becomes one improvement item of the unit a coordinator
chooses, seen from both ends; only the agency's coordinators may do it."""

import pytest
from django.urls import reverse

from minfu.assessment import services
from minfu.assessment.models import ImprovementItem, ItemSource, ItemStatus
from minfu.core.errors import PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.org.models import Role
from minfu.surveys.models import FollowUp as SurveyFollowUp
from minfu.voice import services as voice_services
from minfu.voice.models import FollowUp as PetitionFollowUp
from minfu.voice.models import Petition
from tests.voice.factories import agency_unit, officer, submit, supervisor


def _survey_follow_up(world) -> SurveyFollowUp:
    return SurveyFollowUp.objects.create(organisation=world.agency, unit=world.unit,
                                         summary="櫃檯等候太久，沒有人說明。",
                                         contact_details="0912345678")


def _petition_follow_up() -> PetitionFollowUp:
    """A complaint answered, then rated unsatisfied by its petitioner."""
    unit = agency_unit(code="KLX")
    petition, _ = submit(unit)
    voice_services.reply_draft(actor=officer(unit), petition=petition, text="已派員修復。")
    voice_services.reply_approve(actor=supervisor(unit),
                                 petition=Petition.objects.get(pk=petition.pk))
    voice_services.rating_submit(token=voice_services.rating_token(petition.ratings.get()),
                                 score=1, comment="路燈還是不亮")
    return PetitionFollowUp.objects.get(petition=petition)


def test_a_survey_follow_up_becomes_one_item_of_the_chosen_unit(world):
    follow_up = _survey_follow_up(world)
    item = services.follow_up_to_item(actor=world.coordinator, follow_up=follow_up,
                                      owner_unit=world.unit)
    assert (item.source, item.organisation, item.owner_unit, item.status) == (
        ItemSource.SURVEY, world.agency, world.unit, ItemStatus.OPEN)
    assert item.survey_follow_up == follow_up and "櫃檯等候太久" in item.title
    assert item.description.startswith("櫃檯等候太久")
    again = services.follow_up_to_item(actor=world.coordinator, follow_up=follow_up,
                                       owner_unit=world.unit)
    assert again == item and ImprovementItem.objects.count() == 1
    assert AuditEvent.objects.filter(action="assessment.item.opened").count() == 1


@pytest.mark.django_db
def test_a_petition_rated_unsatisfied_becomes_a_complaint_item():
    follow_up = _petition_follow_up()
    petition = follow_up.petition
    coordinator = officer(follow_up.unit, Role.QUALITY_COORDINATOR)
    item = services.follow_up_to_item(actor=coordinator, follow_up=follow_up,
                                      owner_unit=follow_up.unit)
    assert item.source == ItemSource.COMPLAINT and item.petition_follow_up == follow_up
    assert item.organisation == petition.organisation
    assert petition.number in item.title and "路燈還是不亮" in item.description


def test_only_the_agencys_coordinators_may_track_a_follow_up(world):
    follow_up = _survey_follow_up(world)
    for stranger in (world.officer, world.supervisor, world.outsider):
        with pytest.raises(PermissionDenied):
            services.follow_up_to_item(actor=stranger, follow_up=follow_up,
                                       owner_unit=world.unit)
    with pytest.raises(ValidationFailed):  # a unit of another agency
        services.follow_up_to_item(actor=world.coordinator, follow_up=follow_up,
                                   owner_unit=world.other_unit)
    assert not ImprovementItem.objects.exists()
    services.follow_up_to_item(actor=world.coordinator, follow_up=follow_up,
                               owner_unit=world.unit)
    with pytest.raises(PermissionDenied):  # once it is tracked, too
        services.follow_up_to_item(actor=world.officer, follow_up=follow_up,
                                   owner_unit=world.unit)


def _track_url(follow_up) -> str:
    return reverse("assessment:staff-survey-follow-up-item", args=[follow_up.pk])


def test_the_coordinator_tracks_a_survey_follow_up_from_its_page(world, client):
    follow_up = _survey_follow_up(world)
    page_url = reverse("surveys:staff-follow-up", args=[follow_up.pk])
    client.force_login(world.coordinator)
    page = client.get(page_url).content.decode()
    assert _track_url(follow_up) in page and 'name="owner_unit"' in page
    first = client.post(_track_url(follow_up), {"owner_unit": world.unit.pk})
    second = client.post(_track_url(follow_up), {"owner_unit": world.unit.pk})  # double click
    item = ImprovementItem.objects.get()
    assert first.url == second.url == reverse("assessment:staff-item", args=[item.pk])
    assert reverse("assessment:staff-item", args=[item.pk]) in client.get(page_url).content.decode()
    item_page = client.get(first.url).content.decode()
    assert page_url in item_page


def test_an_officer_sees_no_button_and_cannot_track(world, client):
    follow_up = _survey_follow_up(world)
    client.force_login(world.officer)
    page = client.get(reverse("surveys:staff-follow-up", args=[follow_up.pk]))
    assert _track_url(follow_up) not in page.content.decode()
    response = client.post(_track_url(follow_up), {"owner_unit": world.unit.pk})
    assert response.status_code == 302 and not ImprovementItem.objects.exists()


def test_another_agencys_follow_up_is_not_found(world, client):
    follow_up = _survey_follow_up(world)
    client.force_login(world.outsider)
    response = client.post(_track_url(follow_up), {"owner_unit": world.other_unit.pk})
    assert response.status_code == 404 and not ImprovementItem.objects.exists()


def test_a_missing_unit_is_refused_with_a_message(world, client):
    follow_up = _survey_follow_up(world)
    client.force_login(world.coordinator)
    response = client.post(_track_url(follow_up), {"owner_unit": "not-a-unit"}, follow=True)
    assert "message-error" in response.content.decode()
    assert not ImprovementItem.objects.exists()


@pytest.mark.django_db
def test_the_petition_page_offers_tracking_and_then_links_the_item(client):
    follow_up = _petition_follow_up()
    coordinator = officer(follow_up.unit, Role.QUALITY_COORDINATOR)
    client.force_login(coordinator)
    detail = reverse("voice:staff-detail", args=[follow_up.petition_id])
    track = reverse("assessment:staff-petition-follow-up-item", args=[follow_up.pk])
    assert track in client.get(detail).content.decode()
    response = client.post(track, {"owner_unit": follow_up.unit_id})
    item = ImprovementItem.objects.get()
    assert response.url == reverse("assessment:staff-item", args=[item.pk])
    page = client.get(detail).content.decode()
    assert track not in page and reverse("assessment:staff-item", args=[item.pk]) in page


def test_the_api_says_which_follow_up_an_item_tracks(world, client):
    follow_up = _survey_follow_up(world)
    item = services.follow_up_to_item(actor=world.coordinator, follow_up=follow_up,
                                      owner_unit=world.unit)
    client.force_login(world.coordinator)
    body = client.get(reverse("api:assessment-item-detail", args=[item.pk])).json()
    assert body["survey_follow_up"] == follow_up.pk and body["petition_follow_up"] is None


def test_the_coordinator_lists_the_items_that_came_from_citizens(world, client):
    tracked = services.follow_up_to_item(actor=world.coordinator,
                                         follow_up=_survey_follow_up(world),
                                         owner_unit=world.unit)
    other = services.improvement_item_open(actor=world.coordinator, organisation=world.agency,
                                           owner_unit=world.unit, source=ItemSource.MEETING,
                                           title="會議決議事項")
    client.force_login(world.coordinator)
    page = client.get(reverse("assessment:staff-items"), {"source": "survey"})
    listed = list(page.context["page_obj"].object_list)
    assert listed == [tracked] and other not in listed
    api = client.get(reverse("api:assessment-item-list"), {"source": "meeting"}).json()
    assert [row["id"] for row in api["results"]] == [other.pk]
