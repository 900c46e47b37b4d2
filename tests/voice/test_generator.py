"""The petition generator: parseable numbers from the agencies' sequences, due dates on
the office calendar, histories that end in the petition's state, merged petitions that
point back, access codes that open the petition, and a second run that adds more."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from minfu.cases.generator import sample_access_code, sample_code_key
from minfu.records.numbering import parse_record_number
from minfu.voice import generator
from minfu.voice.models import Petition, PetitionEvent, PetitionState
from minfu.voice.services import due_date_of
from tests.records.lookups import petition_for_lookup
from tests.voice.factories import TAIPEI, agency_unit, category

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=TAIPEI)


@pytest.fixture
def unit():
    unit = agency_unit("GENP")
    category(unit)
    category(unit, code="roads", value=10, limit_unit="working_days")
    return unit


def generate(count=400, **options):
    return generator.generate(count=count, now=NOW, batch_size=150, **options)


def test_petitions_have_numbers_due_dates_and_a_believable_life(unit):
    result = generate()
    petitions = list(Petition.objects.select_related("organisation", "category"))
    assert result.created == len(petitions) == 400
    assert len({petition.number for petition in petitions}) == 400
    assert {PetitionState.CLOSED, PetitionState.REPLIED} <= set(result.states)
    for petition in petitions:
        parsed = parse_record_number(petition.number)
        assert (parsed.agency_code, parsed.prefix) == ("GENP", "P")
        assert parsed.day == timezone.localtime(petition.received_at).date()
        assert petition.received_at < NOW and petition.unit_id == unit.pk
        assert petition.due_date == due_date_of(petition)
        if petition.state in (PetitionState.CLOSED, PetitionState.NOT_HANDLED,
                              PetitionState.MERGED, PetitionState.TRANSFERRED):
            assert petition.received_at <= petition.closed_at <= NOW
        if petition.merged_into_id:
            assert petition.merged_into.received_at <= petition.received_at


def test_each_history_starts_with_the_submission_and_ends_in_the_state(unit):
    generate(count=200)
    for petition in Petition.objects.all():
        events = list(PetitionEvent.objects.filter(petition=petition)
                      .order_by("occurred_at", "id"))
        assert events[0].action == "petition.submitted"
        assert events[-1].to_state == petition.state
        assert all(event.occurred_at >= petition.received_at for event in events)


def test_the_sample_access_code_opens_a_generated_petition(unit):
    generate(count=20)
    petition = Petition.objects.first()
    code = sample_access_code(petition.number, sample_code_key(114))
    assert petition_for_lookup(petition.number, code) == petition


def test_a_second_run_continues_the_numbers_and_ids(unit):
    generate(count=100)
    generate(count=100, seed=7)
    assert Petition.objects.count() == 200
    assert len(set(Petition.objects.values_list("number", flat=True))) == 200


def test_the_command_reports_and_refuses_without_categories():
    with pytest.raises(CommandError):
        call_command("generate_petitions", "--count", "5", stdout=io.StringIO())


def test_the_command_adds_petitions(unit):
    out = io.StringIO()
    call_command("generate_petitions", "--count", "30", "--batch", "10", stdout=out)
    assert Petition.objects.count() == 30
    assert "30 petitions (" in out.getvalue()
