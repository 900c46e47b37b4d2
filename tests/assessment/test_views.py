"""Staff and public pages: the inspection-to-closure flow by form posts, scoping (another
agency's record is 404), double submits, fixed query counts, documents."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minfu.assessment import services
from minfu.assessment.models import (
    ImprovementItem,
    InspectionKind,
    ItemSource,
    ItemStatus,
    Nomination,
    Proposal,
    RecognitionKind,
    SheetKind,
)
from tests.assessment.factories import items_of, sheet

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _inspection(world):
    s = sheet(world.agency, actor=world.coordinator)
    return services.inspection_create(
        actor=world.coordinator, organisation=world.agency, unit=world.unit, sheet=s,
        kind=InspectionKind.UNANNOUNCED, title="不定期考核", inspected_on=dt.date(2025, 3, 5),
        convener=world.coordinator, members=[world.officer])


def test_inspection_flow_through_the_pages(client, world):
    inspection = _inspection(world)
    first, second = items_of(inspection.sheet)
    client.force_login(world.officer)
    url = reverse("assessment:staff-inspection-score", args=[inspection.pk])
    response = client.post(url, {f"item_{first.pk}": "700", f"item_{second.pk}": "300"})
    assert response.status_code == 200 and "item_" in response.content.decode()  # over max
    response = client.post(url, {f"item_{first.pk}": "420", f"item_{second.pk}": "300",
                                 f"comment_{first.pk}": "動線標示不清",
                                 "evidence": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 302
    client.force_login(world.coordinator)
    client.post(reverse("assessment:staff-finding-add", args=[inspection.pk]),
                {"text": "服務台缺引導", "owner_unit": world.unit.pk})
    finding = inspection.findings.get()
    step = "assessment:staff-inspection-step"
    response = client.post(reverse(step, args=[inspection.pk, "submit"]),
                           {"submit-version": inspection.version, "submit-summary": "需改善",
                            "submit-comment": ""})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.total == Decimal("720.00") and inspection.improvement_required
    assert not ImprovementItem.objects.exists() and inspection.reply_due_on is None
    page = client.get(reverse("assessment:staff-inspection", args=[inspection.pk]))
    assert "動線標示不清" in page.content.decode()
    client.force_login(world.head)
    response = client.post(reverse(step, args=[inspection.pk, "review"]),
                           {"review-version": inspection.version, "review-comment": "核對無誤"})
    assert response.status_code == 302
    client.force_login(world.evaluator)
    inspection.refresh_from_db()
    response = client.post(reverse(step, args=[inspection.pk, "approve"]),
                           {"approve-version": inspection.version, "approve-comment": ""})
    assert response.status_code == 302
    inspection.refresh_from_db()
    client.force_login(world.coordinator)
    convert = reverse("assessment:staff-finding-item", args=[inspection.pk, finding.pk])
    client.post(convert)
    response = client.post(convert)  # a double click
    item = ImprovementItem.objects.get()
    assert response.url == reverse("assessment:staff-item", args=[item.pk])
    assert item.due_on == inspection.reply_due_on
    client.force_login(world.supervisor)
    client.post(reverse("assessment:staff-item-reply", args=[item.pk]),
                {"version": item.version, "reply": "已增設引導人員",
                 "evidence": SimpleUploadedFile("photo.pdf", PDF)})
    item.refresh_from_db()
    assert item.status == ItemStatus.REPLIED and item.evidence.count() == 1
    stale = client.post(reverse("assessment:staff-item-reply", args=[item.pk]),
                        {"version": item.version - 1, "reply": "again"})
    assert stale.status_code == 400
    client.force_login(world.coordinator)
    client.post(reverse("assessment:staff-item-review", args=[item.pk]),
                {"version": item.version, "decision": "close"})
    item.refresh_from_db()
    assert item.status == ItemStatus.CLOSED


def test_another_agencys_records_are_not_found(client, world):
    inspection = _inspection(world)
    item = services.improvement_item_open(actor=world.coordinator, organisation=world.agency,
                                          owner_unit=world.unit, source=ItemSource.MEETING,
                                          title="x")
    proposal = services.proposal_submit(actor=world.officer, unit=world.unit, title="t",
                                        description="d")
    client.force_login(world.outsider)
    for name, pk in (("staff-inspection", inspection.pk), ("staff-item", item.pk),
                     ("staff-proposal", proposal.pk), ("staff-sheet", inspection.sheet_id)):
        assert client.get(reverse(f"assessment:{name}", args=[pk])).status_code == 404
    assert client.post(reverse("assessment:staff-item-review", args=[item.pk]),
                       {"version": 1, "decision": "close"}).status_code == 404
    listing = client.get(reverse("assessment:staff-items")).content.decode()
    assert "x</a>" not in listing
    # The ministry evaluator sees the agency below the ministry.
    client.force_login(world.evaluator)
    assert client.get(reverse("assessment:staff-inspection", args=[inspection.pk])
                      ).status_code == 200


def test_item_list_has_a_fixed_query_count(client, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("assessment:staff-items")).status_code == 200
        return len(queries)

    client.force_login(world.coordinator)
    services.improvement_item_open(actor=world.coordinator, organisation=world.agency,
                                   owner_unit=world.unit, source=ItemSource.MEETING, title="a")
    few = count()
    for n in range(5):
        services.improvement_item_open(actor=world.coordinator, organisation=world.agency,
                                       owner_unit=world.unit, source=ItemSource.MEETING,
                                       title=f"b{n}")
    assert count() == few


def test_courtesy_test_page_double_submit_makes_one_record(client, world):
    s = sheet(world.agency, actor=world.coordinator, kind=SheetKind.COURTESY, code="c",
              maxima=(50, 50), improvement_below="60", tiers=[])
    a, b = items_of(s)
    client.force_login(world.coordinator)
    data = {"idempotency_key": "k-1", "unit": world.unit.pk, "called_at": "2025-03-05 10:30",
            "number_called": "02-2550-5500", "rings": 3, "answered_by_name": "",
            f"item_{a.pk}": "20", f"item_{b.pk}": "25"}
    url = reverse("assessment:staff-courtesy-new", args=[s.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert ImprovementItem.objects.filter(source=ItemSource.COURTESY).count() == 1
    page = client.get(reverse("assessment:staff-courtesy") + "?month=2025-03").content.decode()
    assert "45" in page and "<svg" in page
    csv = client.get(reverse("assessment:staff-courtesy") + "?month=2025-03&format=csv")
    assert "45.00" in csv.content.decode("utf-8-sig")
    assert client.get(reverse("assessment:staff-courtesy") + "?format=pdf").status_code == 400


def test_proposal_and_nomination_pages(client, world):
    client.force_login(world.officer)
    client.post(reverse("assessment:staff-proposals"),
                {"idempotency_key": "p", "unit": world.unit.pk, "title": "叫號簡訊通知",
                 "description": "候位時以簡訊通知"})
    proposal = Proposal.objects.get()
    client.force_login(world.coordinator)
    response = client.post(reverse("assessment:staff-proposal-decide", args=[proposal.pk]),
                           {"version": proposal.version, "decision": "reject", "reason": ""})
    assert response.status_code == 400
    client.post(reverse("assessment:staff-proposal-decide", args=[proposal.pk]),
                {"version": proposal.version, "decision": "adopt"})
    proposal.refresh_from_db()
    assert proposal.status == "adopted"
    client.force_login(world.supervisor)
    client.post(reverse("assessment:staff-nominations"),
                {"kind": RecognitionKind.QUARTERLY_EXEMPLARY, "unit": world.unit.pk,
                 "nominee": world.officer.pk, "period_day": "114/02/10", "reason": "服務熱忱",
                 "compliments": "4"})
    nomination = Nomination.objects.get()
    assert nomination.period_start == dt.date(2025, 1, 1)
    assert nomination.figures["manual"] == {"compliments": "4"}
    client.force_login(world.coordinator)
    client.post(reverse("assessment:staff-nomination-select", args=[nomination.pk]))
    client.logout()
    roll = client.get(reverse("assessment:public-honour-roll")).content.decode()
    assert world.officer.get_full_name() in roll and world.unit.name_zh in roll


def test_meeting_documents(client, world):
    services.improvement_item_open(actor=world.coordinator, organisation=world.agency,
                                   owner_unit=world.unit, source=ItemSource.MEETING,
                                   title="電話轉接改善")
    client.force_login(world.coordinator)
    home = client.get(reverse("assessment:staff-home")).content.decode()
    assert world.agency.name_zh in home  # no meeting yet: one is due
    response = client.post(reverse("assessment:staff-meetings"),
                           {"organisation": world.agency.pk, "held_on": "114/03/05",
                            "title": "114年第1次任務編組會議", "minutes": "討論列管事項"})
    assert response.status_code == 302
    odt = client.get(response.url + "document.odt")
    assert odt.status_code == 200 and odt.content.startswith(b"PK")
    pdf = client.get(response.url + "document.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert client.get(response.url + "document.doc").status_code == 404


def test_list_pages_have_fixed_query_counts(client, world):
    s = sheet(world.agency, actor=world.coordinator)

    def add_rows(n):
        for i in range(n):
            services.inspection_create(
                actor=world.coordinator, organisation=world.agency, unit=world.unit, sheet=s,
                kind=InspectionKind.SCHEDULED, title=f"考核{n}{i}",
                inspected_on=dt.date(2025, 3, 5), convener=world.coordinator)
            services.proposal_submit(actor=world.officer, unit=world.unit, title=f"提案{n}{i}",
                                     description="d")

    def counts():
        result = {}
        for name in ("staff-inspections", "staff-proposals", "staff-nominations",
                     "staff-meetings", "staff-sheets"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"assessment:{name}")).status_code == 200
            result[name] = len(queries)
        return result

    client.force_login(world.coordinator)
    add_rows(1)
    few = counts()
    add_rows(4)
    assert counts() == few
