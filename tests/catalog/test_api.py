import pytest
from rest_framework.test import APIClient

from minfu.catalog.models import ServiceType, ServiceTypeVersion
from minfu.org.models import Role
from tests.catalog.factories import agency_with_unit, draft, published, tags
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db
Status = ServiceTypeVersion.Status
PUBLIC = "/api/v1/catalog/services/"
TYPES = "/api/v1/catalog/service-types/"
VERSIONS = "/api/v1/catalog/versions/"


@pytest.fixture
def world():
    tags()
    ntbt, tpc = agency_with_unit("NTBT", "SVC"), agency_with_unit("TPC", "BUS1")
    return {
        "ntbt": ntbt, "tpc": tpc,
        "cert": published(ntbt, "TAX-CERT"),
        "ntbt_draft": draft(ntbt, "ARREARS", name_zh="欠稅查詢"),
        "tpc_draft": draft(tpc, "DRAWBACK", name_zh="沖退稅"),
    }


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_public_catalogue_needs_no_sign_in_and_shows_no_drafts(world):
    response = APIClient().get(PUBLIC)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["code"] for item in results] == ["TAX-CERT"]
    item = results[0]
    assert item["processing_period"] == {"value": 4, "unit": "working_days", "text": "4 個工作天"}
    assert [d["name_zh"] for d in item["documents"]] == ["申請書", "戶籍謄本", "委任書"]
    assert item["documents"][1]["fetched_by_agency"] is True
    assert "lock_version" not in item


def test_public_item_by_service_type_and_search(world):
    cert = world["cert"]
    assert APIClient().get(f"{PUBLIC}{cert.service_type_id}/").json()["number"] == 1
    assert APIClient().get(f"{PUBLIC}{world['ntbt_draft'].service_type_id}/").status_code == 404
    assert APIClient().get(PUBLIC, {"q": "戶籍謄本"}).json()["count"] == 1
    assert APIClient().get(PUBLIC, {"organisation": "TPC"}).json()["count"] == 0


def test_public_catalogue_is_read_only(world):
    assert APIClient().post(PUBLIC, {}).status_code in (401, 403, 405)


def test_staff_see_their_own_organisations_drafts_only(world):
    client = as_user(staff_user(world["ntbt"], Role.OFFICER))
    codes = {item["code"] for item in client.get(VERSIONS).json()["results"]}
    assert codes == {"TAX-CERT", "ARREARS"}
    assert client.get(f"{VERSIONS}{world['tpc_draft'].pk}/").status_code == 404
    assert {item["code"] for item in client.get(TYPES).json()["results"]} == {"TAX-CERT",
                                                                              "ARREARS"}


def test_staff_api_needs_sign_in(world):
    response = APIClient().get(VERSIONS)
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_another_agency_cannot_edit_or_publish(world):
    client = as_user(staff_user(world["tpc"], Role.AGENCY_ADMIN))
    target = world["ntbt_draft"]
    assert client.patch(f"{VERSIONS}{target.pk}/", {"name_zh": "x", "lock_version": 1},
                        format="json").status_code == 404
    assert client.post(f"{VERSIONS}{target.pk}/publish/", {"lock_version": 1},
                       format="json").status_code == 404


