"""One number allocator for every record kind, safe with concurrent writers."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from minfu.cases.kind import APPLICATION
from minfu.records.models import RecordSequence
from minfu.records.services import number_allocate, sequence_reserve
from minfu.voice.kind import PETITION
from tests.org.factories import OrganisationFactory

DAY = dt.date(2025, 3, 5)


@pytest.mark.django_db
def test_each_kind_and_day_counts_on_its_own():
    agency = OrganisationFactory(code="KL")
    assert number_allocate(organisation=agency, kind=APPLICATION, day=DAY) == "KL-1140305-0001"
    assert number_allocate(organisation=agency, kind=APPLICATION, day=DAY) == "KL-1140305-0002"
    assert number_allocate(organisation=agency, kind=PETITION, day=DAY) == "KL-P1140305-0001"
    assert number_allocate(organisation=agency, kind=APPLICATION,
                           day=DAY + dt.timedelta(days=1)) == "KL-1140306-0001"


@pytest.mark.django_db
def test_a_reservation_of_many_continues_the_day():
    agency = OrganisationFactory(code="KL")
    number_allocate(organisation=agency, kind=APPLICATION, day=DAY)
    assert sequence_reserve(organisation_id=agency.pk, letter="", day=DAY, count=10) == 11
    assert number_allocate(organisation=agency, kind=APPLICATION, day=DAY) == "KL-1140305-0012"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_number():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    agency = OrganisationFactory(code="KL")
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def write():
        try:
            start.wait()
            for _ in range(25):
                with transaction.atomic():
                    numbers.append(number_allocate(organisation=agency, kind=PETITION, day=DAY))
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == [f"KL-P1140305-{n:04d}" for n in range(1, 201)]
    assert RecordSequence.objects.get(letter="P").last_value == 200
