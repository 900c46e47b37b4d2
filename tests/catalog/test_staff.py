import datetime as dt

import pytest
from django.urls import reverse

from minfu.catalog import spreadsheet
from minfu.catalog.models import ServiceType, ServiceTypeVersion
from minfu.core.errors import Conflict
from minfu.core.sheets import read_workbook, read_xlsx, write_csv, write_xlsx
from minfu.org.models import Role
from tests.catalog.factories import agency_with_unit, count_queries, draft, published, tags
from tests.org.factories import UnitFactory, staff_user

pytestmark = pytest.mark.django_db
Status = ServiceTypeVersion.Status


@pytest.fixture
def unit():
    tags()
    return agency_with_unit("NTBT", "SVC")


@pytest.fixture
def admin_client(client, unit):
    client.force_login(staff_user(unit, Role.AGENCY_ADMIN))
    return client


def version_post_data(version_lock=None, **overrides):
    seeded = tags()
    data = {
        "name_zh": "欠稅查詢", "name_en": "Enquiry about unpaid taxes", "description_zh": "",
        "description_en": "", "responsible_unit": "", "offered_online": "on",
        "for_persons": "on", "where_to_apply_zh": "", "where_to_apply_en": "",
        "legal_basis_zh": "稅捐稽徵法第33條", "legal_basis_en": "", "period_value": "1",
        "period_unit": "working_days", "norm_value": "2", "norm_unit": "hours",
        "fee_amount": "0", "fee_zh": "", "fee_en": "",
        "topic_tag": seeded["FIN-TAX"].pk, "policy_tag": seeded["POL-TAX"].pk,
        "service_tag": seeded["S08"].pk,
        "documents-TOTAL_FORMS": "2", "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0", "documents-MAX_NUM_FORMS": "1000",
        "documents-0-name_zh": "身分證明文件", "documents-0-requirement": "mandatory",
        "documents-0-ORDER": "2",
        "documents-1-name_zh": "委任書", "documents-1-requirement": "conditional",
        "documents-1-condition_zh": "委託他人時", "documents-1-ORDER": "1",
        "questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
    }
    if version_lock is not None:
        data["lock_version"] = str(version_lock)
    data.update(overrides)
    return data


def test_list_shows_only_the_users_organisations(admin_client, unit):
    published(unit, "MINE")
    published(agency_with_unit("TPC"), "THEIRS", name_zh="別人的服務")
    response = admin_client.get(reverse("catalog:staff-list"))
    assert [row.service_type.code for row in response.context["rows"]] == ["MINE"]
    assert "別人的服務" not in response.content.decode()


def test_another_agencys_service_is_404(admin_client):
    other = published(agency_with_unit("TPC"), "THEIRS")
    assert admin_client.get(reverse("catalog:staff-detail", args=[other.service_type_id])) \
        .status_code == 404
    assert admin_client.get(reverse("catalog:staff-version-edit", args=[other.pk])) \
        .status_code == 404
    assert admin_client.post(reverse("catalog:staff-new-draft", args=[other.service_type_id])) \
        .status_code == 404


def test_staff_pages_need_sign_in(client):
    assert client.get(reverse("catalog:staff-list")).status_code == 302


def test_create_a_draft_with_its_checklist(admin_client, unit):
    data = version_post_data(code="ARREARS", responsible_unit=unit.pk)
    response = admin_client.post(reverse("catalog:staff-create"), data)
    service_type = ServiceType.objects.get(code="ARREARS")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:staff-detail", args=[service_type.pk])
    version = service_type.versions.get()
    assert version.status == Status.DRAFT
    assert version.channels == ["online"] and version.norm_unit == "hours"
    # The order numbers put the letter of authorisation first.
    assert list(version.documents.values_list("name_zh", flat=True)) == ["委任書", "身分證明文件"]


