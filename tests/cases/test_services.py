import datetime as dt

import pytest
import time_machine

from minfu.cases import services
from minfu.cases.models import Case, CaseEvent, CasePause
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.org.models import Locality, Role
from minfu.records.models import RecordSequence
from minfu.workcal.selectors import calendar_for
from minfu.workcal.services import closure_create, closure_delete
from tests.cases.factories import (
    VALID_BUSINESS_NUMBER,
    at,
    document,
    officer,
    person,
    service,
    submit,
)
from tests.catalog.factories import agency_with_unit
from tests.org.factories import OrganisationFactory, UnitFactory
from tests.records.lookups import case_for_lookup

pytestmark = pytest.mark.django_db

JAN_24 = dt.date(2025, 1, 24)  # Friday before the Lunar New Year holidays
MARCH_3 = dt.date(2025, 3, 3)  # a Monday of an ordinary fortnight


def five_day_service(**overrides):
    return service(period_value=5, norm_value=2, **overrides)


def travel(day: dt.date, hour: int = 10):
    return time_machine.travel(at(day, hour), tick=False)


# ----- intake ------------------------------------------------------------------------

def test_submit_numbers_the_case_counts_its_due_dates_and_records_history():
    version = five_day_service()
    case, code = submit(version, received_at=at(JAN_24), documents=[document()])
    calendar = calendar_for(case.organisation)
    # 01-25..02-02 are the weekend and the Lunar New Year holidays.
    assert case.legal_due_date == calendar.add_working_days(JAN_24, 5) == dt.date(2025, 2, 7)
    assert case.norm_due_date == dt.date(2025, 2, 4)
    assert case.number == f"{case.organisation.code}-1140124-0001"
    assert case.state == "received" and case.unit == version.responsible_unit
    assert case.documents.get().size == len(b"%PDF-1.4 test")
    assert code not in case.access_code_hmac and case_for_lookup(case.number, code) == case
    event = CaseEvent.objects.get(case=case)
    assert (event.action, event.actor_kind, event.to_state) == ("case.submitted", "applicant",
                                                                 "received")
    assert AuditEvent.objects.filter(action="case.submitted", object_id=str(case.pk)).exists()


def test_hour_periods_give_a_moment_as_well_as_a_day():
    version = service(period_value=6, period_unit="hours", norm_value=None, norm_unit="")
    case, _code = submit(version, received_at=at(MARCH_3, 15))
    # 2.5 office hours on Monday after 15:00, then 3.5 on Tuesday from 08:30.
    assert case.legal_due_at == at(dt.date(2025, 3, 4), 12)
    assert case.legal_due_date == dt.date(2025, 3, 4) and case.norm_due_date is None


def test_sequence_counts_per_organisation_per_day():
    version = five_day_service()
    numbers = [submit(version, received_at=at(MARCH_3, hour))[0].number for hour in (9, 10)]
    other_day = submit(version, received_at=at(MARCH_3 + dt.timedelta(days=1)))[0].number
    assert [n[-4:] for n in numbers] == ["0001", "0002"] and other_day.endswith("0001")
    assert RecordSequence.objects.filter(letter="").count() == 2


def test_a_repeated_idempotency_key_returns_the_first_case():
    version = five_day_service()
    first, code = submit(version, idempotency_key="req-1")
    again, no_code = submit(version, idempotency_key="req-1")
    assert again == first and code and no_code is None
    assert Case.objects.count() == 1


def test_idempotency_holds_when_a_concurrent_intake_wins_the_race(monkeypatch):
    version = five_day_service()
    first, _code = submit(version, idempotency_key="req-2")
    real_repeat = services._repeat
    calls = []

    def blind_first_look(key, organisation):
        calls.append(key)
        return None if len(calls) == 1 else real_repeat(key, organisation)

    monkeypatch.setattr(services, "_repeat", blind_first_look)
    again, no_code = submit(version, idempotency_key="req-2")
    assert again == first and no_code is None and len(calls) == 2
    assert Case.objects.count() == 1


def test_an_idempotency_key_of_another_organisation_is_refused():
    submit(five_day_service(), idempotency_key="req-3")
    with pytest.raises(Conflict):
        submit(five_day_service(code="OTHER"), idempotency_key="req-3")


def test_submit_validates_applicant_consent_and_channel():
    version = five_day_service()
    with pytest.raises(ValidationFailed) as error:
        submit(version, applicant=person(id_number="A123456788", email=""),
               consent_given=False, channel="mail")
    assert set(error.value.details) == {"applicant_id_number", "contact", "consent", "channel"}
    with pytest.raises(ValidationFailed) as error:
        submit(version, applicant=person(kind="business", id_number=VALID_BUSINESS_NUMBER))
    assert set(error.value.details) == {"applicant_kind"}
    assert not Case.objects.exists()


