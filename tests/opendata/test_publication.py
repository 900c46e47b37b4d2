"""Datasets: registering, publishing (Frictionless Data Package that validates, JSON and
ODS), the history at stable addresses, no small counts in published files, the DCAT
catalogue, the scheduled run and the command."""

import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from frictionless import Package

from minfu.opendata import jobs, services
from minfu.opendata.models import Dataset, Publication
from tests.metrics.factories import at, case

pytestmark = pytest.mark.django_db


def register(organisation, kind):
    return services.dataset_register(actor=None, organisation=organisation, kind=kind,
                                     contact_phone="02-1234-5678",
                                     contact_email="open@example.gov.tw")


def validate(publication, tmp_path):
    """Write the publication's files to a folder and validate the package there."""
    for one in publication.files:
        with default_storage.open(f"{publication.folder}/{one['name']}", "rb") as handle:
            (tmp_path / one["name"]).write_bytes(handle.read())
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    return tmp_path


@pytest.mark.parametrize("kind", ["performance", "catalogue", "periods", "plan"])
def test_each_kind_publishes_a_package_that_validates(data, kind, tmp_path):
    dataset = register(data.agency_a, kind)
    result = services.dataset_publish(actor=None, dataset=dataset)
    assert result.changed
    publication = result.publication
    names = {one["name"] for one in publication.files}
    assert {"datapackage.json", f"{dataset.slug}.json", f"{dataset.slug}.ods"} <= names
    folder = validate(publication, tmp_path)
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert descriptor["licenses"][0]["path"] == "https://data.gov.tw/license"
    assert descriptor["resources"][0]["schema"]["fields"][0]["title"]
    content = json.loads((folder / f"{dataset.slug}.json").read_text("utf-8"))
    assert set(content["tables"]) == {one["name"] for one in descriptor["resources"]}


def test_catalogue_holds_the_services_and_documents(data, tmp_path):
    publication = services.dataset_publish(actor=None,
                                           dataset=register(data.agency_a, "catalogue")
                                           ).publication
    folder = validate(publication, tmp_path)
    rows = list(csv.DictReader(io.StringIO((folder / "services.csv").read_text("utf-8"))))
    assert sorted(row["service_code"] for row in rows) == ["SVC-A", "SVC-A2"]
    assert (folder / "documents.csv").exists()


def test_small_counts_of_people_never_appear_in_published_files(data, tmp_path):
    publication = services.dataset_publish(
        actor=None, dataset=register(data.agency_a, "performance")).publication
    folder = validate(publication, tmp_path)
    figures = list(csv.DictReader(io.StringIO(
        (folder / "monthly_figures.csv").read_text("utf-8"))))
    withheld = [row for row in figures if row["suppressed"] == "true"]
    assert withheld and all(row["value"] == "" for row in withheld)
    people = [row for row in figures if row["topic"] == "applications" and row["value"]]
    assert people and not [row for row in people if 0 < float(row["value"]) < 3]
    petitions = list(csv.DictReader(io.StringIO(
        (folder / "petitions_received.csv").read_text("utf-8"))))
    assert not [row for row in petitions if row["count"] and 0 < int(row["count"]) < 3]
    assert {"kind", "category", "channel"} == {row["breakdown"] for row in petitions}
    text = (folder / f"{publication.dataset.slug}.json").read_text("utf-8")
    rows = json.loads(text)["tables"]["petitions_received"]
    assert not [row for row in rows if row["count"] is not None and 0 < row["count"] < 3]


def test_unchanged_data_is_not_published_again_and_a_day_has_one_version(data, now):
    dataset = register(data.agency_a, "catalogue")
    first = services.dataset_publish(actor=None, dataset=dataset)
    again = services.dataset_publish(actor=None, dataset=dataset)
    assert first.changed and not again.changed
    services.dataset_publish(actor=None, dataset=dataset, force=True)
    assert Publication.objects.filter(dataset=dataset).count() == 1
    now.shift(dt.timedelta(days=1))
    assert not services.dataset_publish(actor=None, dataset=dataset).changed
    assert Publication.objects.filter(dataset=dataset).count() == 1
    performance = register(data.agency_a, "performance")
    services.dataset_publish(actor=None, dataset=performance)
    case(data.service_a, data.unit_a1, received=at(dt.date(2025, 12, 2)))
    from minfu.metrics.services import rollups_refresh_dirty
    now.shift(dt.timedelta(minutes=10))
    rollups_refresh_dirty(also=[dt.date(2025, 12, 2)])
    assert services.dataset_publish(actor=None, dataset=performance).changed
    assert Publication.objects.filter(dataset=performance).count() == 1  # the same day


def test_registering_twice_gives_the_same_dataset(data):
    assert register(data.agency_a, "plan") == register(data.agency_a, "plan")
    assert Dataset.objects.filter(organisation=data.agency_a, kind="plan").count() == 1


