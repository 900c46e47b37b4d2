"""The case generator: consistent cases (numbers, histories, due dates, closure figures),
sequences that later real intake continues, and a second run that adds more."""

import datetime as dt
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from minfu.cases import generator, services, workflow
from minfu.cases.actions import STEP_EVENTS
from minfu.cases.models import Case, CaseEvent, CasePause, CaseState
from minfu.catalog.models import ServiceTypeVersion
from minfu.org.models import Role
from minfu.records.models import RecordSequence
from minfu.records.numbering import format_record_number, parse_record_number
from minfu.workcal.selectors import calendar_for
from tests.cases.factories import TAIPEI, submit
from tests.catalog.factories import agency_with_unit, published
from tests.org.factories import staff_user
from tests.records.lookups import case_for_lookup

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=TAIPEI)


@pytest.fixture
def agency():
    unit = agency_with_unit("GEN")
    staff_user(unit, Role.OFFICER)
    published(unit, "TAX-CERT")  # 4 working days, norm 1 working day
    published(unit, "RULING", period_value=30, period_unit="calendar_days", norm_value=20,
              norm_unit="working_days", channels=("online", "mail"),
              applicant_kinds=("person", "business"))
    published(unit, "COUNTER", period_value=2, period_unit="hours", norm_value=1,
              norm_unit="hours", channels=("counter",))
    return unit


def generate(count=300, **options):
    return generator.generate(count=count, now=NOW, batch_size=120, **options)


def test_generates_the_count_with_unique_parseable_numbers(agency):
    result = generate()
    cases = list(Case.objects.all())
    assert result.created == len(cases) == 300
    numbers = [case.number for case in cases]
    assert len(set(numbers)) == 300
    for case in cases:
        parsed = parse_record_number(case.number)
        assert parsed.agency_code == "GEN"
        assert parsed.day == timezone.localtime(case.received_at).date()
        assert case.received_at < NOW
        assert case.unit_id == agency.pk


STEPS = {event: step for step, event in STEP_EVENTS.items()}


def test_histories_follow_the_workflow_and_end_in_the_case_state(agency):
    generate()
    events = defaultdict(list)
    for event in CaseEvent.objects.order_by("occurred_at", "id"):
        events[event.case_id].append(event)
    assert CaseEvent.objects.count() == sum(len(chain) for chain in events.values())
    for case in Case.objects.all():
        chain = events[case.pk]
        assert chain[0].action == "case.submitted" and chain[0].to_state == CaseState.RECEIVED
        state = workflow.State.RECEIVED
        for event in chain[1:]:
            outcome = event.data.get("outcome") if event.action == "case.decided" else None
            step = STEPS[event.action]
            state = workflow.MACHINE.next_state(state, step, choice=outcome)
            assert event.from_state == chain[chain.index(event) - 1].to_state
            assert event.to_state == state
        assert case.state == state
        assert case.version == len(chain)


def test_states_come_in_realistic_proportions(agency):
    result = generate(count=600)
    states = result.states
    assert states[CaseState.CLOSED] > 0.6 * 600
    assert states.get(CaseState.WITHDRAWN, 0) + states.get(CaseState.TRANSFERRED, 0) > 0
    assert sum(states.values()) == 600
    assert set(states) <= set(CaseState.values)


def test_due_dates_are_those_the_services_compute(agency):
    generate()
    for case in Case.objects.select_related("organisation", "service_type_version"):
        expected = services.recalculate_due_dates(
            Case.objects.select_related("organisation", "service_type_version").get(pk=case.pk),
            now=NOW)
        assert (case.legal_due_date, case.legal_due_at, case.norm_due_date, case.norm_due_at) \
            == (expected.legal_due_date, expected.legal_due_at, expected.norm_due_date,
                expected.norm_due_at), case.number


def test_closure_figures_agree_with_the_due_dates(agency):
    generate()
    closed = Case.objects.filter(state=CaseState.CLOSED).select_related("organisation")
    assert closed.exists()
    late = 0
    for case in closed:
        decided = timezone.localtime(case.decided_at)
        legal_met = decided <= case.legal_due_at if case.legal_due_at \
            else decided.date() <= case.legal_due_date
        assert case.legal_on_time is legal_met
        norm_met = decided <= case.norm_due_at if case.norm_due_at \
            else decided.date() <= case.norm_due_date
        assert case.norm_on_time is norm_met
        pauses = [(p.started_at, p.ended_at) for p in case.pauses.all()]
        assert case.working_days_used == calendar_for(case.organisation).working_days_between(
            timezone.localtime(case.received_at).date(), decided.date(), pauses)
        assert case.closed_at >= case.decided_at
        late += not legal_met
    assert late > 0  # some were decided late


def test_open_cases_awaiting_documents_have_an_open_supplement_pause(agency):
    generate(count=1500)
    awaiting = Case.objects.filter(state=CaseState.AWAITING_SUPPLEMENT)
    assert awaiting.exists()
    for case in awaiting:
        assert case.pauses.filter(kind=CasePause.Kind.SUPPLEMENT, ended_at__isnull=True).count() == 1
    assert not CasePause.objects.filter(ended_at__isnull=True).exclude(
        case__state=CaseState.AWAITING_SUPPLEMENT).exists()


def test_sequences_end_at_the_last_number_so_real_intake_continues(agency):
    generate()
    last = defaultdict(int)
    for number in Case.objects.values_list("number", flat=True):
        parsed = parse_record_number(number)
        last[parsed.day] = max(last[parsed.day], parsed.sequence)
    stored = {row.day: row.last_value for row in RecordSequence.objects.filter(letter="")}
    assert stored == dict(last)
    busiest = max(last, key=last.get)
    version = ServiceTypeVersion.objects.get(service_type__code="TAX-CERT")
    received_at = dt.datetime.combine(busiest, dt.time(16, 0), tzinfo=TAIPEI)
    case, _code = submit(version, received_at=received_at)
    assert case.number == format_record_number("GEN", busiest, last[busiest] + 1)


def test_a_second_run_adds_as_many_and_numbers_continue(agency):
    generate(count=150)
    first_ids = set(Case.objects.values_list("pk", flat=True))
    generate(count=150, seed=7)
    assert Case.objects.count() == 300
    assert len(set(Case.objects.values_list("number", flat=True))) == 300
    new = Case.objects.exclude(pk__in=first_ids)
    assert new.count() == 150
    assert min(new.values_list("pk", flat=True)) > max(first_ids)


def test_access_codes_derive_from_the_seed_and_work_in_the_lookup(agency):
    generate(count=20, seed=5)
    key = generator.sample_code_key(5)
    for case in Case.objects.all()[:5]:
        code = generator.sample_access_code(case.number, key)
        assert case_for_lookup(case.number, code) == case
        assert case_for_lookup(case.number, "ABCDE23456") is None


def test_only_the_chosen_organisation(agency):
    other = agency_with_unit("OTHER")
    published(other, "TAX-CERT")
    generate(count=50, organisation_codes=["OTHER"])
    assert set(Case.objects.values_list("organisation__code", flat=True)) == {"OTHER"}


def test_without_services_the_command_says_so(db):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_cases", "--count", "5")


def test_command_adds_cases(agency, capsys):
    call_command("generate_cases", "--count", "40", "--batch", "15", "--seed", "3")
    assert Case.objects.count() == 40
    assert "40 cases" in capsys.readouterr().out
