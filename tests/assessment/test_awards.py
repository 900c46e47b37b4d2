"""The award process: a round with two categories goes through its stages with three
judges, conflicts of interest, own-agency refusal, what judges see, the decision records,
tiers and publication; pages and API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.assessment import selectors, services
from minfu.assessment.models import (
    AwardAssignment,
    AwardRoundState,
    AwardStageEntry,
    ConflictState,
    Evidence,
    InspectionKind,
    SheetKind,
)
from minfu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.notify.models import OutboxMessage
from minfu.org.models import Role, Scope
from tests.assessment.factories import items_of, points, sheet, sign_off
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TIERS = [{"name_zh": "特優", "prizes": 1, "min_mean": "85", "prize_zh": "獎座1座"},
         {"name_zh": "優等", "prizes": 1, "min_mean": "75", "prize_zh": "獎狀1幀"},
         {"name_zh": "甲等", "prizes": 2, "min_mean": "60", "prize_zh": "獎狀"}]


class Round:
    """A round of the world's ministry: overall and project award, three judges of the
    ministry, an agency judge (for the own-agency rule), entries of both agencies."""

    def __init__(self, world):
        self.world = world
        self.criteria = sheet(world.ministry, kind=SheetKind.AWARD, code="award",
                              maxima=(60, 40), improvement_below=None, tiers=[])
        self.project_criteria = sheet(world.ministry, kind=SheetKind.AWARD, code="project",
                                      maxima=(50, 50), improvement_below=None, tiers=[])
        self.convener = world.evaluator
        self.round = services.award_round_create(
            actor=self.convener, ministry=world.ministry, year=2025, title="114年度服務獎",
            sheet=self.criteria, project_sheet=self.project_criteria, tiers=TIERS,
            submission_due_on=dt.date(2025, 6, 30))
        self.overall, self.project = list(self.round.categories.order_by("position"))
        ministry_unit = UnitFactory(organisation=world.ministry)
        self.judges = [staff_user(ministry_unit, Role.OFFICER, first_name=f"評審{i}")
                       for i in (1, 2, 3)]
        self.agency_judge = staff_user(world.unit, Role.OFFICER, first_name="機關評審")
        self.tpc = services.award_entry_submit(
            actor=world.coordinator, award_round=self.round, organisation=world.agency,
            self_evaluation="自評報告", files=[SimpleUploadedFile("自評.pdf", PDF)])
        self.ntb = services.award_entry_submit(
            actor=world.outsider, award_round=self.round, organisation=world.other,
            self_evaluation="自評報告")
        self.tpc_project = services.award_entry_submit(
            actor=world.coordinator, award_round=self.round, organisation=world.agency,
            category=self.project, title="線上預約", self_evaluation="專案說明")
        self.pool(*self.judges, self.agency_judge)
        self.stages = list(self.round.stages.order_by("position"))

    def refresh(self):
        self.round.refresh_from_db()
        for stage in self.stages:
            stage.refresh_from_db()

    def pool(self, *judges):
        self.round.refresh_from_db()
        services.award_judges_set(actor=self.convener, award_round=self.round, judges=judges,
                                  expected_version=self.round.version)

    def decide(self, stage, *, advancing=(), citations=None, reasons="依評分結果決定"):
        stage.refresh_from_db()
        return services.award_stage_decide(
            actor=self.convener, stage=stage, expected_version=stage.version, reasons=reasons,
            advancing=[entry.pk for entry in advancing], citations=citations)

    def row(self, stage, entry):
        return AwardStageEntry.objects.get(stage=stage, entry=entry)

    def assign(self, stage, entry, judges):
        return services.award_assign(actor=self.convener, stage_entry=self.row(stage, entry),
                                     judges=judges)

    def assignment(self, stage, entry, judge):
        return AwardAssignment.objects.get(stage_entry=self.row(stage, entry), judge=judge)

    def judge(self, stage, entry, judge, *values):
        assignment = self.assignment(stage, entry, judge)
        services.award_conflict_declare(actor=judge, assignment=assignment, conflict=False)
        return services.award_entry_score(actor=judge, assignment=assignment,
                                          points=points(entry.category.sheet, *values))

    def scored_stage(self, stage, scores):
        """scores: entry -> list of (a, b) per judge, in the order of self.judges."""
        for entry, per_judge in scores.items():
            self.assign(stage, entry, self.judges[:len(per_judge)])
            for judge, values in zip(self.judges, per_judge, strict=False):
                self.judge(stage, entry, judge, *values)


@pytest.fixture
def award(world):
    return Round(world)


def test_a_round_goes_through_all_stages_with_three_judges(award, world):
    first, review, visit, final = award.stages
    assert award.round.state == AwardRoundState.OPEN and first.state == "open"
    assert [stage.state for stage in (review, visit, final)] == ["pending"] * 3
    award.decide(first, advancing=[award.tpc, award.ntb, award.tpc_project])
    award.refresh()
    assert award.round.state == AwardRoundState.EVALUATING and review.state == "open"
    with pytest.raises(Conflict):   # the self-evaluation stage takes no more entries
        services.award_entry_submit(actor=world.coordinator, award_round=award.round,
                                    organisation=world.agency, self_evaluation="晚交")
    award.scored_stage(review, {award.tpc: [(50, 35), (52, 36), (48, 34)],
                                award.ntb: [(40, 30), (42, 28), (41, 29)],
                                award.tpc_project: [(40, 40), (41, 42), (39, 43)]})
    award.decide(review, advancing=[award.tpc, award.tpc_project])
    award.refresh()
    assert award.row(review, award.ntb).advanced is False
    assert award.row(review, award.tpc).mean == Decimal("85.00")
    assert not AwardStageEntry.objects.filter(stage=visit, entry=award.ntb).exists()
    award.scored_stage(visit, {award.tpc: [(51, 35), (50, 36), (49, 35)],
                               award.tpc_project: [(40, 41), (42, 40), (41, 41)]})
    award.decide(visit, advancing=[award.tpc, award.tpc_project])
    award.scored_stage(final, {award.tpc: [(55, 35), (54, 36), (53, 37)],
                               award.tpc_project: [(40, 38), (41, 37), (39, 39)]})
    award.decide(final, citations={award.tpc.pk: "服務遞送流程簡化有感。"})
    award.refresh()
    assert award.round.state == AwardRoundState.DECIDED and final.state == "decided"
    award.tpc.refresh_from_db()
    award.tpc_project.refresh_from_db()
    assert (award.tpc.total, award.tpc.rank, award.tpc.tier) == (Decimal("90.00"), 1, "特優")
    assert award.tpc.recommended_reward == "獎座1座"
    assert award.tpc.citation_zh == "服務遞送流程簡化有感。"
    assert (award.tpc_project.total, award.tpc_project.tier) == (Decimal("78.00"), "優等")
    assert final.decided_by == award.convener and final.outcome["categories"]
    assert not selectors.published_rounds().exists()
    published = services.award_round_publish(actor=award.convener, award_round=award.round,
                                             expected_version=award.round.version)
    assert [entry.pk for entry in selectors.published_results(published)] == [
        award.tpc.pk, award.tpc_project.pk]
    assert AuditEvent.objects.filter(action="assessment.award_stage.decided").count() == 4


def test_the_self_evaluation_stage_has_no_judges(award):
    with pytest.raises(ValidationFailed):
        award.assign(award.stages[0], award.tpc, award.judges[:1])


def _told(judge) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(event=services.JUDGE_ASSIGNED,
                                             recipient=judge.email))


def test_judges_are_told_of_their_entries_once_and_a_replacement_is_told_why(award):
    first, review = award.stages[:2]
    award.decide(first, advancing=[award.tpc, award.ntb])
    one, two, three = award.judges
    award.assign(review, award.ntb, [one, two])
    award.assign(review, award.ntb, [one, two])     # saved again: nobody is told twice
    [message] = _told(one)
    assignment = award.assignment(review, award.ntb, one)
    assert reverse("assessment:staff-award-judging", args=[assignment.pk]) in message.body
    assert "利益衝突" in message.body and not _told(three)
    services.award_conflict_declare(actor=two, assignment=award.assignment(review, award.ntb, two),
                                    conflict=True, reason="曾任該局顧問")
    [replacement] = _told(three)
    assert "利益迴避" in replacement.body


def test_a_declared_conflict_excludes_the_judge_and_a_pool_judge_replaces_them(award):
    first, review = award.stages[:2]
    award.decide(first, advancing=[award.tpc, award.ntb])
    one, two, three = award.judges
    award.assign(review, award.ntb, [one, two])
    assignment = award.assignment(review, award.ntb, two)
    with pytest.raises(ValidationFailed):   # a conflict needs its reason
        services.award_conflict_declare(actor=two, assignment=assignment, conflict=True)
    with pytest.raises(PermissionDenied):   # only the judge declares for themself
        services.award_conflict_declare(actor=one, assignment=assignment, conflict=False)
    services.award_conflict_declare(actor=two, assignment=assignment, conflict=True,
                                    reason="曾任該局顧問")
    assignment.refresh_from_db()
    assert assignment.conflict == ConflictState.DECLARED
    assert assignment.replaced_by.judge == three     # not the agency's own judge
    # the same declaration again changes nothing; a different one is refused
    services.award_conflict_declare(actor=two, assignment=assignment, conflict=True,
                                    reason="曾任該局顧問")
    with pytest.raises(Conflict):
        services.award_conflict_declare(actor=two, assignment=assignment, conflict=False)
    with pytest.raises(Conflict):
        services.award_entry_score(actor=two, assignment=assignment,
                                   points=points(award.criteria, 50, 30))
    assert award.ntb not in selectors.award_entries_for(two, award.round)
    assert award.ntb not in selectors.award_entries_for(three, award.round)   # not declared
    award.judge(review, award.ntb, three, 40, 30)
    assert award.ntb in selectors.award_entries_for(three, award.round)
    # the excluded judge does not hold up the decision
    award.judge(review, award.ntb, one, 42, 30)
    award.assign(review, award.tpc, [one])
    award.judge(review, award.tpc, one, 50, 30)
    award.decide(review, advancing=[award.ntb])
    assert award.row(review, award.ntb).mean == Decimal("71.00")


def test_no_judge_left_to_replace_leaves_the_entry_to_the_others(award, world):
    first, review = award.stages[:2]
    award.decide(first, advancing=[award.tpc])
    award.pool(*award.judges[:2])
    award.assign(review, award.tpc, award.judges[:2])
    assignment = award.assignment(review, award.tpc, award.judges[1])
    services.award_conflict_declare(actor=award.judges[1], assignment=assignment,
                                    conflict=True, reason="親屬任職該機關")
    assert AwardAssignment.objects.filter(replaces=assignment).count() == 0


def test_a_judge_never_judges_an_entry_of_their_own_agency(award):
    first, review = award.stages[:2]
    award.decide(first, advancing=[award.tpc, award.ntb])
    with pytest.raises(ValidationFailed) as refused:
        award.assign(review, award.tpc, [award.agency_judge])
    assert refused.value.code == "own_agency"
    award.assign(review, award.ntb, [award.agency_judge])   # another agency: fine
    # even an assignment made behind the services' back cannot be scored
    sneaked = AwardAssignment.objects.create(stage_entry=award.row(review, award.tpc),
                                             judge=award.agency_judge,
                                             conflict=ConflictState.NONE)
    with pytest.raises(PermissionDenied):
        services.award_entry_score(actor=award.agency_judge, assignment=sneaked,
                                   points=points(award.criteria, 50, 30))


def test_a_judge_must_declare_before_seeing_or_scoring(award):
    first, review = award.stages[:2]
    award.decide(first, advancing=[award.tpc])
    judge = award.judges[0]
    award.assign(review, award.tpc, [judge])
    assignment = award.assignment(review, award.tpc, judge)
    assert not selectors.award_entries_for(judge, award.round).exists()
    with pytest.raises(Conflict):
        services.award_entry_score(actor=judge, assignment=assignment,
                                   points=points(award.criteria, 50, 30))
    with pytest.raises(NotFound):   # nor the evidence file
        selectors.evidence_get_for(judge, Evidence.objects.get(award_entry=award.tpc).pk)
    services.award_conflict_declare(actor=judge, assignment=assignment, conflict=False)
    assert selectors.evidence_get_for(judge, Evidence.objects.get(award_entry=award.tpc).pk)
    with pytest.raises(ValidationFailed):   # points above the maximum
        services.award_entry_score(actor=judge, assignment=assignment,
                                   points=points(award.criteria, 61, 30))


def test_judges_see_only_their_own_cards_until_the_stage_is_decided(award):
    first, review = award.stages[:2]
    award.decide(first, advancing=[award.tpc])
    award.scored_stage(review, {award.tpc: [(50, 30), (20, 35), (52, 31)]})
    one = award.judges[0]
    (mine,) = selectors.award_stage_scores(one, review)
    assert [judge.pk for judge in mine.judges] == [one.pk]
    assert mine.total.spread.mean == Decimal("80.00") and not mine.total.outliers
    (whole,) = selectors.award_stage_scores(award.convener, review)
    assert len(whole.judges) == 3 and whole.complete
    first_criterion = whole.rows[0]
    assert first_criterion.spread.mean == Decimal("40.67")
    assert first_criterion.spread.range == Decimal("32")
    assert first_criterion.outliers == {award.judges[1].pk}   # 20 against 51 of the others
    award.decide(review, advancing=[award.tpc])
    review.refresh_from_db()
    (after,) = selectors.award_stage_scores(one, review)
    assert len(after.judges) == 3
    (agency_view,) = selectors.award_stage_scores(award.world.coordinator, review)
    assert agency_view.judges == [] and agency_view.stage_entry.mean == Decimal("72.67")


def test_a_stage_is_decided_only_when_its_judges_have_scored(award):
    first, review = award.stages[:2]
    with pytest.raises(ValidationFailed):   # someone must advance
        award.decide(first, advancing=[])
    award.decide(first, advancing=[award.tpc])
    award.assign(review, award.tpc, award.judges[:2])
    award.judge(review, award.tpc, award.judges[0], 50, 30)
    with pytest.raises(Conflict) as refused:
        award.decide(review, advancing=[award.tpc])
    assert refused.value.code == "scores_missing"
    with pytest.raises(ValidationFailed):   # reasons are part of the record
        award.decide(review, advancing=[award.tpc], reasons=" ")
    award.judge(review, award.tpc, award.judges[1], 50, 30)
    with pytest.raises(ValidationFailed):   # an entry that is not in the stage
        award.decide(review, advancing=[award.ntb])


def test_concurrent_decisions_are_refused(award):
    first = award.stages[0]
    read_version = first.version
    services.award_stage_decide(actor=award.convener, stage=first,
                                expected_version=read_version, reasons="全數進入初審",
                                advancing=[award.tpc.pk, award.ntb.pk])
    with pytest.raises(Conflict):
        services.award_stage_decide(actor=award.convener, stage=first,
                                    expected_version=read_version, reasons="只有一個",
                                    advancing=[award.tpc.pk])
    assert AwardStageEntry.objects.filter(stage=award.stages[1]).count() == 2


def test_the_round_is_convened_only_by_the_ministry(award, world):
    with pytest.raises(PermissionDenied):
        services.award_stage_decide(actor=world.coordinator, stage=award.stages[0],
                                    expected_version=award.stages[0].version, reasons="x",
                                    advancing=[award.tpc.pk])
    with pytest.raises(PermissionDenied):
        services.award_judges_set(actor=award.judges[0], award_round=award.round,
                                  judges=[], expected_version=award.round.version)


def test_another_ministrys_staff_cannot_see_the_round(award, world, client):
    elsewhere = OrganisationFactory.ministry(code="MOIX")
    stranger = staff_user(UnitFactory(organisation=elsewhere), Role.MINISTRY_EVALUATOR,
                          scope=Scope.SUBTREE)
    with pytest.raises(NotFound):
        selectors.award_round_get_for(stranger, award.round.pk)
    with pytest.raises(PermissionDenied):
        services.award_stage_decide(actor=stranger, stage=award.stages[0],
                                    expected_version=award.stages[0].version, reasons="x",
                                    advancing=[award.tpc.pk])
    client.force_login(stranger)
    for url in (reverse("assessment:staff-award", args=[award.round.pk]),
                reverse("assessment:staff-award-stage",
                        args=[award.round.pk, award.stages[0].pk])):
        assert client.get(url).status_code == 404
    api = APIClient()
    api.force_authenticate(stranger)
    assert api.get("/api/v1/assessment/award-rounds/").json()["count"] == 0
    assert api.get(f"/api/v1/assessment/award-stages/{award.stages[0].pk}/").status_code == 404
    # an agency sees its own entries only
    assert list(selectors.award_entries_for(world.outsider, award.round)) == [award.ntb]


def test_ties_follow_the_criteria_then_the_earlier_stage(award):
    first, review, visit, final = award.stages
    award.tpc_other = award.ntb
    award.decide(first, advancing=[award.tpc, award.ntb])
    award.scored_stage(review, {award.tpc: [(50, 30)], award.ntb: [(45, 30)]})
    award.decide(review, advancing=[award.tpc, award.ntb])
    award.scored_stage(visit, {award.tpc: [(50, 30)], award.ntb: [(45, 30)]})
    award.decide(visit, advancing=[award.tpc, award.ntb])
    # equal totals (80); NTB is better on the first criterion (sheet order)
    award.scored_stage(final, {award.tpc: [(45, 35)], award.ntb: [(50, 30)]})
    award.decide(final)
    award.tpc.refresh_from_db()
    award.ntb.refresh_from_db()
    assert (award.ntb.rank, award.ntb.tier) == (1, "優等")
    assert (award.tpc.rank, award.tpc.tier) == (2, "甲等")


# ----- pages ----------------------------------------------------------------------------------

def test_pages_take_the_round_through_its_stages(award, world, client):
    first, review = award.stages[:2]
    client.force_login(award.convener)
    detail = client.get(reverse("assessment:staff-award", args=[award.round.pk]))
    assert detail.status_code == 200 and "特優" in detail.content.decode()
    url = reverse("assessment:staff-award-decide", args=[award.round.pk, first.pk])
    stale = client.post(url, {"version": first.version + 5, "reasons": "x",
                              "advancing": [award.tpc.pk]})
    assert stale.status_code == 400
    response = client.post(url, {"version": first.version, "reasons": "資料齊備",
                                 "advancing": [award.tpc.pk, award.ntb.pk],
                                 "attachment": SimpleUploadedFile("紀錄.pdf", PDF)})
    assert response.status_code == 302
    assert Evidence.objects.filter(award_stage=first).count() == 1
    row = award.row(review, award.ntb)
    judge = award.judges[0]
    assign_url = reverse("assessment:staff-award-assign",
                         args=[award.round.pk, review.pk, row.pk])
    assert client.post(assign_url, {f"entry-{row.pk}-judges": [judge.pk]}).status_code == 302
    refused = client.post(reverse("assessment:staff-award-assign", args=[
        award.round.pk, review.pk, award.row(review, award.tpc).pk]),
        {f"entry-{award.row(review, award.tpc).pk}-judges": [award.agency_judge.pk]})
    assert refused.status_code == 400
    assert "其所屬機關之參獎案" in refused.content.decode()
    client.force_login(judge)
    assignment = award.assignment(review, award.ntb, judge)
    page = client.get(reverse("assessment:staff-award-judging", args=[assignment.pk]))
    assert page.status_code == 200 and "自評報告" not in page.content.decode()
    no_reason = client.post(reverse("assessment:staff-award-conflict", args=[assignment.pk]),
                            {"conflict": "yes", "reason": ""})
    assert no_reason.status_code == 400
    client.post(reverse("assessment:staff-award-conflict", args=[assignment.pk]),
                {"conflict": "no"})
    page = client.get(reverse("assessment:staff-award-judging", args=[assignment.pk]))
    assert "自評報告" in page.content.decode()
    a, b = items_of(award.criteria)
    too_high = client.post(reverse("assessment:staff-award-score", args=[assignment.pk]),
                           {f"item_{a.pk}": "70", f"item_{b.pk}": "30"})
    assert too_high.status_code == 400
    saved = client.post(reverse("assessment:staff-award-score", args=[assignment.pk]),
                        {f"item_{a.pk}": "50", f"item_{b.pk}": "30"})
    assert saved.status_code == 302
    stage_page = client.get(reverse("assessment:staff-award-stage",
                                    args=[award.round.pk, review.pk]))
    assert stage_page.status_code == 200 and "80.00" in stage_page.content.decode()
    # another judge's assignment is not found
    client.force_login(award.judges[1])
    assert client.get(reverse("assessment:staff-award-judging",
                              args=[assignment.pk])).status_code == 404


def test_judges_see_the_agencys_inspections_and_plan_indicators(award, world, client):
    inspection_sheet = sheet(world.agency, actor=world.coordinator)
    inspection = services.inspection_create(
        actor=world.coordinator, organisation=world.agency, sheet=inspection_sheet,
        kind=InspectionKind.SCHEDULED, title="年度考核", inspected_on=dt.date(2025, 3, 3),
        convener=world.coordinator)
    services.inspection_score(actor=world.coordinator, inspection=inspection,
                              points=points(inspection_sheet, 500, 300))
    inspection.refresh_from_db()
    inspection = sign_off(world, inspection, summary="良好")
    first, review = award.stages[:2]
    award.decide(first, advancing=[award.tpc])
    judge = award.judges[0]
    award.assign(review, award.tpc, [judge])
    assignment = award.assignment(review, award.tpc, judge)
    services.award_conflict_declare(actor=judge, assignment=assignment, conflict=False)
    client.force_login(judge)
    page = client.get(reverse("assessment:staff-award-judging", args=[assignment.pk]))
    assert "年度考核" in page.content.decode()
    background = selectors.award_entry_background(award.tpc, 2025)
    assert background["inspections"] == [inspection]


def test_public_pages_show_only_published_rounds(award, client):
    first, review, visit, final = award.stages
    url = reverse("assessment:public-award", args=[award.round.pk])
    assert client.get(url).status_code == 404
    award.decide(first, advancing=[award.tpc])
    for stage in (review, visit):
        award.scored_stage(stage, {award.tpc: [(55, 35)]})
        award.decide(stage, advancing=[award.tpc])
    award.scored_stage(final, {award.tpc: [(55, 35)]})
    award.decide(final, citations={award.tpc.pk: {"zh": "成效卓著", "en": "Outstanding"}})
    assert client.get(url).status_code == 404
    assert APIClient().get("/api/v1/assessment/award-results/").json()["count"] == 0
    award.round.refresh_from_db()
    client.force_login(award.convener)
    client.post(reverse("assessment:staff-award-publish", args=[award.round.pk]),
                {"version": award.round.version})
    client.logout()
    page = client.get(url).content.decode()
    assert "成效卓著" in page and "特優" in page and "獎座1座" in page
    assert "Outstanding" in client.get("/en" + url).content.decode()
    results = APIClient().get("/api/v1/assessment/award-results/").json()["results"]
    assert results[0]["entries"][0]["tier"] == "特優"


# ----- API ------------------------------------------------------------------------------------

def test_api_judges_declare_and_score_and_the_convener_decides(award):
    first, review = award.stages[:2]
    api = APIClient()
    api.force_authenticate(award.convener)
    body = {"expected_version": first.version, "reasons": "齊備",
            "advancing": [award.tpc.pk]}
    assert api.post(f"/api/v1/assessment/award-stages/{first.pk}/decide/", body,
                    format="json").status_code == 200
    again = api.post(f"/api/v1/assessment/award-stages/{first.pk}/decide/", body,
                     format="json")
    assert again.status_code == 409
    judge = award.judges[0]
    award.assign(review, award.tpc, [judge])
    api.force_authenticate(judge)
    (mine,) = api.get("/api/v1/assessment/award-assignments/").json()["results"]
    assert mine["conflict"] == "pending" and mine["self_evaluation"] is None
    base = f"/api/v1/assessment/award-assignments/{mine['id']}"
    a, b = items_of(award.criteria)
    refused = api.post(f"{base}/score/", {"points": {str(a.pk): 50, str(b.pk): 30}},
                       format="json")
    assert refused.status_code == 409
    declared = api.post(f"{base}/declare/", {"conflict": False}, format="json")
    assert declared.status_code == 200 and declared.json()["self_evaluation"] == "自評報告"
    assert api.post(f"{base}/score/", {"points": {str(a.pk): 50, str(b.pk): 30}},
                    format="json").status_code == 200
    rounds = api.get("/api/v1/assessment/award-rounds/").json()
    assert rounds["count"] == 1 and len(rounds["results"][0]["stages"]) == 4


def test_the_migration_turns_an_old_round_into_a_category_and_decided_stages(world):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    from minfu.assessment.models import AwardEntry, AwardRound, ScoreCard

    migration = importlib.import_module(
        "minfu.assessment.migrations.0006_award_categories_stages_judges")
    criteria = sheet(world.ministry, kind=SheetKind.AWARD, code="old", maxima=(100,),
                     improvement_below=None, tiers=[{"name_zh": "優等", "lower_bound": "80"}])
    old = AwardRound.objects.create(ministry=world.ministry, year=2024, title="113年度",
                                    sheet=criteria, submission_due_on=dt.date(2024, 6, 30),
                                    state=AwardRoundState.PUBLISHED,
                                    published_on=dt.date(2024, 12, 1))
    entry = AwardEntry.objects.create(award_round=old, organisation=world.agency,
                                      self_evaluation="自評", submitted_by=world.coordinator,
                                      submitted_at=timezone.now(), total=Decimal("85"), rank=1,
                                      tier="優等", recommended_reward="獎狀")
    card = ScoreCard.objects.create(sheet=criteria, scorer=world.evaluator, award_entry=entry,
                                    total=Decimal("85"))
    migration.rounds_to_stages(apps, None)
    (category,) = old.categories.all()
    entry.refresh_from_db()
    card.refresh_from_db()
    assert entry.category == category and category.sheet == criteria
    assert [(t.name_zh, t.min_mean, t.prize_zh) for t in category.tiers.all()] == [
        ("優等", Decimal("80.00"), "獎狀")]
    assert list(old.stages.values_list("state", flat=True)) == ["decided"] * 4
    assert card.award_stage == old.stages.get(kind="final")
    assert [(row.tier, row.rank) for row in AwardStageEntry.objects.filter(
        stage__kind="final")] == [("優等", 1)]
    assert list(selectors.published_results(old)) == [entry]
