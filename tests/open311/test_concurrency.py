"""The same POST sent twice at the same moment (a client retrying after a timeout)
creates one record: both answers name it."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from minfu.open311 import selectors, services
from minfu.open311.services import RequestFields
from minfu.voice.models import Petition
from tests.open311.factories import PETITION_BODY, agency, key_for, petition_service


@pytest.mark.django_db(transaction=True)
def test_two_identical_posts_at_once_create_one_petition():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    unit = agency("TPC")
    petition_service(unit)
    key, _plaintext = key_for(unit)
    fields = RequestFields(
        description=PETITION_BODY["description"], first_name="小明", last_name="王",
        email="ming@example.tw", attributes={"minfu_consent": "yes"})
    now = timezone.now()
    body = {name: [value] for name, value in PETITION_BODY.items()}
    fingerprints = services.request_fingerprint(key=key, header_key="", body=body, now=now)
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def send():
        try:
            public = selectors.public_service_by_code(unit.organisation, "streetlight")
            start.wait()
            request, _created = services.open311_request_submit(
                key=key, public=public, fields=fields, fingerprints=fingerprints, now=now)
            numbers.append(request.service_request_id)
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(numbers)) == 1 and len(numbers) == 4
    assert Petition.objects.count() == 1
