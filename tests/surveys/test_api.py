"""The surveys API: scoped staff reads, public answers and ratings."""

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from minfu.org.models import Role
from minfu.surveys import services
from minfu.surveys.models import Rating, Response
from tests.org.factories import UnitFactory, staff_user
from tests.surveys.factories import GOOD, answer, published_survey, wave

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def current():
    version, actor = published_survey()
    return wave(version, actor, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2099, 1, 1))


def test_staff_reads_are_scoped(current):
    coordinator = staff_user(UnitFactory(organisation=current.survey.organisation),
                             Role.QUALITY_COORDINATOR)
    answer(current, {**GOOD, "overall": "4"}, now=None)
    client = APIClient()
    client.force_authenticate(coordinator)
    listing = client.get("/api/v1/surveys/surveys/")
    assert [row["code"] for row in listing.json()["results"]] == ["sat"]
    detail = client.get(f"/api/v1/surveys/surveys/{current.survey_id}/")
    assert detail.json()["versions"][0]["questions"][0]["key"] == "overall"
    results = client.get(f"/api/v1/surveys/surveys/{current.survey_id}/results/")
    overall = results.json()["questions"][0]
    assert results.json()["responses"] == 1 and overall["satisfied_share"]["estimate"] == 1.0
    waves = client.get("/api/v1/surveys/waves/").json()["results"]
    assert waves[0]["response_count"] == 1
    stranger = APIClient()
    stranger.force_authenticate(staff_user(UnitFactory(), Role.QUALITY_COORDINATOR))
    assert stranger.get(f"/api/v1/surveys/surveys/{current.survey_id}/").status_code == 404
    assert stranger.get("/api/v1/surveys/surveys/").json()["results"] == []


def test_public_answer_by_token_and_open(current):
    client = APIClient()
    _invitation, token = services.invitation_create(wave=current)
    body = {"token": token, "answers": {"overall": 5, "visit": "no"}}
    assert client.post("/api/v1/surveys/responses/", body, format="json").status_code == 201
    assert client.post("/api/v1/surveys/responses/", body, format="json").status_code == 409
    open_body = {"wave": current.pk, "client_key": "a" * 32,
                 "answers": {"overall": 3, "visit": "yes", "wait": 2}}
    assert client.post("/api/v1/surveys/responses/", open_body,
                       format="json").status_code == 201
    assert client.post("/api/v1/surveys/responses/", open_body,
                       format="json").status_code == 409
    bad = client.post("/api/v1/surveys/responses/",
                      {**open_body, "client_key": "b" * 32,
                       "answers": {"overall": 3, "visit": "no", "wait": 2}}, format="json")
    assert bad.status_code == 400 and bad.json()["error"]["details"] == {"wait": "hidden"}
    assert Response.objects.count() == 2


def test_public_rating_is_idempotent():
    from tests.cases.factories import service

    version = service()
    client = APIClient()
    body = {"organisation": version.service_type.organisation.code,
            "service": version.service_type.code, "score": 4, "idempotency_key": "k" * 20}
    first = client.post("/api/v1/surveys/ratings/", body, format="json")
    again = client.post("/api/v1/surveys/ratings/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Rating.objects.count() == 1
    assert Rating.objects.get().unit == version.responsible_unit
    unknown = client.post("/api/v1/surveys/ratings/", {**body, "organisation": "NOPE",
                                                       "idempotency_key": "z" * 20},
                          format="json")
    assert unknown.status_code == 404
