"""Sign-off of inspection reports (submitted, reviewed by someone else, approved by the
designated official) and the publication of approved results in a summary form: who may
take each step, that the inspected party hears nothing before approval and once after,
that the public sees only the chosen parts, scoping, concurrent steps and the migration
of results recorded before sign-off existed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override
from hypothesis import given
from hypothesis import strategies as st

from minfu.assessment import inspection_signoff, selectors, services
from minfu.assessment.models import (
    ImprovementItem,
    Inspection,
    InspectionKind,
    InspectionPublication,
    InspectionState,
)
from minfu.assessment.workflow import INSPECTION_MACHINE, InspectionStep
from minfu.assessment.workflow import InspectionState as State
from minfu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from minfu.notify.models import OutboxMessage
from minfu.records.workflow import StepRefused
from tests.assessment.factories import points, sheet, sign_off
from tests.assessment.test_services import on
from tests.migration_support import migrate_to

APPROVED_EVENT = "assessment.inspection_approved"


def _inspection(world, **extra):
    s = sheet(world.agency, actor=world.coordinator)
    extra.setdefault("approver", world.evaluator)
    inspection = services.inspection_create(
        actor=world.coordinator, organisation=world.agency, unit=world.unit, sheet=s,
        kind=InspectionKind.UNANNOUNCED, title="114年第1次不定期考核",
        inspected_on=dt.date(2025, 3, 5), convener=world.coordinator,
        secretary=world.supervisor, members=[world.officer], **extra)
    services.inspection_score(actor=world.officer, inspection=inspection,
                              points=points(s, 420, 300),
                              comments={next(iter(points(s, 0, 0))): "櫃檯人員態度冷淡"})
    services.finding_add(actor=world.coordinator, inspection=inspection,
                         text="服務台未配置引導人員")
    inspection.refresh_from_db()
    return inspection


def _submitted(world, **extra):
    inspection = _inspection(world, **extra)
    return inspection_signoff.inspection_submit(
        actor=world.coordinator, inspection=inspection, expected_version=inspection.version,
        summary="內部結論：承辦人態度需加強")


def _reviewed(world, **extra):
    inspection = _submitted(world, **extra)
    return inspection_signoff.inspection_review(
        actor=world.head, inspection=inspection, expected_version=inspection.version)


def _en(name, *args):
    with override("en"):
        return reverse(name, args=args)


def _told_of_approval():
    return OutboxMessage.objects.filter(event=APPROVED_EVENT)


# ----- the workflow (pure) ------------------------------------------------------------------

@given(st.lists(st.sampled_from(list(InspectionStep)), max_size=12))
def test_a_report_is_approved_only_right_after_a_review_of_its_last_submission(steps):
    state, path = INSPECTION_MACHINE.initial, [INSPECTION_MACHINE.initial]
    for step in steps:
        try:
            state = INSPECTION_MACHINE.next_state(state, step)
        except StepRefused:
            assert not INSPECTION_MACHINE.allows(state, step)
            continue
        path.append(state)
    for index, reached in enumerate(path):
        if reached == State.APPROVED:
            assert path[index - 1] == State.REVIEWED and path[index - 2] == State.SUBMITTED
            assert index == len(path) - 1  # nothing leaves an approved report
        if reached == State.SUBMITTED:
            assert path[index - 1] in (State.PLANNED, State.RETURNED)
    assert INSPECTION_MACHINE.is_terminal(State.APPROVED)
    assert set(State) == set(InspectionState.values)


# ----- who may take each step ---------------------------------------------------------------

def test_only_the_convener_or_secretary_submits(world):
    inspection = _inspection(world)
    with pytest.raises(PermissionDenied):
        inspection_signoff.inspection_submit(actor=world.officer, inspection=inspection,
                                             expected_version=inspection.version)
    done = inspection_signoff.inspection_submit(actor=world.supervisor, inspection=inspection,
                                                expected_version=inspection.version)
    assert done.state == InspectionState.SUBMITTED and done.submitted_by == world.supervisor
    assert done.total == Decimal("720.00") and done.tier == "乙等"


def test_the_reviewer_is_not_who_submitted(world):
    inspection = _submitted(world)
    # The coordinator may review reports, but submitted this one.
    with pytest.raises(PermissionDenied):
        inspection_signoff.inspection_review(actor=world.coordinator, inspection=inspection,
                                             expected_version=inspection.version)
    with pytest.raises(PermissionDenied):  # no reviewing role
        inspection_signoff.inspection_review(actor=world.officer, inspection=inspection,
                                             expected_version=inspection.version)
    assert inspection_signoff.steps_for(world.coordinator, inspection) == []
    assert inspection_signoff.steps_for(world.head, inspection) == ["review", "return"]
    reviewed = inspection_signoff.inspection_review(actor=world.head, inspection=inspection,
                                                    expected_version=inspection.version)
    assert reviewed.state == InspectionState.REVIEWED and reviewed.reviewed_by == world.head


def test_only_the_designated_official_approves(world):
    inspection = _reviewed(world)
    for someone in (world.head, world.coordinator, world.officer):
        with pytest.raises(PermissionDenied):
            inspection_signoff.inspection_approve(actor=someone, inspection=inspection,
                                                  expected_version=inspection.version)
    approved = inspection_signoff.inspection_approve(
        actor=world.evaluator, inspection=inspection, expected_version=inspection.version)
    assert approved.state == InspectionState.APPROVED
    with pytest.raises(StepRefused):
        inspection_signoff.inspection_return(actor=world.evaluator, inspection=approved,
                                             expected_version=approved.version, comment="再看")


def test_the_designated_official_must_be_allowed_to_approve(world):
    with pytest.raises(ValidationFailed) as error:
        _inspection(world, approver=world.officer)
    assert "approver" in error.value.details
    with pytest.raises(ValidationFailed):
        _inspection(world, approver=world.outsider)  # another agency's coordinator


def test_without_a_designated_official_someone_else_who_may_approve_does(world):
    inspection = _reviewed(world, approver=None)
    with pytest.raises(PermissionDenied):  # reviewed it
        inspection_signoff.inspection_approve(actor=world.head, inspection=inspection,
                                              expected_version=inspection.version)
    approved = inspection_signoff.inspection_approve(
        actor=world.evaluator, inspection=inspection, expected_version=inspection.version)
    assert approved.state == InspectionState.APPROVED


def test_returned_with_a_reason_then_corrected_and_submitted_again(world):
    inspection = _submitted(world)
    with pytest.raises(ValidationFailed):  # a return needs its reason
        inspection_signoff.inspection_return(actor=world.head, inspection=inspection,
                                             expected_version=inspection.version, comment=" ")
    with pytest.raises(Conflict):  # the report is frozen while in sign-off
        services.inspection_score(actor=world.officer, inspection=inspection,
                                  points=points(inspection.sheet, 500, 300))
    returned = inspection_signoff.inspection_return(
        actor=world.head, inspection=inspection, expected_version=inspection.version,
        comment="第一部分分數有誤")
    assert returned.state == InspectionState.RETURNED
    assert OutboxMessage.objects.filter(event="assessment.inspection_returned",
                                        recipient=world.coordinator.email).count() == 1
    services.inspection_score(actor=world.officer, inspection=returned,
                              points=points(returned.sheet, 500, 300))
    returned.refresh_from_db()
    again = inspection_signoff.inspection_submit(actor=world.coordinator, inspection=returned,
                                                 expected_version=returned.version)
    assert again.state == InspectionState.SUBMITTED and again.total == Decimal("800.00")
    reviewed = inspection_signoff.inspection_review(actor=world.head, inspection=again,
                                                    expected_version=again.version)
    back = inspection_signoff.inspection_return(  # the approver may return it too
        actor=world.evaluator, inspection=reviewed, expected_version=reviewed.version,
        comment="請補充摘要")
    assert back.state == InspectionState.RETURNED
    assert [entry.step for entry in selectors.signoff_history(back)] == [
        "submit", "return", "submit", "review", "return"]
    assert [entry.comment for entry in selectors.signoff_history(back)][-1] == "請補充摘要"


def test_another_agencys_staff_cannot_sign_off(world, client):
    inspection = _submitted(world)
    with pytest.raises(PermissionDenied):
        inspection_signoff.inspection_review(actor=world.outsider, inspection=inspection,
                                             expected_version=inspection.version)
    with pytest.raises(NotFound):
        selectors.inspection_get_for(world.outsider, inspection.pk)
    client.force_login(world.outsider)
    response = client.post(reverse("assessment:staff-inspection-step",
                                   args=[inspection.pk, "review"]),
                           {"review-version": inspection.version})
    assert response.status_code == 404
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.SUBMITTED


def test_concurrent_sign_off_is_refused(world):
    inspection = _submitted(world)
    read_by_both = inspection.version
    inspection_signoff.inspection_return(actor=world.head, inspection=inspection,
                                         expected_version=read_by_both, comment="請修正")
    with pytest.raises(Conflict):  # the evaluator read the same version: refused
        inspection_signoff.inspection_review(actor=world.evaluator, inspection=inspection,
                                             expected_version=read_by_both)
    with pytest.raises(Conflict):  # a form without the version it read
        inspection_signoff.inspection_submit(actor=world.coordinator, inspection=inspection,
                                             expected_version=None)
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.RETURNED


# ----- the inspected party: nothing before approval, once after -------------------------------

def test_the_inspected_party_is_told_only_on_approval_and_once(world):
    inspection = _reviewed(world)
    assert not _told_of_approval().exists()
    assert not ImprovementItem.objects.exists() and inspection.reply_due_on is None
    with pytest.raises(Conflict):  # no item before approval
        services.finding_to_item(actor=world.coordinator, finding=inspection.findings.get())
    with on(dt.date(2025, 3, 5)):
        approved = inspection_signoff.inspection_approve(
            actor=world.evaluator, inspection=inspection, expected_version=inspection.version)
    assert approved.reply_due_on == dt.date(2025, 4, 7) and approved.notified_at is not None
    item = ImprovementItem.objects.get()
    assert item.owner_unit == world.unit and item.due_on == approved.reply_due_on
    told = _told_of_approval()
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [world.supervisor.email, world.coordinator.email])
    assert reverse("assessment:staff-inspection-report", args=[approved.pk]) in told.first().body
    with pytest.raises(StepRefused):  # approving again changes nothing
        inspection_signoff.inspection_approve(actor=world.evaluator, inspection=approved,
                                              expected_version=approved.version)
    inspection_signoff._notify_inspected(approved, item_count=1)  # a retry tells nobody twice
    assert _told_of_approval().count() == 2
    assert services.finding_to_item(actor=world.coordinator,
                                    finding=approved.findings.get()).pk == item.pk


def test_reviewers_and_the_approver_are_told_their_turn(world):
    inspection = _submitted(world)
    asked = OutboxMessage.objects.filter(event="assessment.inspection_signoff_requested")
    recipients = set(asked.values_list("recipient", flat=True))
    assert world.head.email in recipients and world.coordinator.email not in recipients
    inspection_signoff.inspection_review(actor=world.head, inspection=inspection,
                                         expected_version=inspection.version)
    assert asked.filter(recipient=world.evaluator.email, subject__contains="核定").count() == 1
    assert selectors.inspections_matching(world.evaluator,
                                          state=selectors.AWAITING_ME).get() == inspection
    assert not selectors.inspections_matching(world.head, state=selectors.AWAITING_ME).exists()


def test_a_finding_needs_a_unit_before_the_report_is_submitted(world):
    inspection = _inspection(world)
    inspection.unit = None
    inspection.save(update_fields=["unit"])
    finding = services.finding_add(actor=world.coordinator, inspection=inspection,
                                   text="全機關網站資訊過時")
    inspection.refresh_from_db()
    with pytest.raises(ValidationFailed):
        inspection_signoff.inspection_submit(actor=world.coordinator, inspection=inspection,
                                             expected_version=inspection.version)
    services.finding_remove(actor=world.coordinator, finding=finding)
    done = inspection_signoff.inspection_submit(actor=world.coordinator, inspection=inspection,
                                                expected_version=inspection.version)
    with pytest.raises(Conflict):  # findings are frozen with the report
        services.finding_add(actor=world.coordinator, inspection=done, text="另一項")


# ----- publication --------------------------------------------------------------------------

def _published(world, **choices):
    inspection = sign_off(world, _inspection(world))
    values = {"title_zh": "業務組考核結果", "title_en": "Inspection result",
              "show_total": True, "show_sections": True,
              "strengths_zh": "臨櫃服務親切", "findings_zh": "已改善服務台引導"} | choices
    publication = inspection_signoff.inspection_publication_save(
        actor=world.coordinator, inspection=inspection, expected_version=None, **values)
    return inspection_signoff.inspection_publish(actor=world.coordinator,
                                                 publication=publication,
                                                 expected_version=publication.version)


def test_only_an_approved_result_is_published(world):
    inspection = _reviewed(world)
    with pytest.raises(ValidationFailed):
        inspection_signoff.inspection_publication_save(
            actor=world.coordinator, inspection=inspection, expected_version=None,
            title_zh="標題")


def test_the_public_summary_hides_what_is_internal(world, client):
    publication = _published(world)
    page = client.get(reverse("assessment:public-inspection-result", args=[publication.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "720.00" in html and "乙等" in html
    assert "臨櫃服務親切" in html and "已改善服務台引導" in html
    for internal in ("櫃檯人員態度冷淡", "內部結論", "服務台未配置引導人員",
                     world.officer.get_full_name(), world.officer.username,
                     world.evaluator.username):
        assert internal and internal not in html
    api = client.get(f"/api/v1/assessment/inspection-results/{publication.pk}/").json()
    assert api["total"] == "720.00" and [s["points"] for s in api["sections"]] == ["720.00"]
    for internal in ("櫃檯人員態度冷淡", "內部結論", "服務台未配置引導人員",
                     world.officer.username):
        assert internal not in str(api)


def test_parts_not_chosen_are_not_shown(world, client):
    publication = _published(world, show_total=False, show_sections=False)
    html = client.get(reverse("assessment:public-inspection-result",
                              args=[publication.pk])).content.decode()
    assert "720.00" not in html and "乙等" not in html and "臨櫃服務親切" in html
    api = client.get(f"/api/v1/assessment/inspection-results/{publication.pk}/").json()
    assert api["total"] is None and api["tier"] is None and api["sections"] is None


def test_publish_from_a_date_withdraw_and_list_by_agency_and_year(world, client):
    publication = _published(world)
    listed = reverse("assessment:public-inspection-results")
    assert publication.title_zh in client.get(listed).content.decode()
    assert publication.title_zh in client.get(
        listed, {"agency": world.agency.pk, "year": 2025}).content.decode()
    assert publication.title_zh not in client.get(listed, {"year": 2024}).content.decode()
    assert client.get(listed, {"year": "abc", "agency": "x"}).status_code == 200
    api = client.get("/api/v1/assessment/inspection-results/",
                     {"organisation": world.agency.code, "year": 2025}).json()
    assert [row["id"] for row in api["results"]] == [publication.pk]
    assert client.get("/api/v1/assessment/inspection-results/",
                      {"year": "99999999999"}).status_code == 400
    again = inspection_signoff.inspection_publish(  # a double submit: the same publication
        actor=world.coordinator, publication=publication, expected_version=publication.version - 1,
        published_on=publication.published_on)
    assert again.pk == publication.pk
    withdrawn = inspection_signoff.inspection_unpublish(
        actor=world.coordinator, publication=publication, expected_version=publication.version)
    assert client.get(reverse("assessment:public-inspection-result",
                              args=[publication.pk])).status_code == 404
    later = inspection_signoff.inspection_publish(
        actor=world.coordinator, publication=withdrawn, expected_version=withdrawn.version,
        published_on=dt.date.today() + dt.timedelta(days=30))
    assert later.is_published
    assert not selectors.published_inspection_results().exists()  # not yet
    assert selectors.published_inspection_results(on=later.published_on).exists()


def test_publishing_needs_something_to_show_and_the_right(world):
    inspection = sign_off(world, _inspection(world))
    with pytest.raises(PermissionDenied):
        inspection_signoff.inspection_publication_save(
            actor=world.outsider, inspection=inspection, expected_version=None, title_zh="x")
    publication = inspection_signoff.inspection_publication_save(
        actor=world.coordinator, inspection=inspection, expected_version=None, title_zh="x",
        show_total=False)
    with pytest.raises(ValidationFailed):
        inspection_signoff.inspection_publish(actor=world.coordinator, publication=publication,
                                              expected_version=publication.version)
    with pytest.raises(Conflict):  # an edit over someone else's newer one
        inspection_signoff.inspection_publication_save(
            actor=world.coordinator, inspection=inspection,
            expected_version=publication.version + 1, title_zh="y")
    assert not InspectionPublication.objects.filter(is_published=True).exists()


# ----- pages --------------------------------------------------------------------------------

def test_the_page_leads_with_the_state_and_offers_only_allowed_steps(world, client):
    inspection = _submitted(world)
    client.force_login(world.head)
    html = client.get(_en("assessment:staff-inspection", inspection.pk)).content.decode()
    assert html.index("Report awaiting review") < html.index("Scores by item")
    assert html.index("Waiting for a review by someone who did not submit it") < \
        html.index("Scores by item")
    assert reverse("assessment:staff-inspection-step", args=[inspection.pk, "review"]) in html
    assert reverse("assessment:staff-inspection-step", args=[inspection.pk, "approve"]) \
        not in html
    response = client.post(reverse("assessment:staff-inspection-step",
                                   args=[inspection.pk, "return"]),
                           {"return-version": inspection.version, "return-comment": ""})
    assert response.status_code == 400  # the reason is missing: shown on the form
    client.force_login(world.coordinator)
    html = client.get(reverse("assessment:staff-inspection", args=[inspection.pk])).content.decode()
    assert reverse("assessment:staff-inspection-step", args=[inspection.pk, "review"]) \
        not in html
    response = client.post(reverse("assessment:staff-inspection-step",
                                   args=[inspection.pk, "review"]),
                           {"review-version": inspection.version})  # submitted it: refused
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.SUBMITTED
    page = client.get(response.url)
    assert "did not submit it" in page.content.decode() or "送出人以外" in page.content.decode()
    assert client.post(reverse("assessment:staff-inspection-step",
                               args=[inspection.pk, "nonsense"])).status_code == 404


def test_the_list_shows_what_awaits_me_first(world, client):
    inspection = _reviewed(world)
    client.force_login(world.evaluator)
    page = client.get(reverse("assessment:staff-inspections"))
    assert [row.pk for row in page.context["awaiting"]] == [inspection.pk]
    page = client.get(reverse("assessment:staff-inspections"), {"state": "awaiting_me"})
    assert [row.pk for row in page.context["page_obj"]] == [inspection.pk]
    page = client.get(reverse("assessment:staff-inspections"), {"state": "approved"})
    assert list(page.context["page_obj"]) == []
    assert client.get(reverse("assessment:staff-inspections"),
                      {"state": "bogus"}).status_code == 200
    home = client.get(reverse("assessment:staff-home"))
    assert home.context["awaiting_signoff"] == 1


def test_publication_through_the_pages(world, client):
    inspection = sign_off(world, _inspection(world))
    client.force_login(world.coordinator)
    url = reverse("assessment:staff-inspection-publication", args=[inspection.pk])
    assert client.get(url).status_code == 200
    form = {"title_zh": "考核結果", "show_total": "on", "strengths_zh": "服務親切"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302  # sent twice: one publication
    publication = InspectionPublication.objects.get()
    assert publication.version == 1
    publish = reverse("assessment:staff-inspection-publish", args=[inspection.pk, "publish"])
    assert client.post(publish, {"version": publication.version,
                                 "published_on": "114/03/10"}).status_code == 302
    publication.refresh_from_db()
    assert publication.is_published and publication.published_on == dt.date(2025, 3, 10)
    stale = client.post(reverse("assessment:staff-inspection-publish",
                                args=[inspection.pk, "unpublish"]),
                        {"version": publication.version - 1})
    assert stale.status_code == 400
    report = client.get(reverse("assessment:staff-inspection-report", args=[inspection.pk]))
    assert report["Content-Type"] == "application/pdf" and report.content.startswith(b"%PDF")


# ----- the data migration -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_results_recorded_before_sign_off_become_approved_and_keep_everything():
    old = migrate_to([("assessment", "0004_follow_up_items")])
    organisation = old.get_model("org", "Organisation").objects.create(
        code="OLDI", kind="agency", path="/OLDI/", locality="taipei", name_zh="舊機關")
    user = old.get_model("auth", "User").objects.create(username="old-convener")
    score_sheet = old.get_model("assessment", "ScoreSheet").objects.create(
        organisation=organisation, kind="inspection", code="old", name_zh="舊評分表")
    OldInspection = old.get_model("assessment", "Inspection")
    common = {"organisation": organisation, "sheet": score_sheet, "kind": "scheduled",
              "inspected_on": dt.date(2025, 3, 5), "convener": user}
    finalised = OldInspection.objects.create(
        title="已完成", state="finalised", total=Decimal("812.50"), tier="甲等",
        finalised_on=dt.date(2025, 3, 20), reply_due_on=dt.date(2025, 4, 21),
        summary="結論", **common)
    planned = OldInspection.objects.create(title="規劃中", **common)

    migrate_to()
    approved = Inspection.objects.get(pk=finalised.pk)
    assert approved.state == InspectionState.APPROVED
    assert (approved.total, approved.tier, approved.finalised_on, approved.reply_due_on,
            approved.summary) == (Decimal("812.50"), "甲等", dt.date(2025, 3, 20),
                                  dt.date(2025, 4, 21), "結論")
    assert Inspection.objects.get(pk=planned.pk).state == InspectionState.PLANNED


def test_the_staff_home_tells_the_approver_and_links_to_the_report(world, client):
    inspection = _reviewed(world)
    client.force_login(world.evaluator)
    work = client.get(_en("web:staff-home")).context["work"]
    counts = {str(count.label): count for section in work for count in section.counts}
    awaiting = counts["Inspection reports awaiting my review or approval"]
    assert awaiting.count == 1 and awaiting.urgent
    assert [row.pk for row in client.get(awaiting.url).context["page_obj"]] == [inspection.pk]
    client.force_login(world.officer)  # may neither review nor approve: not shown
    work = client.get(_en("web:staff-home")).context["work"]
    assert "Inspection reports awaiting my review or approval" not in {
        str(count.label) for section in work for count in section.counts}