def test_submit_by_service_type_takes_the_version_in_force():
    version = five_day_service()
    case, _code = submit(version, service_type_version=None,
                         service_type=version.service_type)
    assert case.service_type_version == version


def test_counter_intake_needs_a_handler_of_the_unit():
    version = five_day_service()
    stranger = officer(UnitFactory())
    with pytest.raises(PermissionDenied):
        submit(version, channel="counter", actor=stranger)
    clerk = officer(version.responsible_unit)
    case, _code = submit(version, channel="counter", actor=clerk, documents=[document()])
    assert case.documents.get().uploaded_by_kind == "staff"


def test_documents_must_name_items_of_the_checklist():
    version = five_day_service()
    foreign = five_day_service(code="OTHER").documents.first()
    with pytest.raises(ValidationFailed):
        submit(version, documents=[document(required_document_id=foreign.pk)])
    assert not Case.objects.exists()


# ----- the clock ---------------------------------------------------------------------

def received_in_march(**overrides):
    version = five_day_service(**overrides)
    case, code = submit(version, received_at=at(MARCH_3))
    assert case.legal_due_date == dt.date(2025, 3, 10)
    return case, officer(version.responsible_unit)


def test_a_deficiency_notice_pauses_and_the_supplement_resumes_the_clock():
    case, clerk = received_in_march()
    items = list(case.service_type_version.documents.values_list("pk", flat=True)[:2])
    with travel(dt.date(2025, 3, 4)):
        notice = services.deficiency_notice_issue(
            case=case, items=items, notes={items[0]: "unsigned"}, actor=clerk,
            supplement_due_date=dt.date(2025, 3, 20))
    case.refresh_from_db()
    assert case.state == "awaiting_supplement" and notice.sequence == 1
    assert notice.items[0]["note"] == "unsigned" and notice.items[0]["name_zh"]
    assert notice.pause.ended_at is None
    with travel(dt.date(2025, 3, 7)):
        case = services.case_supplement_receive(case=case, documents=[document()])
    # Paused from 03-04 until 03-07: 03-04, 03-05 and 03-06 do not count, 03-07 does.
    calendar = calendar_for(case.organisation)
    assert calendar.working_days_between(dt.date(2025, 3, 10), case.legal_due_date) == 3
    assert case.legal_due_date == dt.date(2025, 3, 13) and case.state == "in_review"
    assert case.documents.get().notice == notice
    notice.pause.refresh_from_db()
    assert notice.pause.ended_at == at(dt.date(2025, 3, 7))


def test_a_second_notice_needs_a_reason_and_items_come_from_the_checklist():
    case, clerk = received_in_march()
    checklist = list(case.service_type_version.documents.values_list("pk", flat=True))
    foreign = five_day_service(code="OTHER").documents.first().pk
    with travel(dt.date(2025, 3, 4)):
        with pytest.raises(ValidationFailed) as error:
            services.deficiency_notice_issue(case=case, items=[foreign], actor=clerk,
                                             supplement_due_date=dt.date(2025, 3, 20))
        assert "items" in error.value.details
        services.deficiency_notice_issue(case=case, items=checklist[:1], actor=clerk,
                                         supplement_due_date=dt.date(2025, 3, 20))
    with travel(dt.date(2025, 3, 5)):
        case = services.case_supplement_receive(case=Case.objects.get(pk=case.pk),
                                                documents=[document()])
        with pytest.raises(ValidationFailed) as error:
            services.deficiency_notice_issue(case=case, items=checklist[1:2], actor=clerk,
                                             supplement_due_date=dt.date(2025, 3, 20))
        assert "reason_for_repeat" in error.value.details
        second = services.deficiency_notice_issue(
            case=case, items=checklist[1:2], actor=clerk, reason_for_repeat="new rule",
            supplement_due_date=dt.date(2025, 3, 20))
    assert second.sequence == 2 and case.deficiency_notices.count() == 2


def test_waiting_on_another_authority_needs_a_legal_basis_and_moves_the_due_date():
    case, clerk = received_in_march()
    with travel(dt.date(2025, 3, 4)):
        with pytest.raises(ValidationFailed):
            services.case_pause_start(case=case, reason="land registry", legal_basis="",
                                      actor=clerk)
        services.case_pause_start(case=case, reason="land registry",
                                  legal_basis="行政程序法第51條", actor=clerk)
        with pytest.raises(Conflict):
            services.case_pause_start(case=Case.objects.get(pk=case.pk), reason="again",
                                      legal_basis="x", actor=clerk)
    with travel(dt.date(2025, 3, 6)):
        services.case_pause_end(case=Case.objects.get(pk=case.pk), actor=clerk)
    case.refresh_from_db()
    assert case.legal_due_date == dt.date(2025, 3, 12)  # 03-04 and 03-05 did not count
    assert case.state == "received"
    assert CasePause.objects.get(case=case).legal_basis == "行政程序法第51條"


