"""The staff pages of official documents: agency administrators edit their letterhead and
wordings (stale forms refused, errors on their fields); others read; another agency's
staff see nothing of them."""

import pytest
from django.urls import reverse

from minfu.documents.models import DocumentWording, Letterhead
from minfu.org.models import Role
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return OrganisationFactory.agency(name_zh="財政部關務署臺北關")


@pytest.fixture
def admin(agency):
    return staff_user(UnitFactory(organisation=agency), Role.AGENCY_ADMIN)


LETTERHEAD = {"title_zh": "財政部關務署臺北關", "number_pattern": "北關業字第{year}{serial}號",
              "serial_digits": "7", "appeal_days": "30", "version": ""}


def test_the_admin_edits_the_letterhead(client, agency, admin):
    client.force_login(admin)
    assert client.get(reverse("documents:staff-home")).status_code == 200
    url = reverse("documents:staff-letterhead", args=[agency.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, LETTERHEAD)
    assert response.status_code == 302
    head = Letterhead.objects.get(organisation=agency)
    assert head.number_pattern == "北關業字第{year}{serial}號" and head.version == 1
    page = client.get(reverse("documents:staff-organisation", args=[agency.pk]))
    assert "北關業字第{year}{serial}號" in page.content.decode()


def test_a_bad_pattern_and_a_stale_form_are_shown_on_the_form(client, agency, admin):
    client.force_login(admin)
    url = reverse("documents:staff-letterhead", args=[agency.pk])
    response = client.post(url, LETTERHEAD | {"number_pattern": "第{year}號"})
    assert response.status_code == 200 and response.context["form"].errors["number_pattern"]
    client.post(url, LETTERHEAD)
    client.post(url, LETTERHEAD | {"version": "1", "fax": "02-1"})
    stale = client.post(url, LETTERHEAD | {"version": "1", "fax": "02-2"})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert Letterhead.objects.get(organisation=agency).fax == "02-1"


def test_a_wording_is_previewed_saved_and_reset(client, agency, admin):
    client.force_login(admin)
    url = reverse("documents:staff-wording", args=[agency.pk, "decision"])
    page = client.get(url)
    assert page.status_code == 200 and "進口貨物稅費繳納證明" in page.content.decode()
    response = client.post(url, {"subject_zh": "本局決定：{{ outcome }}。", "version": ""})
    assert response.status_code == 302
    wording = DocumentWording.objects.get(organisation=agency, kind="decision")
    assert "本局決定：駁回。" in client.get(url).content.decode()
    broken = client.post(url, {"subject_zh": "{% if %}", "version": str(wording.version)})
    assert broken.status_code == 200 and broken.context["form"].errors["subject_zh"]
    client.post(reverse("documents:staff-wording-reset", args=[agency.pk, "decision"]),
                {"version": str(wording.version)})
    assert not DocumentWording.objects.filter(organisation=agency).exists()


def test_an_unknown_kind_is_not_found(client, agency, admin):
    client.force_login(admin)
    assert client.get(reverse("documents:staff-wording", args=[agency.pk, "nope"])
                      ).status_code == 404


def test_an_officer_reads_but_may_not_change(client, agency):
    officer = staff_user(UnitFactory(organisation=agency), Role.OFFICER)
    client.force_login(officer)
    page = client.get(reverse("documents:staff-wording", args=[agency.pk, "receipt"]))
    assert page.status_code == 200 and "<form method=\"post\" novalidate>" not in \
        page.content.decode()
    assert client.post(reverse("documents:staff-letterhead", args=[agency.pk]),
                       LETTERHEAD).status_code == 403
    assert client.post(reverse("documents:staff-wording", args=[agency.pk, "receipt"]),
                       {"subject_zh": "甲"}).status_code == 403
    assert not Letterhead.objects.exists() and not DocumentWording.objects.exists()


def test_another_agency_sees_nothing(client, agency):
    stranger = staff_user(UnitFactory(), Role.AGENCY_ADMIN)
    client.force_login(stranger)
    for name, args in (("documents:staff-organisation", [agency.pk]),
                       ("documents:staff-letterhead", [agency.pk]),
                       ("documents:staff-wording", [agency.pk, "receipt"])):
        assert client.get(reverse(name, args=args)).status_code == 404
    assert client.post(reverse("documents:staff-letterhead", args=[agency.pk]),
                       LETTERHEAD).status_code == 404
    home = client.get(reverse("documents:staff-home")).content.decode()
    assert "財政部關務署臺北關" not in home


def _api(user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_lists_letterheads_and_numbers_within_the_scope(agency, admin):
    from minfu.documents import services

    services.letterhead_save(letterhead=Letterhead(organisation=agency,
                                                   number_pattern="北關業字第{year}{serial}號"),
                             actor=admin)
    import datetime as dt
    services.document_issue(organisation=agency, kind="decision", subject="case:1",
                            on=dt.date(2025, 3, 5))
    heads = _api(admin).get("/api/v1/documents/letterheads/").json()["results"]
    assert [head["number_pattern"] for head in heads] == ["北關業字第{year}{serial}號"]
    issued = _api(admin).get("/api/v1/documents/issued/").json()["results"]
    assert [row["number"] for row in issued] == ["北關業字第1140000001號"]
    stranger = staff_user(UnitFactory(), Role.AGENCY_ADMIN)
    assert _api(stranger).get("/api/v1/documents/issued/").json()["results"] == []
    assert _api(stranger).get(f"/api/v1/documents/letterheads/{heads[0]['id']}/"
                              ).status_code == 404
