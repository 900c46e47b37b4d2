"""Public performance pages: the figures of an agency and of every agency by month, with
small-number protection, a download of the same numbers, the time of computation, and a
cached computation that a rollup refresh renews."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minfu.metrics import services as metrics_services
from minfu.opendata import selectors
from tests.metrics.factories import at, case

pytestmark = pytest.mark.django_db


def table(report, key):
    return next(one for one in report.tables if one.key == key)


def cells(report, key, month):
    found = table(report, key)
    row = next(row for row in found.rows if row.key == month)
    return {column.key: cell for column, cell in zip(found.columns, row.cells, strict=True)}


def test_agency_page_shows_protected_figures_by_month(client, data):
    response = client.get(reverse("opendata:performance-detail", args=["AGA"]))
    assert response.status_code == 200
    report = response.context["report"]
    assert [month.key for month in report.months][0] == "2025-01"
    assert len(report.months) == 12
    july = cells(report, "applications", "2025-07")
    assert july["received"].value == 4
    assert july["closed"].suppressed  # two applications closed in July
    assert cells(report, "applications", "2025-09")["received"].suppressed
    # The twelve months' total of received (6) is published: two cells hide behind it.
    assert table(report, "applications").total.cells[0].value == 6
    body = response.content.decode()
    assert "&lt;3" in body and "<svg" in body
    assert "計算時間" in body or "Computed at" in body


def test_petitions_by_kind_category_and_channel(client, data):
    report = selectors.performance_report(data.agency_a, cached=False)
    kinds = cells(report, "petitions_kind", "2025-08")
    # One suggestion is hidden, and with the published total (11) so is the next
    # smallest group, the three compliments.
    assert kinds["complaint"].value == 7 and kinds["total"].value == 11
    assert kinds["suggestion"].suppressed and kinds["compliment"].suppressed
    assert kinds["question"].value == 0
    categories = cells(report, "petitions_category", "2025-08")
    assert categories["general"].value == 6
    assert categories["roads"].suppressed and categories["praise"].suppressed
    channels = cells(report, "petitions_channel", "2025-08")
    assert channels["web"].value == 7
    assert channels["email"].suppressed and channels["mailbox"].suppressed


def test_every_agency_together(client, data):
    response = client.get(reverse("opendata:performance"))
    assert response.status_code == 200
    assert cells(response.context["report"], "applications", "2025-07")["received"].value == 5


def test_another_agency_is_counted_apart_and_an_unknown_one_is_not_found(client, data):
    report = selectors.performance_report(data.agency_b, cached=False)
    assert cells(report, "applications", "2025-07")["received"].suppressed
    assert client.get(reverse("opendata:performance-detail", args=["NOPE"])).status_code == 404


def test_english_page(client, data):
    response = client.get("/en" + reverse("opendata:performance-detail", args=["AGA"]))
    assert response.status_code == 200
    assert "Applications received and closed" in response.content.decode()
    assert "2025-07" in response.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "ods", "xlsx"])
def test_download_of_the_same_numbers(client, data, fmt):
    response = client.get(reverse("opendata:performance-detail", args=["AGA"]),
                          {"format": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_download_never_shows_a_small_count_of_people(client, data):
    response = client.get(reverse("opendata:performance-detail", args=["AGA"]),
                          {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    withheld = [row for row in rows if row[5] == "<3"]
    assert withheld and all(row[3] == "" for row in withheld)
    counts = [row for row in rows if row[4] in ("件", "applications", "petitions")]
    assert counts and not [row for row in counts if row[3] and 0 < float(row[3]) < 3]


def test_bad_format_is_a_clear_error(client, data):
    response = client.get(reverse("opendata:performance-detail", args=["AGA"]),
                          {"format": "pdf"})
    assert response.status_code == 400


def test_the_computation_is_cached_until_the_rollups_are_refreshed(client, data, now):
    address = reverse("opendata:performance-detail", args=["AGA"])
    client.get(address)
    with CaptureQueriesContext(connection) as cached:
        client.get(address)
    assert len(cached) <= 4
    day = dt.date(2025, 11, 5)
    case(data.service_a, data.unit_a1, received=at(day))
    assert cells(selectors.performance_report(data.agency_a), "applications",
                 "2025-11")["received"].value == 0  # still the cached figures
    now.shift(dt.timedelta(minutes=10))
    metrics_services.rollups_refresh_dirty(also=[day])
    report = selectors.performance_report(data.agency_a)
    assert cells(report, "applications", "2025-11")["received"].suppressed
    assert report.as_of is not None


def test_the_minimum_count_is_a_setting(client, data, settings):
    settings.MINFU_OPEN_DATA_MIN_COUNT = 6
    report = selectors.performance_report(data.agency_a, cached=False)
    assert cells(report, "applications", "2025-07")["received"].suppressed
    assert report.min_count == 6