def test_a_closure_in_the_organisations_locality_moves_the_due_date_and_no_other(
        django_capture_on_commit_callbacks):
    taipei_case, _clerk = received_in_march()
    keelung = agency_with_unit("KL")
    keelung.organisation.locality = Locality.KEELUNG
    keelung.organisation.save()
    keelung_case, _code = submit(service(keelung, period_value=5), received_at=at(MARCH_3))
    with django_capture_on_commit_callbacks(execute=True):  # the recount follows the commit
        closure_create(locality=Locality.TAIPEI, date=dt.date(2025, 3, 5),
                       notice_reference="北市府 114-001")
    assert services.cases_recalculate_for_locality(locality=Locality.TAIPEI) == 0
    taipei_case.refresh_from_db()
    keelung_case.refresh_from_db()
    assert taipei_case.legal_due_date == dt.date(2025, 3, 11)
    assert keelung_case.legal_due_date == dt.date(2025, 3, 10)
    assert taipei_case.events.filter(action="case.due_dates.recalculated").exists()
    later, _code = submit(taipei_case.service_type_version, received_at=at(MARCH_3, 11))
    assert later.legal_due_date == dt.date(2025, 3, 11)


def test_deleting_a_closure_recounts_the_due_date_back(django_capture_on_commit_callbacks):
    case, _clerk = received_in_march()
    with django_capture_on_commit_callbacks(execute=True):
        closure = closure_create(locality=Locality.TAIPEI, date=dt.date(2025, 3, 5),
                                 notice_reference="北市府 114-001")
    case.refresh_from_db()
    assert case.legal_due_date == dt.date(2025, 3, 11)
    with django_capture_on_commit_callbacks(execute=True):
        closure_delete(closure=closure, expected_version=closure.version)
    case.refresh_from_db()
    assert case.legal_due_date == dt.date(2025, 3, 10)


def test_one_extension_only_before_the_due_date_at_most_the_original_period():
    case, clerk = received_in_march()
    supervisor = officer(case.unit, Role.SUPERVISOR)
    with travel(dt.date(2025, 3, 7)):
        with pytest.raises(PermissionDenied):
            services.case_extend(case=case, reason="site visit", extra_value=5,
                                 approved_by=clerk, actor=clerk)
        with pytest.raises(ValidationFailed):
            services.case_extend(case=case, reason="site visit", extra_value=6,
                                 approved_by=supervisor, actor=clerk)
        extension = services.case_extend(case=case, reason="site visit", extra_value=5,
                                         approved_by=supervisor, actor=clerk)
        assert extension.notice_sent_at == at(dt.date(2025, 3, 7))
        case.refresh_from_db()
        assert case.legal_due_date == dt.date(2025, 3, 17)
        assert case.norm_due_date == dt.date(2025, 3, 5)  # the norm is not extended
        with pytest.raises(Conflict) as error:
            services.case_extend(case=case, reason="again", extra_value=1,
                                 approved_by=supervisor, actor=clerk)
        assert error.value.code == "already_extended"


def test_no_extension_after_the_legal_period_ended():
    case, clerk = received_in_march()
    with travel(dt.date(2025, 3, 11)), pytest.raises(Conflict) as error:
        services.case_extend(case=case, reason="late", extra_value=1,
                             approved_by=officer(case.unit, Role.SUPERVISOR), actor=clerk)
    assert error.value.code == "period_ended"


# ----- decisions and closure ---------------------------------------------------------

def test_closing_stores_working_days_used_and_on_time_against_both_targets():
    case, clerk = received_in_march()
    with travel(dt.date(2025, 3, 4)):
        case = services.case_accept(case=case, actor=clerk)
        case = services.case_start_review(case=case, actor=clerk)
    with travel(dt.date(2025, 3, 7)):
        case = services.case_decide(case=case, outcome="approved", actor=clerk,
                                    public_note_zh="核准")
        case = services.case_close(case=case, actor=clerk)
    assert (case.state, case.working_days_used) == ("closed", 4)
    assert case.legal_on_time is True and case.norm_on_time is False
    assert list(case.events.values_list("action", flat=True)) == [
        "case.submitted", "case.accepted", "case.review.started", "case.decided", "case.closed"]


def test_a_late_decision_is_recorded_as_late():
    case, clerk = received_in_march()
    with travel(dt.date(2025, 3, 11)):
        case = services.case_decide(case=services.case_accept(case=case, actor=clerk),
                                    outcome="rejected", actor=clerk, public_note_zh="資格不符")
        case = services.case_close(case=case, actor=clerk)
    assert case.working_days_used == 6 and case.legal_on_time is False


