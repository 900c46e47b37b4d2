"""Co-signed proposals: intake on the kernel, screening, co-signing (one signature per
address, replays make one record), the threshold and the response deadline on the office
calendar, extension, response, merge, expiry, scoping."""

import datetime as dt

import pytest
import time_machine

from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.notify.models import OutboxMessage
from minfu.org.models import Locality
from minfu.participation import jobs
from minfu.participation import proposals_services as services
from minfu.participation.models.proposals import ProposalSignature
from minfu.participation.proposals_selectors import proposals_for, public_proposals
from minfu.records.access import code_hmac
from minfu.records.selectors import record_for_lookup
from minfu.workcal.selectors import calendar_for
from tests.org.factories import staff_user
from tests.workcal.factories import ClosureFactory

from .proposal_factories import (
    TAIPEI,
    agency_unit,
    open_proposal,
    participant,
    proposal,
    responder,
    screener,
)

pytestmark = pytest.mark.django_db

FRIDAY = dt.datetime(2026, 12, 4, 10, tzinfo=TAIPEI)


def test_a_proposal_is_a_record_with_a_number_and_an_access_code():
    unit = agency_unit()
    created, code = proposal(unit)
    assert created.number.startswith(f"{unit.organisation.code}-T")
    assert created.state == "submitted" and code
    assert record_for_lookup(created.number, code)[1] == created
    assert created.access_code_hmac != code_hmac(code, b"other")
    assert OutboxMessage.objects.filter(event="proposal.received",
                                        recipient=created.proposer.address).exists()
    assert created.events.get().action == "proposal.submitted"


def test_a_repeated_submission_makes_one_proposal():
    unit = agency_unit()
    first, code = proposal(unit, idempotency_key="k1")
    again, no_code = proposal(unit, idempotency_key="k1")
    assert again == first and code and no_code is None


def test_screening_opens_with_the_agency_threshold_and_period():
    unit = agency_unit()
    with time_machine.travel(FRIDAY, tick=False):
        opened = open_proposal(unit, threshold=100, signing_days=30)
    assert opened.state == "signing" and opened.threshold == 100
    assert opened.signing_opened_on == dt.date(2026, 12, 4)
    assert opened.signing_closes_on == dt.date(2027, 1, 2)
    assert public_proposals().filter(pk=opened.pk).exists()


def test_the_threshold_cannot_be_raised_above_the_national_one():
    unit = agency_unit()
    created, _ = proposal(unit)
    with pytest.raises(ValidationFailed) as refused:
        services.proposal_open_signing(actor=screener(unit), proposal=created, threshold=5001,
                                       expected_version=created.version)
    assert "threshold" in refused.value.details


def test_rejection_needs_a_listed_reason_and_tells_the_proposer():
    unit = agency_unit()
    created, _ = proposal(unit)
    with pytest.raises(ValidationFailed):
        services.proposal_reject(actor=screener(unit), proposal=created, reason="dislike",
                                 expected_version=created.version)
    rejected = services.proposal_reject(actor=screener(unit), proposal=created,
                                        reason="outside_remit", note="屬地方政府權責",
                                        expected_version=created.version)
    assert rejected.state == "rejected" and rejected.screening_reason == "outside_remit"
    message = OutboxMessage.objects.get(event="proposal.rejected")
    assert "屬地方政府權責" in message.body


def test_a_stale_version_is_refused():
    unit = agency_unit()
    created, _ = proposal(unit)
    with pytest.raises(Conflict):
        services.proposal_open_signing(actor=screener(unit), proposal=created,
                                       expected_version=created.version + 1)


def test_signing_twice_or_replaying_makes_one_signature():
    unit = agency_unit()
    opened = open_proposal(unit, threshold=10)
    signer = participant()
    first = services.proposal_sign(proposal=opened, participant=signer)
    replay = services.proposal_sign(proposal=opened, participant=signer)
    assert first.pk == replay.pk
    assert ProposalSignature.objects.filter(proposal=opened).count() == 1
    opened.refresh_from_db()
    assert opened.signature_count == 1


def test_withdrawing_and_signing_again_counts_once():
    unit = agency_unit()
    opened = open_proposal(unit, threshold=10)
    signer = participant()
    services.proposal_sign(proposal=opened, participant=signer)
    services.signature_withdraw(proposal=opened, participant=signer)
    opened.refresh_from_db()
    assert opened.signature_count == 0
    services.proposal_sign(proposal=opened, participant=signer)
    opened.refresh_from_db()
    assert opened.signature_count == 1
    assert ProposalSignature.objects.filter(proposal=opened).count() == 1


