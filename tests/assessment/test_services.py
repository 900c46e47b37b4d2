import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from minfu.assessment import selectors, services
from minfu.assessment.models import (
    ImprovementItem,
    InspectionKind,
    InspectionState,
    ItemSource,
    ItemStatus,
    ProposalStatus,
    RecognitionKind,
    ScoreSheet,
    SheetKind,
)
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from tests.assessment.factories import points, sections, sheet, sign_off

TAIPEI = ZoneInfo("Asia/Taipei")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=TAIPEI), tick=False)


def _inspection(world, sheet_=None, **extra):
    sheet_ = sheet_ or sheet(world.agency, actor=world.coordinator)
    return services.inspection_create(
        actor=world.coordinator, organisation=world.agency, unit=world.unit, sheet=sheet_,
        kind=InspectionKind.UNANNOUNCED, title="114年第1次不定期考核",
        inspected_on=dt.date(2025, 3, 5), convener=world.coordinator,
        secretary=world.supervisor, members=[world.officer], **extra)


# ----- score sheets ----------------------------------------------------------------

def test_unused_sheet_changes_in_place_used_one_gets_a_new_version(world):
    first = sheet(world.agency, actor=world.coordinator)
    again = sheet(world.agency, actor=world.coordinator, maxima=(500, 500))
    assert again.pk == first.pk and again.sheet_version == 1
    inspection = _inspection(world, again)
    services.inspection_score(actor=world.officer, inspection=inspection,
                              points=points(again, 400, 300))
    newer = sheet(world.agency, actor=world.coordinator, maxima=(700, 300))
    assert newer.pk != first.pk and newer.sheet_version == 2 and newer.is_current
    first.refresh_from_db()
    assert not first.is_current
    assert sorted(selectors.sheet_rules(first).max_points.values()) == [500, 500]
    assert AuditEvent.objects.filter(action="assessment.sheet.versioned").count() == 1


def test_a_sheet_saved_from_a_stale_read_is_refused_and_nothing_is_overwritten(world):
    first = sheet(world.agency, actor=world.coordinator)
    read_version = first.version

    def save_from_what_was_read(name_zh):
        return services.score_sheet_save(
            actor=world.coordinator, organisation=world.agency, kind=first.kind,
            code=first.code, name_zh=name_zh, sections=sections([500, 500]),
            based_on=first.pk, expected_version=read_version)

    save_from_what_was_read("第一位的修改")
    with pytest.raises(Conflict):
        save_from_what_was_read("第二位的修改")
    first.refresh_from_db()
    assert first.name_zh == "第一位的修改" and first.version == read_version + 1
    used = _inspection(world, first)  # once used, a save makes a new version...
    services.inspection_score(actor=world.officer, inspection=used,
                              points=points(first, 400, 300))
    read_version = first.version
    save_from_what_was_read("第二版")
    with pytest.raises(Conflict):  # ...and a save from the old one is refused as well
        save_from_what_was_read("第二版又改")
    assert ScoreSheet.objects.get(is_current=True, code=first.code).name_zh == "第二版"


def test_sheet_needs_items_and_permission(world):
    with pytest.raises(ValidationFailed):
        services.score_sheet_save(actor=world.coordinator, organisation=world.agency,
                                  kind=SheetKind.INSPECTION, code="x", name_zh="x",
                                  sections=[])
    with pytest.raises(PermissionDenied):
        sheet(world.agency, actor=world.officer)
    with pytest.raises(PermissionDenied):
        sheet(world.agency, actor=world.outsider)


# ----- inspections --------------------------------------------------------------------

def test_task_force_scores_below_threshold_and_reply_is_due_in_a_month(world):
    inspection = _inspection(world)
    s = inspection.sheet
    services.inspection_score(actor=world.officer, inspection=inspection,
                              points=points(s, 420, 300), comments={},
                              files=[SimpleUploadedFile("photo.pdf", PDF)])
    services.inspection_score(actor=world.supervisor, inspection=inspection,
                              points=points(s, 440, 290))
    with pytest.raises(PermissionDenied):
        services.inspection_score(actor=world.evaluator, inspection=inspection,
                                  points=points(s, 1, 1))
    with on(dt.date(2025, 1, 31)):
        result = sign_off(world, inspection)
    assert result.state == InspectionState.APPROVED
    assert result.total == Decimal("725.00")
    assert result.tier == "乙等"
    assert result.improvement_required
    # 2025-02-28 is Peace Memorial Day: the month ends on the next working day.
    assert result.reply_due_on == dt.date(2025, 3, 3)
    assert inspection.evidence.count() == 1
    with pytest.raises(Conflict):
        services.inspection_score(actor=world.officer, inspection=inspection,
                                  points=points(s, 1, 1))


