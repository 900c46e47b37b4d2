"""`update_rows` writes the given fields of many rows at once (COPY and one UPDATE on
PostgreSQL) and nothing else; it can run more than once in one transaction."""

import datetime as dt

import pytest
from django.db import transaction

from minfu.core.services import update_rows
from minfu.org.models import Unit
from tests.catalog.factories import agency_with_unit

pytestmark = pytest.mark.django_db


def test_the_given_fields_of_the_given_rows_and_nothing_else():
    first = agency_with_unit("A1")
    second, third = (Unit.objects.create(organisation=first.organisation, code=code,
                                         name_zh=code, phone="02-1") for code in ("B", "C"))
    moment = dt.datetime(2025, 3, 4, 1, 2, 3, tzinfo=dt.UTC)
    with transaction.atomic():
        update_rows(Unit, [(first.pk, 7, "02-7", moment)], ["sort_order", "phone", "updated_at"])
        update_rows(Unit, [(second.pk, 8, "02-8", moment)],
                    ["sort_order", "phone", "updated_at"])
        update_rows(Unit, [], ["sort_order"])
    rows = {unit.pk: (unit.sort_order, unit.phone, unit.updated_at)
            for unit in Unit.objects.filter(pk__in=[first.pk, second.pk, third.pk])}
    assert rows[first.pk] == (7, "02-7", moment)
    assert rows[second.pk] == (8, "02-8", moment)
    assert rows[third.pk][:2] == (0, "02-1") and rows[third.pk][2] != moment