def test_stable_addresses_of_the_latest_and_each_dated_version(client, data, now):
    dataset = register(data.agency_a, "performance")
    services.dataset_publish(actor=None, dataset=dataset)
    now.shift(dt.timedelta(days=1))
    services.dataset_publish(actor=None, dataset=dataset, force=True)
    slug = dataset.slug
    latest = client.get(f"/open-data/{slug}/latest/datapackage.json")
    assert latest.status_code == 200
    assert json.loads(b"".join(latest.streaming_content))["version"] == "2025-12-02"
    dated = client.get(f"/open-data/{slug}/2025-12-01/monthly_figures.csv")
    assert dated.status_code == 200 and dated["Content-Type"].startswith("text/csv")
    assert client.get(f"/open-data/{slug}/2025-11-30/monthly_figures.csv").status_code == 404
    assert client.get(f"/open-data/{slug}/2025-13-01/monthly_figures.csv").status_code == 404
    assert client.get(f"/open-data/{slug}/latest/secret.csv").status_code == 404
    assert client.get("/open-data/nothing/latest/datapackage.json").status_code == 404
    default_storage.delete(f"opendata/{slug}/2025-12-01/petitions_received.csv")
    assert client.get(f"/open-data/{slug}/2025-12-01/petitions_received.csv"
                      ).status_code == 404  # a file lost from the storage
    page = client.get(reverse("opendata:detail", args=[slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "政府資料開放授權條款－第1版" in body and "UTF-8" in body and "免費" in body
    assert f"/open-data/{slug}/2025-12-01/monthly_figures.csv" in body


def test_an_unlisted_dataset_is_not_public(client, data):
    dataset = register(data.agency_a, "catalogue")
    services.dataset_publish(actor=None, dataset=dataset)
    assert client.get(reverse("opendata:list")).content.decode().count(dataset.slug) >= 1
    Dataset.objects.filter(pk=dataset.pk).update(is_listed=False)
    assert client.get(reverse("opendata:detail", args=[dataset.slug])).status_code == 404
    assert client.get(f"/open-data/{dataset.slug}/latest/services.csv").status_code == 404


def test_dcat_catalogue(client, data):
    dataset = register(data.agency_a, "periods")
    services.dataset_publish(actor=None, dataset=dataset)
    register(data.agency_b, "catalogue")  # never published: not in the catalogue
    response = client.get("/open-data/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(response.content)
    assert document["@type"] == "dcat:Catalog"
    assert "dcat" in document["@context"]
    [node] = document["dcat:dataset"]
    assert node["@type"] == "dcat:Dataset" and node["dct:identifier"] == dataset.slug
    assert node["dct:publisher"]["foaf:name"][0]["@value"] == data.agency_a.name_zh
    assert node["dcat:contactPoint"]["vcard:hasEmail"]["@id"] == "mailto:open@example.gov.tw"
    assert node["dct:accrualPeriodicity"]["@id"].endswith("/IRREG")
    assert node["dct:license"]["@id"] == "https://data.gov.tw/license"
    assert node["dct:modified"]["@value"].startswith("2025-12-01")
    distributions = {one["dct:format"]: one for one in node["dcat:distribution"]}
    assert {"CSV", "JSON", "ODS"} <= set(distributions)
    csv_file = distributions["CSV"]
    assert csv_file["dcat:downloadURL"]["@id"].endswith(
        f"/open-data/{dataset.slug}/latest/processing_periods.csv")
    assert csv_file["dcat:mediaType"]["@id"].endswith("text/csv")
    assert csv_file["dct:license"]["@id"] == "https://data.gov.tw/license"


def test_the_daily_job_publishes_what_changed_once(data):
    register(data.agency_a, "catalogue")
    register(data.agency_a, "periods")
    first = jobs.daily_jobs_run(on=dt.date(2025, 12, 1))
    assert first["opendata_publish"].queued == 2
    assert jobs.daily_jobs_run(on=dt.date(2025, 12, 1))["opendata_publish"].queued == 0


def test_the_command(data):
    dataset = register(data.agency_a, "catalogue")
    out = io.StringIO()
    call_command("publish_datasets", stdout=out)
    assert "1 published" in out.getvalue()
    out = io.StringIO()
    call_command("publish_datasets", "--slug", dataset.slug, "--force", stdout=out)
    assert f"{dataset.slug}: published 2025-12-01" in out.getvalue()


def test_the_public_api(client, data):
    dataset = register(data.agency_a, "catalogue")
    services.dataset_publish(actor=None, dataset=dataset)
    listing = client.get("/api/v1/opendata/datasets/")
    assert listing.status_code == 200
    [one] = listing.json()["results"]
    assert one["slug"] == dataset.slug and one["fee"] == "免費"
    assert one["licence"]["name_zh"] == "政府資料開放授權條款－第1版"
    assert one["latest"]["files"][0]["url"].startswith("http")
    assert [table["name"] for table in one["tables"]] == ["services", "documents"]
    detail = client.get(f"/api/v1/opendata/datasets/{dataset.slug}/")
    assert detail.status_code == 200 and detail.json()["publications"]
    assert client.get("/api/v1/opendata/datasets/nothing/").status_code == 404
