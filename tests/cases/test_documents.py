"""PDF receipt and deficiency notice: Chinese text in the embedded font, ROC dates,
no access code, and the same access rules as the pages they come from."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from odf import teletype
from odf.opendocument import load
from odf.text import P

from minfu.cases import documents
from minfu.cases.models import Case, DeficiencyNotice
from tests.cases.factories import at, officer, service, submit
from tests.org.factories import UnitFactory, staff_user
from tests.pdf_support import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(at(dt.date(2025, 3, 5), 11), tick=False):
        yield


@pytest.fixture
def received():
    return submit(service(period_value=5), received_at=at(MONDAY))


@pytest.fixture
def clerk(received):
    return officer(received[0].unit)


@pytest.fixture
def notice(client, received, clerk):
    case = received[0]
    items = [str(doc.pk) for doc in case.service_type_version.documents.all()][:2]
    client.force_login(clerk)
    client.post(reverse("cases:staff-action", args=[case.pk, "request_supplement"]), {
        "request_supplement-version": case.version, "request_supplement-items": items,
        "request_supplement-supplement_due_date": "2025-03-20",
        "request_supplement-note": "請攜帶正本 <b>"})
    client.logout()
    return DeficiencyNotice.objects.get(case=case)


def test_receipt_pdf_has_the_facts_in_chinese_and_roc_dates_but_not_the_code(received):
    case, code = received
    content = documents.receipt(case).render("pdf")
    text = pdf_text(content)
    assert content.startswith(b"%PDF")
    assert pdf_fonts(content) == {"AAAAAA+MinfuSansTC-Regular": True}
    assert case.number in text
    assert case.organisation.name_zh in text and case.service_type_version.name_zh in text
    assert "民國114年3月3日" in text
    assert code.replace("-", "") not in text.replace("-", "")


def test_receipt_pdf_shows_the_answers_in_the_wording_they_were_asked_in(received):
    case, _code = received
    case.answers = {"year": {"kind": "number", "label_zh": "所得年度", "label_en": "Income year",
                             "value": 113}}
    text = pdf_text(documents.receipt(case).render("pdf"))
    assert "所得年度" in text and "113" in text


def test_notice_pdf_lists_every_item_the_deadline_and_the_stopped_clock(notice):
    document = documents.deficiency_notice(notice, online_url="https://x.tw/s")
    text = pdf_text(document.render("pdf"))
    for item in notice.items:
        assert item["name_zh"] in text
    assert "民國114年3月20日" in text and "請攜帶正本 <b>" in text
    assert "處理期間停止計算" in text and "https://x.tw/s" in text
    assert notice.case.organisation.name_zh in text


def test_the_public_pdfs_need_a_browser_that_proved_access(client, received, notice):
    case, code = received
    receipt_url = reverse("cases:public-receipt-pdf", kwargs={"number": case.number})
    notice_url = reverse("cases:public-notice-pdf",
                         kwargs={"number": case.number, "sequence": notice.sequence})
    assert client.get(receipt_url).status_code == 302
    assert client.get(notice_url).status_code == 302
    client.post(reverse("cases:public-lookup"), {"number": case.number, "access_code": code})
    response = client.get(receipt_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and case.number in pdf_text(response.content)
    assert client.get(notice_url).status_code == 200
    missing = reverse("cases:public-notice-pdf", kwargs={"number": case.number, "sequence": 9})
    assert client.get(missing).status_code == 404
    page = client.get(reverse("cases:public-progress", kwargs={"number": case.number}))
    assert notice_url in page.content.decode() and receipt_url in page.content.decode()


def test_staff_of_the_agency_get_the_pdfs_and_others_get_404(client, received, clerk, notice):
    case = Case.objects.get(pk=received[0].pk)
    urls = [reverse("cases:staff-receipt-pdf", args=[case.pk]),
            reverse("cases:staff-notice-pdf", args=[case.pk, notice.sequence])]
    client.force_login(clerk)
    page = client.get(reverse("cases:staff-detail", args=[case.pk])).content.decode()
    for url in urls:
        assert url in page
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
    client.force_login(staff_user(UnitFactory(), "officer"))
    assert [client.get(url).status_code for url in urls] == [404, 404]


def odt_text(content: bytes) -> str:
    return "\n".join(teletype.extractText(p) for p in load(io.BytesIO(content))
                     .getElementsByType(P))


def test_the_receipt_and_the_notice_as_odt_carry_what_their_pdfs_carry(received, notice):
    case, code = received
    receipt = odt_text(documents.receipt(case).render("odt"))
    assert case.number in receipt and "民國114年3月3日" in receipt
    assert code.replace("-", "") not in receipt.replace("-", "")
    text = odt_text(documents.deficiency_notice(notice, online_url="https://x.tw/s")
                    .render("odt"))
    assert all(item["name_zh"] in text for item in notice.items)
    assert "民國114年3月20日" in text and "https://x.tw/s" in text


def test_the_odt_downloads_are_saved_and_scoped_like_the_pdfs(client, received, clerk, notice):
    case, code = received
    public = reverse("cases:public-receipt-odt", kwargs={"number": case.number})
    assert client.get(public).status_code == 302  # not proven yet
    client.post(reverse("cases:public-lookup"), {"number": case.number, "access_code": code})
    response = client.get(public)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"].startswith("attachment")
    assert f"receipt-{case.number}.odt" in response["Content-Disposition"]
    assert public in client.get(reverse("cases:public-progress",
                                        kwargs={"number": case.number})).content.decode()
    staff_url = reverse("cases:staff-notice-odt", args=[case.pk, notice.sequence])
    client.force_login(clerk)
    assert case.number in odt_text(client.get(staff_url).content)
    client.force_login(staff_user(UnitFactory(), "officer"))
    assert client.get(staff_url).status_code == 404