def test_a_rejection_while_awaiting_documents_ends_the_pause():
    case, clerk = received_in_march()
    item = case.service_type_version.documents.first().pk
    with travel(dt.date(2025, 3, 4)):
        services.deficiency_notice_issue(case=case, items=[item], actor=clerk,
                                         supplement_due_date=dt.date(2025, 3, 10))
    with travel(dt.date(2025, 3, 12)):
        case = services.case_decide(case=Case.objects.get(pk=case.pk), outcome="rejected",
                                    actor=clerk, public_note_zh="逾期未補正")
    assert not case.pauses.filter(ended_at__isnull=True).exists()
    with travel(dt.date(2025, 3, 12)), pytest.raises(Conflict):
        services.case_decide(case=case, outcome="approved", actor=clerk)


@pytest.mark.parametrize("outcome", ["rejected", "partly_approved"])
def test_a_refusal_without_reasons_is_refused_and_changes_nothing(outcome):
    case, clerk = received_in_march()
    with travel(dt.date(2025, 3, 5)):
        case = services.case_accept(case=case, actor=clerk)
        with pytest.raises(ValidationFailed) as refused:
            services.case_decide(case=case, outcome=outcome, actor=clerk,
                                 public_note_zh="  ", public_note_en="")
    assert "public_note_zh" in refused.value.details
    assert Case.objects.get(pk=case.pk).state == case.state


def test_illegal_steps_and_stale_versions_are_conflicts():
    case, clerk = received_in_march()
    with pytest.raises(Conflict) as error:
        services.case_close(case=case, actor=clerk)
    assert error.value.code == "step_not_allowed"
    stale_version = case.version
    services.case_accept(case=case, actor=clerk)
    with pytest.raises(Conflict):
        services.case_start_review(case=case, actor=clerk, expected_version=stale_version)


def test_handling_needs_the_permission_on_the_cases_unit():
    case, _clerk = received_in_march()
    with pytest.raises(PermissionDenied):
        services.case_accept(case=case, actor=officer(UnitFactory()))
    with pytest.raises(PermissionDenied):
        services.case_accept(case=case, actor=officer(case.unit, Role.QUALITY_COORDINATOR))


def test_withdrawal_and_transfer_end_the_case_before_a_decision_only():
    case, clerk = received_in_march()
    withdrawn = services.case_withdraw(case=case, reason="no longer needed")
    assert withdrawn.state == "withdrawn" and withdrawn.closed_at is not None
    assert withdrawn.events.last().actor_kind == "applicant"
    other, _code = submit(case.service_type_version)
    with pytest.raises(ValidationFailed):
        services.case_transfer(case=other, to_organisation_name="", reason="", actor=clerk)
    moved = services.case_transfer(case=other, to_organisation_name="內政部",
                                   reason="not our remit", actor=clerk)
    assert (moved.state, moved.transferred_to) == ("transferred", "內政部")
    with pytest.raises(Conflict):
        services.case_withdraw(case=moved)


def test_supervisors_assign_in_bulk_to_officers_of_the_unit():
    case, clerk = received_in_march()
    other, _code = submit(case.service_type_version)
    supervisor = officer(case.unit, Role.SUPERVISOR)
    assigned = services.case_assign(cases=[case, other], officer=clerk, actor=supervisor)
    assert {c.assigned_officer for c in assigned} == {clerk}
    assert CaseEvent.objects.filter(action="case.assigned").count() == 2
    with pytest.raises(PermissionDenied):
        services.case_assign(cases=[case], officer=clerk, actor=clerk)
    with pytest.raises(ValidationFailed):
        services.case_assign(cases=[Case.objects.get(pk=case.pk)],
                             officer=officer(UnitFactory()), actor=supervisor)


def test_a_branch_receives_for_its_agency_through_one_of_its_units():
    version = five_day_service()
    branch = OrganisationFactory.branch(parent=version.service_type.organisation)
    branch_unit = UnitFactory(organisation=branch)
    with pytest.raises(ValidationFailed):
        submit(version, organisation=branch)
    case, _code = submit(version, organisation=branch, on_behalf_of_unit=branch_unit)
    assert case.unit == branch_unit and case.number.startswith(branch.code)


def test_whoever_accepts_becomes_the_officer_unless_a_supervisor_assigns():
    case, clerk = received_in_march()
    with travel(dt.date(2025, 3, 4)):
        assert services.case_accept(case=case, actor=clerk).assigned_officer == clerk

    other, clerk = received_in_march()
    other.unit.supervisor_assigns = True
    other.unit.save()
    with travel(dt.date(2025, 3, 4)):
        assert services.case_accept(case=other, actor=clerk).assigned_officer is None
