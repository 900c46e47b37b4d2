from minfu.assessment import demo
from minfu.assessment.models import (
    AwardAssignment,
    AwardEntry,
    AwardRoundState,
    ConflictState,
    CourtesyTest,
    ImprovementItem,
    Inspection,
    ItemStatus,
    Nomination,
    Proposal,
)
from minfu.org import demo as org_demo


def test_demo_tells_the_story_and_loads_once(db):
    org_demo.load()
    demo.load()
    counts = [model.objects.count() for model in (Inspection, ImprovementItem, CourtesyTest,
                                                  Proposal, Nomination, AwardEntry)]
    demo.load()
    assert [model.objects.count() for model in (Inspection, ImprovementItem, CourtesyTest,
                                                Proposal, Nomination, AwardEntry)] == counts
    inspection = Inspection.objects.get(state="approved")
    assert inspection.total < 750 and inspection.improvement_required
    assert inspection.publication.is_published
    assert Inspection.objects.filter(state="reviewed", approver__username="mof-evaluator").exists()
    assert ImprovementItem.objects.filter(status=ItemStatus.CLOSED).count() == 2
    assert ImprovementItem.objects.filter(source="courtesy").count() == 1
    entries = AwardEntry.objects.filter(rank__isnull=False).order_by("category__position",
                                                                     "rank")
    assert [(e.organisation.code, e.title != "", e.tier) for e in entries] == [
        ("TPC", False, "特優"), ("NTBT", False, "優等"), ("TPC", True, "特優"),
        ("NTBT", True, "優等")]
    assert AwardEntry.objects.count() == 5
    award_round = entries[0].award_round
    assert award_round.state == AwardRoundState.PUBLISHED
    assert list(award_round.stages.values_list("state", flat=True)) == ["decided"] * 4
    assert set(award_round.judges.values_list("username", flat=True)) == {
        "mof-judge-1", "mof-judge-2", "mof-judge-3"}
    declared = AwardAssignment.objects.get(conflict=ConflictState.DECLARED)
    assert declared.judge.username == "mof-judge-2" and declared.replaced_by.judge.username \
        == "mof-judge-3"


def test_every_page_renders_on_the_demo_data(client, db):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from minfu.assessment.models import AwardRound, Meeting, ScoreSheet

    org_demo.load()
    demo.load()
    users = get_user_model().objects
    client.force_login(users.get(username="tpc-coordinator"))
    meeting = client.post(reverse("assessment:staff-meetings"),
                          {"organisation": Inspection.objects.first().organisation_id,
                           "held_on": "2026-01-05", "title": "任務編組會議"})
    assert meeting.status_code == 302 and Meeting.objects.count() == 1
    inspection = Inspection.objects.get(state="approved")
    courtesy_sheet = ScoreSheet.objects.get(code="telephone-courtesy")
    award_round = AwardRound.objects.get()
    pages = [("staff-home", []), ("staff-sheets", []), ("staff-sheet-new", []),
             ("staff-sheet", [courtesy_sheet.pk]), ("staff-inspections", []),
             ("staff-inspection-new", []), ("staff-inspection", [inspection.pk]),
             ("staff-inspection-score", [inspection.pk]), ("staff-items", []),
             ("staff-item-new", []), ("staff-item", [ImprovementItem.objects.first().pk]),
             ("staff-meetings", []), ("staff-meeting", [Meeting.objects.get().pk]),
             ("staff-courtesy", []), ("staff-courtesy-new", [courtesy_sheet.pk]),
             ("staff-nominations", []), ("staff-proposals", []),
             ("staff-proposal", [Proposal.objects.first().pk]), ("staff-awards", []),
             ("staff-award", [award_round.pk]), ("public-honour-roll", []),
             ("public-awards", []), ("public-award", [award_round.pk]),
             ("staff-inspection-publication", [inspection.pk]),
             ("staff-inspection-report", [inspection.pk]),
             ("public-inspection-results", []),
             ("public-inspection-result", [inspection.publication.pk])]
    for name, args in pages:
        response = client.get(reverse(f"assessment:{name}", args=args))
        assert response.status_code == 200, name
    new_version = client.get(reverse("assessment:staff-sheet-new") + f"?from={courtesy_sheet.pk}")
    assert "問候語及報明單位 | 20" in new_version.content.decode()
    client.force_login(users.get(username="mof-evaluator"))
    for stage in award_round.stages.all():
        page = client.get(reverse("assessment:staff-award-stage",
                                  args=[award_round.pk, stage.pk]))
        assert page.status_code == 200
    assert "評審會議紀錄.pdf" in page.content.decode()
    client.force_login(users.get(username="mof-judge-1"))
    assignment = AwardAssignment.objects.filter(judge__username="mof-judge-1").last()
    page = client.get(reverse("assessment:staff-award-judging", args=[assignment.pk]))
    assert page.status_code == 200 and assignment.stage_entry.entry.self_evaluation in \
        page.content.decode()


def test_demo_tracks_a_citizens_survey_follow_up(db):
    from minfu.surveys import demo as surveys_demo

    org_demo.load()
    surveys_demo.load()
    demo.load()
    demo.load()
    item = ImprovementItem.objects.get(survey_follow_up__isnull=False)
    assert item.source == "survey" and item.owner_unit == item.survey_follow_up.unit