def test_scores_over_the_maximum_are_refused(world):
    inspection = _inspection(world)
    with pytest.raises(ValidationFailed) as error:
        services.inspection_score(actor=world.officer, inspection=inspection,
                                  points=points(inspection.sheet, 601, 10))
    assert list(error.value.details) == [f"item_{next(iter(points(inspection.sheet, 0, 0)))}"]


def test_evidence_must_be_a_document(world):
    inspection = _inspection(world)
    with pytest.raises(ValidationFailed):
        services.inspection_score(actor=world.officer, inspection=inspection,
                                  points=points(inspection.sheet, 1, 1),
                                  files=[SimpleUploadedFile("x.exe", b"MZ\x90\x00")])


def test_finding_becomes_one_item_however_often_clicked(world):
    inspection = _inspection(world)
    services.inspection_score(actor=world.officer, inspection=inspection,
                              points=points(inspection.sheet, 300, 300))
    with on(dt.date(2025, 3, 5)):
        finding = services.finding_add(actor=world.coordinator, inspection=inspection,
                                       text="服務台未配置引導人員")
        with pytest.raises(Conflict):  # not before the report is approved
            services.finding_to_item(actor=world.coordinator, finding=finding)
        inspection = sign_off(world, inspection)
        item = services.finding_to_item(actor=world.coordinator, finding=finding)
        again = services.finding_to_item(actor=world.coordinator, finding=finding)
    assert item.pk == again.pk
    assert item.source == ItemSource.INSPECTION and item.owner_unit == world.unit
    assert item.due_on == dt.date(2025, 4, 7)  # 4/5 is a Saturday after the spring holidays


# ----- improvement items ----------------------------------------------------------------

def _item(world, **extra):
    return services.improvement_item_open(
        actor=world.coordinator, organisation=world.agency, owner_unit=world.unit,
        source=ItemSource.MEETING, title="改善電話轉接流程", **extra)


def test_item_reply_review_cycle(world):
    item = _item(world)
    with pytest.raises(PermissionDenied):
        services.improvement_item_reply(actor=world.officer, item=item,
                                        expected_version=item.version, reply="x")
    with pytest.raises(PermissionDenied):
        services.improvement_item_reply(actor=world.outsider, item=item,
                                        expected_version=item.version, reply="x")
    item = services.improvement_item_reply(
        actor=world.supervisor, item=item, expected_version=item.version,
        reply="已完成轉接教育訓練", files=[SimpleUploadedFile("簽到表.pdf", PDF)])
    assert item.status == ItemStatus.REPLIED and item.evidence.count() == 1
    with pytest.raises(ValidationFailed):
        services.improvement_item_review(actor=world.coordinator, item=item,
                                         expected_version=item.version, close=False)
    item = services.improvement_item_review(actor=world.coordinator, item=item,
                                            expected_version=item.version, close=False,
                                            note="請補充訓練照片")
    assert item.status == ItemStatus.RETURNED and item.closed_on is None
    item = services.improvement_item_reply(actor=world.supervisor, item=item,
                                           expected_version=item.version, reply="已補充")
    item = services.improvement_item_review(actor=world.coordinator, item=item,
                                            expected_version=item.version, close=True)
    assert item.status == ItemStatus.CLOSED and item.closed_on is not None
    with pytest.raises(Conflict):
        services.improvement_item_review(actor=world.coordinator, item=item,
                                         expected_version=item.version, close=True)


def test_stale_version_is_refused(world):
    item = _item(world)
    stale = item.version
    services.improvement_item_reply(actor=world.supervisor, item=item, expected_version=stale,
                                    reply="第一次回復")
    fresh = ImprovementItem.objects.get(pk=item.pk)
    fresh.status = ItemStatus.OPEN
    with pytest.raises(Conflict):
        services.improvement_item_reply(actor=world.supervisor, item=fresh,
                                        expected_version=stale, reply="重複送出")


def test_meeting_snapshots_unresolved_items(world):
    open_item = _item(world)
    closed = _item(world)
    closed = services.improvement_item_reply(actor=world.supervisor, item=closed,
                                             expected_version=closed.version, reply="完成")
    services.improvement_item_review(actor=world.coordinator, item=closed,
                                     expected_version=closed.version, close=True)
    meeting = services.meeting_record(actor=world.coordinator, organisation=world.agency,
                                      held_on=dt.date.today(), title="任務編組會議")
    assert [line.item_id for line in meeting.lines.all()] == [open_item.pk]


# ----- courtesy tests --------------------------------------------------------------------

def _courtesy_sheet(world):
    return sheet(world.agency, actor=world.coordinator, kind=SheetKind.COURTESY,
                 code="courtesy", maxima=(20, 20, 20, 20, 20), improvement_below="70",
                 tiers=[])


