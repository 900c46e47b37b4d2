"""Staff pages: survey editing and publishing, waves with QR, analysis with exports,
peers, ratings, follow-ups; scoping (another agency's survey is 404)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minfu.org.models import Role
from minfu.surveys import services
from minfu.surveys.models import FollowUp, SurveyVersion
from tests.org.factories import UnitFactory, staff_user
from tests.surveys.factories import GOOD, answer, published_survey, wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    version, coordinator = published_survey()
    current = wave(version, coordinator)
    unit = coordinator.memberships.first().unit
    for value in (5, 4, 2):
        answer(current, {**GOOD, "overall": str(value)}, unit=unit)
    return version.survey, current, coordinator


def test_create_survey_and_add_questions(client):
    coordinator = staff_user(UnitFactory(), Role.QUALITY_COORDINATOR)
    client.force_login(coordinator)
    organisation = coordinator.memberships.first().unit.organisation
    created = client.post(reverse("surveys:staff-surveys"), {
        "organisation": organisation.pk, "code": "counter", "name_zh": "臨櫃滿意度"})
    assert created.status_code == 302
    version = SurveyVersion.objects.get(survey__code="counter")
    url = reverse("surveys:staff-version", args=[version.pk])
    added = client.post(url, {"key": "overall", "kind": "likert", "text_zh": "整體滿意度",
                              "required": "on", "is_overall": "on",
                              "expected_version": version.version})
    assert added.status_code == 302
    choice = client.post(url, {"key": "visit", "kind": "single", "text_zh": "來訪目的",
                               "options": "a|申辦\nb|詢問", "expected_version": version.version + 1})
    assert choice.status_code == 302
    assert [q.key for q in version.questions.all()] == ["overall", "visit"]
    published = client.post(reverse("surveys:staff-version-action", args=[version.pk, "publish"]),
                            {"version": version.version + 2})
    assert published.status_code == 302
    version.refresh_from_db()
    assert version.status == "published"
    # editing the published version lands in a new draft
    edited = client.post(url, {"key": "overall", "kind": "likert", "text_zh": "整體而言",
                               "expected_version": version.version})
    new = SurveyVersion.objects.get(survey__code="counter", number=2)
    assert edited.url == reverse("surveys:staff-version", args=[new.pk])
    assert version.questions.get(key="overall").text_zh == "整體滿意度"


def test_another_agencys_survey_is_404(client, setup):
    survey, current, _coordinator = setup
    stranger = staff_user(UnitFactory(), Role.QUALITY_COORDINATOR)
    client.force_login(stranger)
    assert client.get(reverse("surveys:staff-survey", args=[survey.pk])).status_code == 404
    assert client.get(reverse("surveys:staff-wave", args=[current.pk])).status_code == 404
    assert client.get(reverse("surveys:staff-analysis", args=[survey.pk])).status_code == 404


def test_wave_page_shows_progress_and_qr(client, setup):
    _survey, current, coordinator = setup
    client.force_login(coordinator)
    page = client.get(reverse("surveys:staff-wave", args=[current.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and page.context["wave"].response_count == 3
    assert "data:image/svg+xml;base64," in html and "?via=" in html


def test_create_wave_page(client, setup):
    survey, _current, coordinator = setup
    client.force_login(coordinator)
    response = client.post(reverse("surveys:staff-survey", args=[survey.pk]), {
        "name_zh": "115年第2季", "starts_on": "115/04/01", "ends_on": "115/06/30",
        "target_sample": "300", "channels": ["web", "counter"], "invitation_valid_days": "14"})
    assert response.status_code == 302
    assert survey.waves.filter(name_zh="115年第2季", starts_on=dt.date(2026, 4, 1)).exists()


def test_analysis_page_and_exports(client, setup):
    survey, _current, coordinator = setup
    client.force_login(coordinator)
    url = reverse("surveys:staff-analysis", args=[survey.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["count"] == 3
    assert "<svg" in page.content.decode() and "115年第1季" in page.content.decode()
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "115年第1季" in text and "0.6667" in text
    for fmt in ("xlsx", "ods"):
        download = client.get(url, {"format": fmt})
        assert download.status_code == 200 and download.content[:2] == b"PK"


def test_officer_without_view_gets_403_on_peers(client):
    client.force_login(staff_user(UnitFactory(), Role.OFFICER))
    assert client.get(reverse("surveys:staff-peers")).status_code == 403


def test_ratings_page_makes_a_kiosk_link(client, setup):
    _survey, _current, coordinator = setup
    client.force_login(coordinator)
    unit = coordinator.memberships.first().unit
    response = client.post(reverse("surveys:staff-ratings"), {"unit": unit.pk})
    assert "/rate/kiosk/" in response.content.decode()


def test_follow_up_pages(client):
    unit = UnitFactory()
    services.rating_submit(unit=unit, service_type=None, channel="online", score=1,
                           idempotency_key="q" * 32, contact_consent=True,
                           contact_details="0911")
    follow_up = FollowUp.objects.get()
    officer = staff_user(unit, Role.OFFICER)
    client.force_login(officer)
    listing = client.get(reverse("surveys:staff-follow-ups"))
    assert list(listing.context["page_obj"].object_list) == [follow_up]
    url = reverse("surveys:staff-follow-up", args=[follow_up.pk])
    client.post(url, {"status": "closed", "note": "已回電說明", "expected_version": 1})
    follow_up.refresh_from_db()
    assert follow_up.status == "closed"


def test_list_pages_use_a_fixed_number_of_queries(client, setup, django_assert_max_num_queries):
    survey, current, coordinator = setup
    client.force_login(coordinator)
    unit = coordinator.memberships.first().unit
    url = reverse("surveys:staff-follow-ups")
    answer(current, {**GOOD, "overall": "1"}, unit=unit, contact_consent=True,
           contact_details="0900")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
        client.get(reverse("surveys:staff-surveys"))
    for index in range(6):
        answer(current, {**GOOD, "overall": "1"}, unit=unit, contact_consent=True,
               contact_details=f"09{index}")
        services.survey_create(actor=coordinator, organisation=survey.organisation,
                               code=f"s{index}", name_zh=f"問卷{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
        client.get(reverse("surveys:staff-surveys"))


def test_new_draft_and_remove_question_actions(client, setup):
    survey, _current, coordinator = setup
    client.force_login(coordinator)
    published = survey.versions.get()
    response = client.post(reverse("surveys:staff-version-action",
                                   args=[published.pk, "new-draft"]))
    draft = survey.versions.get(number=2)
    assert response.url == reverse("surveys:staff-version", args=[draft.pk])
    assert draft.questions.count() == published.questions.count()
    client.post(reverse("surveys:staff-version-action", args=[draft.pk, "remove-question"]),
                {"key": "comment", "version": draft.version})
    assert not draft.questions.filter(key="comment").exists()
    assert published.questions.filter(key="comment").exists()
    officer = staff_user(coordinator.memberships.first().unit, Role.OFFICER)
    client.force_login(officer)
    refused = client.post(reverse("surveys:staff-version-action", args=[draft.pk, "publish"]),
                          {"version": draft.version})
    assert refused.status_code in (403, 404)
