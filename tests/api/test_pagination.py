"""Every list of the API pages with `limit` and `offset`, checked like any other input:
DRF's own pagination read a malformed value as its default and handed any number to the
database."""

import pytest
from rest_framework.test import APIClient

from minfu.api import pagination
from minfu.api.pagination import MAX_LIMIT
from tests.catalog.factories import agency_with_unit, published, tags

pytestmark = pytest.mark.django_db
PUBLIC = "/api/v1/catalog/services/"


@pytest.fixture
def catalogue():
    tags()
    unit = agency_with_unit("NTBT", "SVC")
    published(unit, "TAX-CERT")
    published(unit, "ESTATE")


@pytest.mark.parametrize("query", [
    {"limit": "99999999999999999999"}, {"limit": MAX_LIMIT + 1}, {"limit": 0},
    {"limit": "ten"}, {"offset": "null"}, {"offset": -1}, {"offset": "1.5"}])
def test_a_page_parameter_out_of_range_is_a_400_naming_it(catalogue, query):
    response = APIClient().get(PUBLIC, query)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and set(error["details"]) == set(query)


def test_pages_within_range(catalogue):
    first = APIClient().get(PUBLIC, {"limit": 1}).json()
    assert first["count"] == 2 and len(first["results"]) == 1 and "offset=1" in first["next"]
    assert first["count_capped"] is False
    rest = APIClient().get(PUBLIC, {"limit": MAX_LIMIT, "offset": 1}).json()
    assert len(rest["results"]) == 1 and rest["next"] is None and rest["count"] == 2
    beyond = APIClient().get(PUBLIC, {"offset": 10**30}).json()
    assert beyond["results"] == [] and beyond["count"] == 2 and beyond["next"] is None


def test_a_long_list_is_counted_up_to_the_cap_and_paged_to_its_end(catalogue, monkeypatch):
    monkeypatch.setattr(pagination, "COUNTED_UP_TO", 1)
    first = APIClient().get(PUBLIC, {"limit": 1}).json()
    assert (first["count"], first["count_capped"]) == (1, True)
    assert "offset=1" in first["next"]
    last = APIClient().get(first["next"]).json()
    assert len(last["results"]) == 1 and last["next"] is None
    assert (last["count"], last["count_capped"]) == (1, True)