def test_low_courtesy_score_opens_a_training_follow_up(world):
    s = _courtesy_sheet(world)
    called = dt.datetime(2025, 3, 5, 10, 30, tzinfo=TAIPEI)
    good = services.courtesy_test_record(
        actor=world.coordinator, unit=world.unit, sheet=s, called_at=called,
        number_called="02-2550-5500", rings=2, points=points(s, 18, 18, 18, 18, 18),
        answered_by=world.officer)
    assert not good.below_threshold and not ImprovementItem.objects.exists()
    low = services.courtesy_test_record(
        actor=world.coordinator, unit=world.unit, sheet=s, called_at=called,
        number_called="02-2550-5500", rings=6, points=points(s, 10, 12, 14, 15, 10),
        idempotency_key="k1")
    twice = services.courtesy_test_record(
        actor=world.coordinator, unit=world.unit, sheet=s, called_at=called,
        number_called="02-2550-5500", rings=6, points=points(s, 10, 12, 14, 15, 10),
        idempotency_key="k1")
    assert low.pk == twice.pk
    assert low.below_threshold and low.total == 61
    follow_up = low.follow_up
    assert follow_up.source == ItemSource.COURTESY and follow_up.owner_unit == world.unit
    rows = selectors.courtesy_monthly(world.coordinator, dt.date(2025, 3, 1), by="person")
    assert {(row.tests, row.below) for row in rows} == {(1, 0), (1, 1)}


def test_inspection_sheet_is_not_a_courtesy_sheet(world):
    s = sheet(world.agency, actor=world.coordinator)
    with pytest.raises(ValidationFailed):
        services.courtesy_test_record(
            actor=world.coordinator, unit=world.unit, sheet=s,
            called_at=dt.datetime(2025, 3, 5, 10, tzinfo=TAIPEI), number_called="1",
            rings=1, points=points(s, 1, 1))


# ----- recognition and proposals ---------------------------------------------------------------

def test_nomination_pulls_courtesy_scores_and_is_selected_once(world):
    s = _courtesy_sheet(world)
    services.courtesy_test_record(
        actor=world.coordinator, unit=world.unit, sheet=s,
        called_at=dt.datetime(2025, 3, 5, 10, tzinfo=TAIPEI), number_called="1", rings=1,
        points=points(s, 20, 20, 20, 19, 19), answered_by=world.officer)
    nomination = services.nomination_create(
        actor=world.supervisor, unit=world.unit, kind=RecognitionKind.MONTHLY_COURTESY,
        period_day=dt.date(2025, 3, 20), nominee=world.officer, reason="應對親切",
        manual_figures={"compliments": 3})
    again = services.nomination_create(
        actor=world.supervisor, unit=world.unit, kind=RecognitionKind.MONTHLY_COURTESY,
        period_day=dt.date(2025, 3, 2), nominee=world.officer, reason="again")
    assert again.pk == nomination.pk
    assert nomination.period_start == dt.date(2025, 3, 1)
    assert nomination.figures["courtesy_tests"] == 1
    assert nomination.figures["courtesy_mean"] == "98.00"
    assert nomination.figures["manual"] == {"compliments": "3"}
    with pytest.raises(PermissionDenied):
        services.nomination_select(actor=world.supervisor, nomination=nomination)
    services.nomination_select(actor=world.coordinator, nomination=nomination)
    assert list(selectors.honour_roll()) == [nomination]


def test_proposal_adopted_or_not_with_reason_and_adoption_rate(world):
    first = services.proposal_submit(actor=world.officer, unit=world.unit, title="線上預約",
                                     description="臨櫃預約系統", idempotency_key="p1")
    assert services.proposal_submit(actor=world.officer, unit=world.unit, title="線上預約",
                                     description="臨櫃預約系統", idempotency_key="p1") == first
    second = services.proposal_submit(actor=world.officer, unit=world.unit, title="延長服務",
                                      description="中午不打烊")
    with pytest.raises(PermissionDenied):
        services.proposal_decide(actor=world.officer, proposal=first,
                                 expected_version=first.version, adopted=True)
    services.proposal_decide(actor=world.coordinator, proposal=first,
                             expected_version=first.version, adopted=True)
    with pytest.raises(ValidationFailed):
        services.proposal_decide(actor=world.coordinator, proposal=second,
                                 expected_version=second.version, adopted=False)
    services.proposal_decide(actor=world.coordinator, proposal=second,
                             expected_version=second.version, adopted=False, reason="人力不足")
    first = services.proposal_record_implementation(
        actor=world.coordinator, proposal=first, expected_version=first.version,
        note="已上線", implemented=True)
    assert first.status == ProposalStatus.IMPLEMENTED
    assert selectors.adoption_rate(selectors.proposals_for(world.coordinator)) == 50


# ----- awards (more in test_awards.py) -------------------------------------------------

def test_award_sheet_must_be_of_kind_award(world):
    s = sheet(world.ministry, actor=world.evaluator)
    with pytest.raises(ValidationFailed):
        services.award_round_create(actor=world.evaluator, ministry=world.ministry, year=2025,
                                    title="x", sheet=s, submission_due_on=dt.date(2025, 6, 1))
    assert ScoreSheet.objects.count() == 1
