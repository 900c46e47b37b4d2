"""The official letters of applications and petitions: letterhead, recipient, ROC date
and document number on every one; the decision letter with its outcome, reasons, legal
basis and, for an outcome that can be appealed, the remedies notice; the citizen reads
them with proof of access, staff within their scope, in both formats and languages."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from odf import teletype
from odf.opendocument import load
from odf.text import P

from minfu.cases import documents, services
from minfu.documents import services as document_services
from minfu.documents.models import DocumentWording, IssuedDocument, Letterhead
from minfu.org.models import Role
from minfu.voice import services as voice_services
from minfu.voice.documents import reply_letter
from minfu.voice.models import Petition
from tests.cases.factories import at, officer, service, submit
from tests.org.factories import UnitFactory, staff_user
from tests.pdf_support import pdf_flat_text as pdf_text
from tests.pdf_support import pdf_fonts
from tests.voice import factories as voice

pytestmark = pytest.mark.django_db
MARCH_3 = dt.date(2025, 3, 3)


def travel(day, hour=10):
    return time_machine.travel(at(day, hour), tick=False)


@pytest.fixture
def version():
    version = service(period_value=5)
    organisation = version.service_type.organisation
    admin = staff_user(version.responsible_unit, Role.AGENCY_ADMIN)
    document_services.letterhead_save(letterhead=Letterhead(
        organisation=organisation, title_zh="財政部關務署臺北關", address_zh="臺北市大同區塔城街13號",
        phone="(02) 2550-5500", number_pattern="北關業字第{year}{serial}號",
        appeal_authority_zh="財政部關務署"), actor=admin)
    return version


def _decided(version, outcome="rejected", note="所附文件不符規定。"):
    with travel(MARCH_3):
        case, code = submit(version, received_at=at(MARCH_3))
    clerk = officer(version.responsible_unit)
    with travel(dt.date(2025, 3, 6)):
        case = services.case_decide(case=services.case_accept(case=case, actor=clerk),
                                    outcome=outcome, actor=clerk, public_note_zh=note,
                                    public_note_en="The documents do not meet the rules.")
    return case, code


def test_numbers_are_issued_when_documents_are_issued(version):
    case, _code = _decided(version)
    issued = dict(IssuedDocument.objects.values_list("kind", "number"))
    assert issued == {"receipt": "北關業字第1140000001號", "decision": "北關業字第1140000002號"}


def test_the_rejection_letter_has_everything_the_law_asks_for(version):
    case, _code = _decided(version)
    content = documents.decision_letter(case).render("pdf")
    text = pdf_text(content)
    assert list(pdf_fonts(content).values()) == [True]
    for expected in ("財政部關務署臺北關", "臺北市大同區塔城街13號", "(02) 2550-5500",
                     "受文者：王小明", "中華民國114年3月6日", "北關業字第1140000002號",
                     "決定書", case.number, "所附文件不符規定。", "稅捐稽徵法第33條",
                     "30日內", "訴願法第14條", "財政部關務署提起訴願"):
        assert expected in text, expected
    assert "。，" not in text and "。。" not in text


def test_an_approval_states_no_appeal(version):
    case, _code = _decided(version, outcome="approved", note="")
    text = pdf_text(documents.decision_letter(case).render("pdf"))
    assert "核准" in text and "訴願" not in text


def test_the_letter_reads_in_english_with_iso_and_roc_dates(version):
    case, _code = _decided(version)
    with translation.override("en"):
        text = pdf_text(documents.decision_letter(case).render("pdf"))
    for expected in ("Decision letter", "Date: 2025-03-06 (ROC 114/03/06)", "Recipient: 王小明",
                     "The documents do not meet the rules.", "Administrative Appeal Act",
                     "Tax Collection Act, article 33"):
        assert expected in text, expected


def test_the_odt_twin_says_the_same(version):
    case, _code = _decided(version)
    document = load(io.BytesIO(documents.decision_letter(case).render("odt")))
    lines = [teletype.extractText(p) for p in document.getElementsByType(P)]
    assert lines[0] == "財政部關務署臺北關"
    assert "發文字號：北關業字第1140000002號" in lines and "所附文件不符規定。" in lines


def test_an_agency_wording_is_used_and_a_broken_one_gives_way_to_the_default(version):
    case, _code = _decided(version)
    organisation = case.organisation
    DocumentWording.objects.create(organisation=organisation, kind="decision",
                                   subject_zh="本局就{{ case_number }}決定：{{ outcome }}。")
    assert f"本局就{case.number}決定：駁回。" in pdf_text(
        documents.decision_letter(case).render("pdf"))
    DocumentWording.objects.filter(organisation=organisation).update(
        subject_zh="{{ outcome|date:'Y' }}{% url 'nowhere' %}")
    assert "經本機關審查" in pdf_text(documents.decision_letter(case).render("pdf"))


def test_receipts_and_notices_carry_the_letterhead(version):
    with travel(MARCH_3):
        case, _code = submit(version, received_at=at(MARCH_3))
    clerk = officer(version.responsible_unit)
    with travel(dt.date(2025, 3, 4)):
        notice = services.deficiency_notice_issue(
            case=case, items=[version.documents.first().pk],
            supplement_due_date=dt.date(2025, 3, 20), actor=clerk)
    receipt = pdf_text(documents.receipt(case).render("pdf"))
    assert "北關業字第1140000001號" in receipt and "特此證明" in receipt
    text = pdf_text(documents.deficiency_notice(notice).render("pdf"))
    assert "北關業字第1140000002號" in text and "中華民國114年3月4日" in text
    assert "請於114年3月20日前補正" in text


def test_the_extension_notice_gives_old_and_new_dates_and_the_reason(version):
    with travel(MARCH_3):
        case, _code = submit(version, received_at=at(MARCH_3))
    clerk = officer(version.responsible_unit)
    approver = staff_user(version.responsible_unit, Role.SUPERVISOR)
    with travel(dt.date(2025, 3, 5)):
        extension = services.case_extend(case=case, reason="須會同其他機關查核。", extra_value=3,
                                         approved_by=approver, actor=clerk)
    text = pdf_text(documents.extension_notice(extension).render("pdf"))
    assert "原處理期限為114年3月10日" in text and "須會同其他機關查核。" in text
    assert "延長至114年3月13日" in text and "行政程序法第51條" in text


def test_the_citizen_reads_the_decision_at_the_top_and_downloads_the_letter(client, version):
    case, code = _decided(version)
    url = reverse("cases:public-decision-pdf", kwargs={"number": case.number})
    assert client.get(url).status_code == 302  # no proof yet
    client.post(reverse("cases:public-lookup"), {"number": case.number, "access_code": code})
    page = client.get(reverse("cases:public-progress", kwargs={"number": case.number}))
    html = page.content.decode()
    assert html.index("decision-heading") < html.index("case-facts")
    assert "所附文件不符規定。" in html and url in html
    response = client.get(url)
    assert response.status_code == 200 and "北關業字第1140000002號" in pdf_text(response.content)
    odt = client.get(reverse("cases:public-decision-odt", kwargs={"number": case.number}))
    assert odt.status_code == 200 and "attachment" in odt["Content-Disposition"]


def test_no_letter_before_a_decision(client, version):
    with travel(MARCH_3):
        case, code = submit(version, received_at=at(MARCH_3))
    client.post(reverse("cases:public-lookup"), {"number": case.number, "access_code": code})
    url = reverse("cases:public-decision-pdf", kwargs={"number": case.number})
    assert client.get(url).status_code == 404
    extension = reverse("cases:public-extension-pdf", kwargs={"number": case.number})
    assert client.get(extension).status_code == 404


def test_staff_of_another_agency_cannot_read_the_letter(client, version):
    case, _code = _decided(version)
    url = reverse("cases:staff-decision-pdf", args=[case.pk])
    client.force_login(staff_user(UnitFactory(), Role.AGENCY_ADMIN))
    assert client.get(url).status_code == 404
    client.force_login(officer(version.responsible_unit))
    assert client.get(url).status_code == 200
    page = client.get(reverse("cases:staff-detail", args=[case.pk]))
    assert url in page.content.decode()


def test_a_petition_reply_is_a_letter_with_its_number():
    unit = voice.agency_unit("KL")
    voice.category(unit)
    petition, _code = voice.submit(unit)
    voice_services.reply_draft(actor=voice.officer(unit), petition=petition,
                               text="本局已派員修復路燈。", legal_basis="行政程序法第171條")
    reply = voice_services.reply_approve(actor=voice.supervisor(unit),
                                         petition=Petition.objects.get(pk=petition.pk))
    content = reply_letter(petition, reply).render("pdf")
    text = pdf_text(content)
    issued = IssuedDocument.objects.get(kind="petition_reply")
    assert issued.number in text and "本局已派員修復路燈。" in text
    assert "行政程序法第171條" in text and petition.number in text and "請查照" in text
