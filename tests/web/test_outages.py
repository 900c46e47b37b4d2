"""Intake survives its helpers: with Redis down, citizens still apply, send petitions and
look records up (a warning is logged); with the database failing, pages and the API
answer 503 with Retry-After, and the same request sent again succeeds once it is back."""

import logging

import psycopg
import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.cases.models import Case
from minfu.voice.models import Petition
from tests.cases.factories import service
from tests.cases.factories import submit as submit_case
from tests.cases.public_support import application_data, apply_url, token_on, travel
from tests.voice.factories import agency_unit, category

pytestmark = pytest.mark.django_db

PETITION = {"organisation": "API", "kind": "suggestion", "category": "road",
            "subject": "增設路燈", "text": "建議增設路燈",
            "petitioner": {"name": "王小明", "email": "ming@example.tw"}, "consent": True}


@pytest.fixture
def petitions_open():
    category(agency_unit("API"), code="road")


def redis_warned(caplog) -> bool:
    return any(record.levelno == logging.WARNING and "Redis" in record.getMessage()
               for record in caplog.records)


# ----- Redis down -------------------------------------------------------------------------

def test_the_application_form_and_its_post_work_without_redis(client, redis_down, caplog):
    version = service()
    with travel():
        page = client.get(apply_url(version))
        sent = client.post(apply_url(version), application_data(version, token_on(page)))
    assert sent.status_code == 302 and Case.objects.count() == 1
    assert redis_warned(caplog)


def test_the_petition_api_works_without_redis(redis_down, petitions_open, caplog):
    response = APIClient().post("/api/v1/voice/submit/", PETITION, format="json",
                                HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 201 and Petition.objects.count() == 1
    assert redis_warned(caplog)


def test_lookups_work_without_redis_and_stay_limited(client, redis_down, settings, caplog):
    settings.MINFU_LOOKUP_RATE = "4/600"
    case, code = submit_case(service())
    pair = {"number": case.number, "access_code": code}
    with travel():
        assert client.get(reverse("records:public-lookup")).status_code == 200
        page = client.post(reverse("records:public-lookup"), pair)
        assert page.status_code == 302 and page.url.endswith(case.number + "/")
        api = [APIClient().post("/api/v1/records/lookup/", pair, format="json")
               for _ in range(2)]
    # Counted in this process alone while Redis is down: half the tries.
    assert [response.status_code for response in api] == [200, 429]
    assert api[1]["Retry-After"]
    assert redis_warned(caplog)


# ----- the database failing ---------------------------------------------------------------

def _refused(execute, sql, params, many, context):
    """Every statement fails as PostgreSQL refusing connections would make it fail (the
    test's own savepoints excepted, so that the test's transaction survives)."""
    if "SAVEPOINT" in sql:
        return execute(sql, params, many, context)
    raise OperationalError("connection refused") from psycopg.OperationalError(
        'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
        "Connection refused")


def database_down():
    return connection.execute_wrapper(_refused)


def test_a_page_answers_503_with_retry_after_and_the_form_sent_again_files_once(client):
    version = service()
    with travel():
        token = token_on(client.get(apply_url(version)))
        data = application_data(version, token)
        with database_down():
            failed = client.post(apply_url(version), data)
        again = client.post(apply_url(version), application_data(version, token))
        twice = client.post(apply_url(version), application_data(version, token))
    assert failed.status_code == 503 and int(failed["Retry-After"]) > 0
    assert "服務暫時無法使用" in failed.content.decode()
    assert again.status_code == twice.status_code == 302 and again.url == twice.url
    assert Case.objects.count() == 1


def test_the_503_page_is_in_the_page_language(client):
    case, code = submit_case(service())
    with database_down():
        response = client.post("/en" + reverse("records:public-lookup"),
                               {"number": case.number, "access_code": code})
    body = response.content.decode()
    assert response.status_code == 503 and 'lang="en"' in body
    assert "This service is briefly unavailable" in body


def test_the_api_answers_503_with_a_code_and_an_idempotent_retry_succeeds(petitions_open):
    api = APIClient()

    def send():
        return api.post("/api/v1/voice/submit/", PETITION, format="json",
                        HTTP_IDEMPOTENCY_KEY="retry-me")

    with database_down():
        failed = send()
    again, twice = send(), send()
    assert failed.status_code == 503 and int(failed["Retry-After"]) > 0
    assert failed.json()["error"]["code"] == "service_unavailable"
    assert (again.status_code, twice.status_code) == (201, 200)
    assert again.json()["number"] == twice.json()["number"] and Petition.objects.count() == 1


def test_a_statement_cancelled_on_its_timeout_is_a_500_not_an_outage(client):
    case, code = submit_case(service())

    def cancelled(execute, sql, params, many, context):
        if "SAVEPOINT" in sql:
            return execute(sql, params, many, context)
        raise OperationalError("canceling statement due to statement timeout") \
            from psycopg.errors.QueryCanceled("canceling statement due to statement timeout")

    client.raise_request_exception = False
    with connection.execute_wrapper(cancelled):
        response = client.post(reverse("records:public-lookup"),
                               {"number": case.number, "access_code": code})
    assert response.status_code == 500