def test_reaching_the_threshold_sets_the_response_due_date_on_the_office_calendar():
    unit = agency_unit()
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, tzinfo=TAIPEI), tick=False):
        opened = open_proposal(unit, threshold=2)
        services.proposal_sign(proposal=opened, participant=participant())
        opened.refresh_from_db()
        assert opened.state == "signing" and opened.response_due_on is None
        services.proposal_sign(proposal=opened, participant=participant())
    opened.refresh_from_db()
    assert opened.state == "reached"
    assert opened.threshold_reached_on == dt.date(2026, 12, 7)
    # Two months on: 7 February 2027 is a Sunday, so the next working day.
    calendar = calendar_for(unit.organisation)
    assert not calendar.is_working_day(dt.date(2027, 2, 7))
    assert opened.response_due_on == calendar.add_calendar_days(dt.date(2027, 2, 7), 0)
    assert calendar.is_working_day(opened.response_due_on)
    assert opened.response_due_on > dt.date(2027, 2, 7)
    assert OutboxMessage.objects.filter(event="proposal.threshold_reached").exists()
    assert opened.events.filter(action="proposal.threshold.reached").exists()


def test_no_signature_after_the_threshold_or_the_period():
    unit = agency_unit()
    with time_machine.travel(FRIDAY, tick=False):
        opened = open_proposal(unit, threshold=5, signing_days=3)
    with time_machine.travel(FRIDAY + dt.timedelta(days=3), tick=False), \
            pytest.raises(Conflict) as refused:
        services.proposal_sign(proposal=opened, participant=participant())
    assert refused.value.code == "signing_closed"


def test_the_daily_job_closes_periods_that_ended_below_the_threshold():
    unit = agency_unit()
    with time_machine.travel(FRIDAY, tick=False):
        opened = open_proposal(unit, threshold=5, signing_days=3)
        services.proposal_sign(proposal=opened, participant=participant())
    assert jobs.proposals_close(on=dt.date(2026, 12, 6)).queued == 0
    assert jobs.proposals_close(on=dt.date(2026, 12, 7)).queued == 1
    opened.refresh_from_db()
    assert opened.state == "expired"
    assert jobs.proposals_close(on=dt.date(2026, 12, 8)).queued == 0


def _reached(unit):
    opened = open_proposal(unit, threshold=1)
    services.proposal_sign(proposal=opened, participant=participant())
    opened.refresh_from_db()
    return opened


def test_one_public_extension_with_reasons():
    unit = agency_unit()
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, tzinfo=TAIPEI), tick=False):
        reached = _reached(unit)
        extended = services.proposal_extend(actor=responder(unit), proposal=reached,
                                            reason="需跨機關協調", expected_version=reached.version)
    assert extended.response_due_on > reached.response_due_on
    assert extended.response_due_on >= dt.date(2027, 4, 7)
    assert extended.extension_reason == "需跨機關協調"
    with pytest.raises(Conflict) as refused:
        services.proposal_extend(actor=responder(unit), proposal=extended, reason="again",
                                 expected_version=extended.version)
    assert refused.value.code == "already_extended"


def test_the_response_is_published_and_counted_on_time():
    unit = agency_unit()
    reached = _reached(unit)
    answered = services.proposal_respond(actor=responder(unit), proposal=reached,
                                         outcome="adopted", text="明年起試辦。",
                                         expected_version=reached.version)
    assert answered.state == "answered" and answered.answered_on_time is True
    assert OutboxMessage.objects.filter(event="proposal.answered").exists()


def test_an_officer_may_screen_but_not_respond():
    unit = agency_unit()
    reached = _reached(unit)
    with pytest.raises(PermissionDenied):
        services.proposal_respond(actor=screener(unit), proposal=reached, outcome="adopted",
                                  text="x", expected_version=reached.version)


def test_merging_a_duplicate_moves_its_co_signers_once():
    unit = agency_unit()
    main = open_proposal(unit, threshold=3)
    duplicate = open_proposal(unit, threshold=3)
    both, only_duplicate, only_main = participant(), participant(), participant()
    for signer in (both, only_main):
        services.proposal_sign(proposal=main, participant=signer)
    for signer in (both, only_duplicate):
        services.proposal_sign(proposal=duplicate, participant=signer)
    duplicate.refresh_from_db()
    merged = services.proposal_merge(actor=screener(unit), proposal=duplicate, into=main,
                                     expected_version=duplicate.version)
    main.refresh_from_db()
    assert merged.state == "merged" and merged.merged_into == main
    assert merged.screening_reason == "duplicate"
    # Three different people: the main proposal reaches its threshold of three.
    assert main.signature_count == 3 and main.state == "reached"
    assert ProposalSignature.objects.filter(proposal=main).count() == 3


def test_staff_see_only_their_agencies_proposals():
    unit, other = agency_unit(), agency_unit()
    mine, _ = proposal(unit)
    proposal(other)
    viewer = staff_user(unit)
    assert list(proposals_for(viewer)) == [mine]


def test_an_office_closure_on_the_due_date_moves_it():
    unit = agency_unit()
    unit.organisation.locality = Locality.TAIPEI
    unit.organisation.save()
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, tzinfo=TAIPEI), tick=False):
        reached = _reached(unit)
    due = reached.response_due_on
    ClosureFactory(locality=unit.organisation.locality, date=due)
    reached.refresh_from_db()
    assert reached.response_due_on > due
    assert calendar_for(unit.organisation).is_working_day(reached.response_due_on)
    assert reached.events.filter(action="proposal.due_date.recalculated").exists()