def test_an_officer_of_the_agency_gets_403(world):
    client = as_user(staff_user(world["ntbt"], Role.OFFICER))
    target = world["ntbt_draft"]
    response = client.patch(f"{VERSIONS}{target.pk}/",
                            {"name_zh": "x", "lock_version": target.version}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_edit_and_publish_a_draft(world):
    client = as_user(staff_user(world["ntbt"], Role.QUALITY_COORDINATOR))
    target = world["ntbt_draft"]
    response = client.patch(f"{VERSIONS}{target.pk}/",
                            {"name_zh": "欠稅查詢（新）", "lock_version": target.version},
                            format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["name_zh"] == "欠稅查詢（新）" and body["lock_version"] == target.version + 1
    assert len(body["documents"]) == 3  # PATCH keeps what it does not name
    stale = client.patch(f"{VERSIONS}{target.pk}/", {"name_zh": "y", "lock_version": target.version},
                         format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    published = client.post(f"{VERSIONS}{target.pk}/publish/",
                            {"lock_version": body["lock_version"]}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = client.patch(f"{VERSIONS}{target.pk}/", {"name_zh": "z", "lock_version": 9},
                         format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_draft"


def test_errors_are_machine_readable(world):
    client = as_user(staff_user(world["ntbt"], Role.AGENCY_ADMIN))
    target = world["ntbt_draft"]
    response = client.patch(f"{VERSIONS}{target.pk}/", {
        "lock_version": target.version, "norm_value": 10, "norm_unit": "working_days"},
        format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "norm_value" in error["details"]
    response = client.patch(f"{VERSIONS}{target.pk}/", {"lock_version": target.version,
                                                        "channels": ["fax"]}, format="json")
    assert response.status_code == 400 and "channels" in response.json()["error"]["details"]


def test_create_and_new_draft(world):
    client = as_user(staff_user(world["ntbt"], Role.AGENCY_ADMIN))
    payload = {
        "organisation": "NTBT", "code": "RESIDENCY", "name_zh": "居住者證明",
        "responsible_unit": "SVC", "channels": ["online"], "applicant_kinds": ["person"],
        "period_value": 10, "period_unit": "working_days", "topic_tag": "FIN-TAX",
        "documents": [{"name_zh": "申請書"}],
    }
    response = client.post(TYPES, payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "draft" and response.json()["topic_tag"]["code"] == "FIN-TAX"
    assert client.post(TYPES, {**payload, "organisation": "TPC"}, format="json").status_code == 404
    unknown_unit = client.post(TYPES, {**payload, "code": "OTHER", "responsible_unit": "NOPE"},
                               format="json")
    assert unknown_unit.status_code == 400
    assert "responsible_unit" in unknown_unit.json()["error"]["details"]
    cert_type = world["cert"].service_type_id
    response = client.post(f"{TYPES}{cert_type}/new-draft/")
    assert response.status_code == 201 and response.json()["number"] == 2
    assert client.post(f"{TYPES}{cert_type}/new-draft/").status_code == 409
    assert ServiceType.objects.get(code="RESIDENCY").versions.get().status == Status.DRAFT


def test_questions_are_read_with_the_version_and_written_on_a_draft(world):
    client = as_user(staff_user(world["ntbt"], Role.AGENCY_ADMIN))
    version = world["ntbt_draft"]
    url = f"{VERSIONS}{version.pk}/"
    sent = [{"code": "purpose", "kind": "single_choice", "label_zh": "用途",
             "choices": [{"code": "loan", "label_zh": "貸款"},
                         {"code": "visa", "label_zh": "簽證", "label_en": "Visa"}]},
            {"code": "copies", "kind": "number", "label_zh": "份數", "min_value": 1}]
    response = client.patch(url, {"lock_version": version.version, "questions": sent},
                            format="json")
    assert response.status_code == 200, response.json()
    shown = response.json()["questions"]
    assert [q["code"] for q in shown] == ["purpose", "copies"]
    assert shown[0]["choices"][1] == {"code": "visa", "label_zh": "簽證", "label_en": "Visa"}
    # A PATCH that leaves the questions out keeps them.
    again = client.patch(url, {"lock_version": response.json()["lock_version"],
                               "name_zh": "欠稅查詢（新）"}, format="json")
    assert [q["code"] for q in again.json()["questions"]] == ["purpose", "copies"]


def test_a_bad_question_is_a_machine_readable_400(world):
    client = as_user(staff_user(world["ntbt"], Role.AGENCY_ADMIN))
    version = world["ntbt_draft"]
    response = client.patch(f"{VERSIONS}{version.pk}/", {
        "lock_version": version.version,
        "questions": [{"code": "purpose", "kind": "single_choice", "label_zh": "用途"}]},
        format="json")
    assert response.status_code == 400
    assert "questions" in str(response.json())
    assert version.questions.count() == 0


def test_public_catalogue_shows_the_questions(world):
    response = APIClient().get(PUBLIC)
    assert response.json()["results"][0]["questions"] == []


@pytest.mark.parametrize("field", ["period_value", "norm_value"])
def test_a_period_beyond_any_count_is_a_field_error(world, field):
    """Not a 500 from the database (an integer column ends at 2 147 483 647)."""
    client = as_user(staff_user(world["ntbt"], Role.AGENCY_ADMIN))
    target = world["ntbt_draft"]
    units = {"period_unit": "calendar_days", "norm_unit": "calendar_days"}
    for value in (2**31, 99999999999999999999, 3651):
        response = client.patch(f"{VERSIONS}{target.pk}/", {
            "lock_version": target.version, **units, field: value}, format="json")
        assert response.status_code == 400, (value, response.content)
        assert field in response.json()["error"]["details"]
    target.refresh_from_db()
    assert target.period_value != 3651


def test_a_control_character_in_a_name_is_refused(world):
    client = as_user(staff_user(world["ntbt"], Role.AGENCY_ADMIN))
    target = world["ntbt_draft"]
    for name in ("欠稅\x00查詢", "欠稅\x1b查詢"):
        response = client.patch(f"{VERSIONS}{target.pk}/",
                                {"name_zh": name, "lock_version": target.version}, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "control_character"
    target.refresh_from_db()
    assert target.name_zh == "欠稅查詢"


def test_a_null_character_in_the_query_is_a_400(world):
    response = APIClient().get(PUBLIC, {"q": "\x00"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "control_character"