def test_create_shows_service_refusals_on_the_form(admin_client, unit):
    data = version_post_data(code="ARREARS", responsible_unit=unit.pk, norm_value="3",
                             norm_unit="working_days")
    response = admin_client.post(reverse("catalog:staff-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["norm_value"]
    assert not ServiceType.objects.exists()


def test_a_duplicate_code_is_shown_on_the_code_field(admin_client, unit):
    draft(unit, "ARREARS")
    response = admin_client.post(reverse("catalog:staff-create"),
                                 version_post_data(code="ARREARS", responsible_unit=unit.pk))
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"]
    assert not response.context["form"].non_field_errors()
    assert ServiceType.objects.count() == 1


def test_edit_draft_and_a_stale_form_is_refused(admin_client, unit):
    version = draft(unit, "ARREARS")
    url = reverse("catalog:staff-version-edit", args=[version.pk])
    page = admin_client.get(url)
    assert page.context["documents"].initial[1]["name_zh"] == "戶籍謄本"
    read = version.version
    first = admin_client.post(url, version_post_data(read, responsible_unit=unit.pk,
                                                     name_zh="第一次"))
    assert first.status_code == 302
    stale = admin_client.post(url, version_post_data(read, responsible_unit=unit.pk,
                                                     name_zh="第二次"))
    assert stale.status_code == 200
    assert str(Conflict.default_message) in stale.context["form"].non_field_errors()
    version.refresh_from_db()
    assert version.name_zh == "第一次"


def test_a_published_version_cannot_be_edited(admin_client, unit):
    version = published(unit, "ARREARS")
    response = admin_client.get(reverse("catalog:staff-version-edit", args=[version.pk]))
    assert response.status_code == 302


def test_publish_then_start_a_new_draft(admin_client, unit):
    version = draft(unit, "ARREARS")
    url = reverse("catalog:staff-version-publish", args=[version.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"lock_version": version.version, "effective_from": ""})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and version.effective_from == dt.date.today()
    response = admin_client.post(reverse("catalog:staff-new-draft", args=[version.service_type_id]))
    new = version.service_type.versions.get(status=Status.DRAFT)
    assert response["Location"] == reverse("catalog:staff-version-edit", args=[new.pk])
    assert new.documents.count() == version.documents.count()


def test_publish_accepts_a_roc_date(admin_client, unit):
    version = draft(unit, "ARREARS")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    roc = f"{tomorrow.year - 1911}/{tomorrow.month:02d}/{tomorrow.day:02d}"
    admin_client.post(reverse("catalog:staff-version-publish", args=[version.pk]),
                      {"lock_version": version.version, "effective_from": roc})
    version.refresh_from_db()
    assert version.effective_from == tomorrow


def test_officers_see_but_may_not_edit(client, unit):
    version = draft(unit, "ARREARS")
    client.force_login(staff_user(unit, Role.OFFICER))
    detail = client.get(reverse("catalog:staff-detail", args=[version.service_type_id]))
    assert detail.status_code == 200 and not detail.context["may_edit"]
    assert client.get(reverse("catalog:staff-version-edit", args=[version.pk])).status_code == 403
    assert client.get(reverse("catalog:staff-version-publish", args=[version.pk])).status_code == 403
    assert client.get(reverse("catalog:staff-create")).status_code == 403
    assert client.get(reverse("catalog:staff-import")).status_code == 403


def test_export_downloads_a_workbook_of_visible_services(admin_client, unit):
    published(unit, "MINE")
    published(agency_with_unit("TPC"), "THEIRS")
    response = admin_client.get(reverse("catalog:staff-export"), {"format": "xlsx"})
    assert response.status_code == 200
    workbook = read_xlsx(response.content)
    assert [row[1] for row in workbook["services"][1:]] == ["MINE"]
    assert len(workbook["documents"]) == 4  # header and three documents


def test_export_writes_a_stored_control_character_and_formula_as_plain_text(admin_client, unit):
    """Rows saved before input refused control characters must not break the export
    (openpyxl refuses them), and text that looks like a formula stays text."""
    version = published(unit, "MINE")
    ServiceTypeVersion.objects.filter(pk=version.pk).update(name_zh="證明\x1b書",
                                                            name_en="=HYPERLINK(\"x\")")
    for fmt in ("xlsx", "ods"):
        response = admin_client.get(reverse("catalog:staff-export"), {"format": fmt})
        assert response.status_code == 200
        row = read_workbook(response.content, f"x.{fmt}")[0]["services"][1]
        assert "證明書" in row and '=HYPERLINK("x")' in row


def test_import_preview_then_confirm(admin_client, unit):
    rows = [spreadsheet.REQUIRED_SERVICE_COLUMNS,
            ["NEW", "新服務", "SVC", "online", "person", 3, "working_days"]]
    upload = _upload("s.xlsx", write_xlsx({"services": rows}))
    response = admin_client.post(reverse("catalog:staff-import"),
                                 {"organisation": unit.organisation.pk, "file": upload})
    assert response.status_code == 200
    assert response.context["report"].ok and response.context["report"].created == ["NEW"]
    assert not ServiceType.objects.exists()  # the preview writes nothing
    response = admin_client.post(reverse("catalog:staff-import"), {"confirm": "1"})
    assert response.status_code == 302
    assert ServiceType.objects.get().versions.get().status == Status.DRAFT


def test_import_preview_lists_the_problems(admin_client, unit):
    rows = [spreadsheet.REQUIRED_SERVICE_COLUMNS,
            ["BAD", "", "NOPE", "online", "person", "x", "working_days"]]
    upload = _upload("s.csv", write_csv(rows))
    response = admin_client.post(reverse("catalog:staff-import"),
                                 {"organisation": unit.organisation.pk, "file": upload})
    report = response.context["report"]
    assert not report.ok
    assert {(e.row, e.column) for e in report.errors} == {(2, "name_zh"), (2, "period_value")}
    page = response.content.decode()
    assert "<caption>" in page and "period_value" in page
    # Confirming without a good preview does nothing.
    admin_client.post(reverse("catalog:staff-import"), {"confirm": "1"})
    assert not ServiceType.objects.exists()


def test_import_of_a_file_that_is_not_a_spreadsheet(admin_client, unit):
    response = admin_client.post(reverse("catalog:staff-import"), {
        "organisation": unit.organisation.pk, "file": _upload("s.xlsx", b"garbage")})
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_staff_list_query_count_does_not_grow(admin_client, unit):
    published(unit, "S0")
    few = count_queries(lambda: admin_client.get(reverse("catalog:staff-list")))
    for number in range(1, 12):
        published(unit, f"S{number}")
        draft(UnitFactory(organisation=unit.organisation), f"D{number}")
    many = count_queries(lambda: admin_client.get(reverse("catalog:staff-list")))
    assert few == many


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


QUESTION_ROWS = {
    "questions-TOTAL_FORMS": "3", "questions-INITIAL_FORMS": "0",
    "questions-0-code": "purpose", "questions-0-kind": "single_choice",
    "questions-0-label_zh": "用途", "questions-0-required": "on", "questions-0-ORDER": "2",
    "questions-0-choices": "loan | 貸款 | Loan\nvisa | 簽證",
    "questions-1-code": "copies", "questions-1-kind": "number", "questions-1-label_zh": "份數",
    "questions-1-required": "on", "questions-1-min_value": "1", "questions-1-ORDER": "1",
    "questions-2-required": "on",  # the blank extra row, as the browser sends it
}


def test_edit_draft_questions_without_javascript(admin_client, unit):
    version = draft(unit, "ARREARS")
    url = reverse("catalog:staff-version-edit", args=[version.pk])
    response = admin_client.post(url, version_post_data(version.version,
                                                        responsible_unit=unit.pk,
                                                        **QUESTION_ROWS))
    assert response.status_code == 302
    questions = list(version.questions.all())
    assert [q.code for q in questions] == ["copies", "purpose"]
    assert questions[1].choices == [{"code": "loan", "label_zh": "貸款", "label_en": "Loan"},
                                    {"code": "visa", "label_zh": "簽證", "label_en": ""}]
    page = admin_client.get(url)
    assert page.context["questions"].initial[1]["choices"] == "loan | 貸款 | Loan\nvisa | 簽證"
    shown = admin_client.get(reverse("catalog:staff-version", args=[version.pk]))
    assert "份數" in shown.content.decode()


def test_a_bad_question_is_shown_on_its_row_and_nothing_is_saved(admin_client, unit):
    version = draft(unit, "ARREARS")
    url = reverse("catalog:staff-version-edit", args=[version.pk])
    rows = QUESTION_ROWS | {"questions-0-choices": "loan | 貸款"}  # only one option
    response = admin_client.post(url, version_post_data(version.version,
                                                        responsible_unit=unit.pk, **rows))
    assert response.status_code == 200
    assert response.context["questions"].forms[0].non_field_errors()
    assert version.questions.count() == 0


def test_repeated_question_codes_are_refused(admin_client, unit):
    version = draft(unit, "ARREARS")
    url = reverse("catalog:staff-version-edit", args=[version.pk])
    rows = QUESTION_ROWS | {"questions-1-code": "purpose"}
    response = admin_client.post(url, version_post_data(version.version,
                                                        responsible_unit=unit.pk, **rows))
    assert response.status_code == 200
    assert response.context["questions"].non_form_errors()
