"""Paper at the counter (收件核對, supplements brought in person) and access-checked
downloads of application files."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.cases import services
from minfu.cases.models import Case, CaseDocument, CaseEvent
from minfu.core.errors import ValidationFailed
from minfu.core.models import AuditEvent
from tests.cases.factories import at, document, officer, service, submit
from tests.cases.public_support import PDF_BYTES
from tests.catalog.factories import agency_with_unit

pytestmark = pytest.mark.django_db

MARCH_3 = dt.date(2025, 3, 3)


def travel(day: dt.date, hour: int = 10):
    return time_machine.travel(at(day, hour), tick=False)


@pytest.fixture
def version():
    return service(period_value=5)


def _items(version):
    return list(version.documents.filter(fetched_by_agency=False).values_list("pk", flat=True))


def _awaiting(version, clerk):
    """Received on Monday 3 March, a notice for two items on the 4th (clock stopped)."""
    case, _code = submit(version, received_at=at(MARCH_3), documents=[document()])
    with travel(dt.date(2025, 3, 4)):
        notice = services.deficiency_notice_issue(
            case=case, items=_items(version), actor=clerk,
            supplement_due_date=dt.date(2025, 3, 20))
    return Case.objects.get(pk=case.pk), notice


# ----- counter intake with paper ---------------------------------------------------------

def test_counter_intake_records_originals_seen_on_paper_with_who_and_when(version):
    clerk = officer(version.responsible_unit)
    first, second = _items(version)
    with travel(MARCH_3):
        case, _code = submit(version, channel="counter", actor=clerk, paper_items=[first],
                             documents=[document(required_document_id=second)])
    paper = case.documents.get(on_paper=True)
    assert paper.required_document_id == first and paper.recorded_by == clerk
    assert paper.received_at == at(MARCH_3) and not paper.file
    assert case.documents.get(on_paper=False).required_document_id == second
    event = CaseEvent.objects.get(case=case, action="case.submitted")
    assert event.data["seen_on_paper"] == [first]


def test_only_officers_record_paper_and_only_checklist_items(version):
    clerk = officer(version.responsible_unit)
    with pytest.raises(ValidationFailed) as online:
        submit(version, paper_items=_items(version)[:1])
    assert "paper_items" in online.value.details
    foreign = service(code="OTHER").documents.first().pk
    with pytest.raises(ValidationFailed) as wrong:
        submit(version, channel="counter", actor=clerk, paper_items=[foreign])
    assert "paper_items" in wrong.value.details
    assert not Case.objects.exists()


def test_counter_intake_page_takes_scans_and_paper(client, version):
    clerk = officer(version.responsible_unit)
    first, second = _items(version)
    client.force_login(clerk)
    data = {"request_key": "p1", "service": version.pk, "shown_for": version.pk,
            "applicant_kind": "person", "applicant_name": "王小明",
            "applicant_id_number": "A123456789", "contact_phone": "02-1234-5678",
            "language": "zh-hant", "consent": "on", f"paper_{first}": "on",
            f"document_{second}": SimpleUploadedFile("scan.pdf", PDF_BYTES)}
    with travel(MARCH_3):
        page = client.get(reverse("cases:staff-intake"), {"service": version.pk})
        assert f"paper_{first}" in page.context["form"].fields
        assert 'enctype="multipart/form-data"' in page.content.decode()
        response = client.post(reverse("cases:staff-intake"), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert {(d.required_document_id, d.on_paper) for d in case.documents.all()} == {
        (first, True), (second, False)}


def test_a_rejected_scan_at_the_counter_says_why_and_keeps_the_rest(client, version):
    client.force_login(officer(version.responsible_unit))
    first = _items(version)[0]
    data = {"request_key": "p2", "service": version.pk, "applicant_kind": "person",
            "applicant_name": "陳大文", "applicant_id_number": "A123456789",
            "contact_phone": "02", "language": "zh-hant", "consent": "on",
            f"document_{first}": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")}
    with travel(MARCH_3):
        response = client.post(reverse("cases:staff-intake"), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [f"document_{first}"]
    assert 'value="陳大文"' in response.content.decode()
    assert not Case.objects.exists()


# ----- paper supplement ------------------------------------------------------------------

def test_a_paper_supplement_resumes_the_clock_like_an_online_one(version):
    clerk = officer(version.responsible_unit)
    case, notice = _awaiting(version, clerk)
    first, _second = _items(version)
    with travel(dt.date(2025, 3, 7)):
        case = services.case_supplement_receive(case=case, documents=[], actor=clerk,
                                                paper_items=[first])
    # Paused from 03-04 until 03-07: the due date moves from 03-10 to 03-13.
    assert case.state == "in_review" and case.legal_due_date == dt.date(2025, 3, 13)
    paper = case.documents.get(on_paper=True)
    assert paper.notice == notice and paper.recorded_by == clerk
    event = CaseEvent.objects.get(case=case, action="case.supplement.received")
    assert event.data["channel"] == "counter" and event.data["seen_on_paper"] == [first]


def test_paper_items_must_be_items_of_the_notice(version):
    clerk = officer(version.responsible_unit)
    case, _notice = _awaiting(version, clerk)
    fetched = version.documents.get(fetched_by_agency=True).pk
    with travel(dt.date(2025, 3, 7)), pytest.raises(ValidationFailed):
        services.case_supplement_receive(case=case, documents=[], actor=clerk,
                                         paper_items=[fetched])
    with travel(dt.date(2025, 3, 7)), pytest.raises(ValidationFailed):
        services.case_supplement_receive(case=case, documents=[], paper_items=_items(version))
    assert Case.objects.get(pk=case.pk).state == "awaiting_supplement"


def test_case_page_records_a_paper_supplement_with_a_scan(client, version):
    clerk = officer(version.responsible_unit)
    case, _notice = _awaiting(version, clerk)
    first, second = _items(version)
    client.force_login(clerk)
    with travel(dt.date(2025, 3, 7)):
        page = client.get(reverse("cases:staff-detail", args=[case.pk]))
        form = page.context["action_forms"]["paper_supplement"]
        assert {f"paper_{first}", f"document_{second}"} <= set(form.fields)
        empty = client.post(reverse("cases:staff-action", args=[case.pk, "paper_supplement"]),
                            {"paper_supplement-version": case.version})
        assert empty.status_code == 400
        response = client.post(
            reverse("cases:staff-action", args=[case.pk, "paper_supplement"]),
            {"paper_supplement-version": case.version, f"paper_supplement-paper_{first}": "on",
             f"paper_supplement-document_{second}": SimpleUploadedFile("s.pdf", PDF_BYTES)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "in_review" and case.legal_due_date == dt.date(2025, 3, 13)
    assert case.documents.filter(notice__isnull=False).count() == 2


def test_api_records_a_paper_supplement(version):
    clerk = officer(version.responsible_unit)
    case, _notice = _awaiting(version, clerk)
    api = APIClient()
    api.force_authenticate(clerk)
    with travel(dt.date(2025, 3, 7)):
        response = api.post(f"/api/v1/cases/applications/{case.pk}/paper-supplement/",
                            {"expected_version": case.version,
                             "paper_items": _items(version)[:1]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "in_review"


# ----- downloads -------------------------------------------------------------------------

def test_staff_download_is_an_audited_nosniff_attachment(client, version):
    case, _code = submit(version, documents=[document("申請書.pdf", PDF_BYTES)])
    stored = case.documents.get()
    clerk = officer(version.responsible_unit)
    client.force_login(clerk)
    response = client.get(reverse("cases:staff-document", args=[case.pk, stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    audit = AuditEvent.objects.get(action="case_document.viewed")
    assert audit.actor == clerk and audit.object_id == str(stored.pk)


def test_another_agencys_officer_gets_404_and_no_file(client, version):
    case, _code = submit(version, documents=[document()])
    stranger = officer(agency_with_unit("ELSE"))
    client.force_login(stranger)
    response = client.get(reverse("cases:staff-document",
                                  args=[case.pk, case.documents.get().pk]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="case_document.viewed").exists()


def test_a_document_of_another_case_or_on_paper_is_404(client, version):
    clerk = officer(version.responsible_unit)
    case, _code = submit(version, documents=[document()])
    other, _code = submit(version, channel="counter", actor=clerk,
                          paper_items=_items(version)[:1])
    client.force_login(clerk)
    assert client.get(reverse("cases:staff-document", args=[
        other.pk, case.documents.get().pk])).status_code == 404
    assert client.get(reverse("cases:staff-document", args=[
        other.pk, other.documents.get().pk])).status_code == 404


def test_api_download_is_scoped_and_audited(version):
    case, _code = submit(version, documents=[document()])
    stored = case.documents.get()
    api = APIClient()
    api.force_authenticate(officer(agency_with_unit("ELSE")))
    url = f"/api/v1/cases/applications/{case.pk}/documents/{stored.pk}/"
    assert api.get(url).status_code == 404
    api.force_authenticate(officer(version.responsible_unit))
    detail = api.get(f"/api/v1/cases/applications/{case.pk}/").json()
    assert detail["documents"][0]["id"] == stored.pk
    response = api.get(url)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="case_document.viewed").count() == 1


def test_the_applicant_downloads_own_uploads_after_proving_access(client, version):
    clerk = officer(version.responsible_unit)
    case, code = submit(version, documents=[document("mine.pdf", PDF_BYTES)])
    own = case.documents.get()
    with travel(MARCH_3):
        counter_case, _code = submit(version, channel="counter", actor=clerk,
                                     documents=[document("staff-scan.pdf")])
    url = reverse("cases:public-document", args=[case.number, own.pk])
    refused = client.get(url)
    assert refused.status_code == 302 and "lookup" in refused["Location"]
    client.post(reverse("cases:public-lookup"), {"number": case.number, "access_code": code})
    progress = client.get(reverse("cases:public-progress", args=[case.number]))
    assert url in progress.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    # A file the officer scanned, or one of another case, is not theirs to fetch here.
    scan = counter_case.documents.get()
    assert client.get(reverse("cases:public-document",
                              args=[case.number, scan.pk])).status_code == 404
    assert CaseDocument.objects.count() == 2
