import datetime as dt

import pytest
from django.core import mail, signing
from django.db import transaction
from django.utils import timezone

from minfu.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from minfu.notify.models import OutboxMessage
from minfu.notify.services import outbox_deliver_due
from minfu.org.models import Locality
from minfu.records import access
from minfu.records.timeline import timeline
from minfu.voice import actions as voice_actions
from minfu.voice import selectors, services
from minfu.voice.models import FollowUp, LimitUnit, Petition, PetitionEvent, RoutingRule
from minfu.workcal.models import Closure
from minfu.workcal.selectors import note_calendar_change
from tests.notify.helpers import stored_row, what_staff_see
from tests.org.factories import UnitFactory
from tests.records.lookups import petition_for_lookup
from tests.voice.factories import (
    agency_unit,
    at,
    category,
    officer,
    person,
    submit,
    submit_confirmed,
    supervisor,
)
from tests.workcal.factories import ClosureFactory

pytestmark = pytest.mark.django_db

OCT_1 = dt.date(2025, 10, 1)  # a Wednesday; Oct 6 (中秋節) and Oct 10 (國慶日) are off


def _messages(petition, event):
    return OutboxMessage.objects.filter(event=event, related_id=str(petition.pk))


# ----- intake and limits -------------------------------------------------------------

def test_submit_numbers_routes_and_notifies():
    unit = agency_unit()
    petition, code = submit(unit, received_at=at(OCT_1))
    again, _ = submit(unit, received_at=at(OCT_1, 11))
    agency = unit.organisation.code
    assert (petition.number, again.number) == (f"{agency}-P1141001-0001",
                                               f"{agency}-P1141001-0002")
    assert petition.unit == unit and petition.state == "received"
    assert petition_for_lookup(petition.number, code) == petition
    assert petition_for_lookup(petition.number, "WRONGCODE2") is None
    assert _messages(petition, "petition.received").count() == 1


def test_the_access_code_goes_to_the_petitioner_and_is_shown_to_no_staff(client):
    unit = agency_unit()
    petition, code = submit(unit, received_at=at(OCT_1))
    message = _messages(petition, "petition.received").get()
    shown = access.display_code(code)
    assert shown not in stored_row(message) and code not in stored_row(message)
    assert shown not in what_staff_see(client, message, officer=officer(unit))

    outbox_deliver_due()
    [sent] = mail.outbox
    assert sent.to == ["ming@example.tw"] and f"查詢碼：{shown}" in sent.body
    assert shown not in stored_row(message)


def test_calendar_day_limit_ending_on_a_holiday_moves_to_the_next_working_day():
    unit = agency_unit()
    cat = category(unit, value=5, limit_unit=LimitUnit.CALENDAR_DAYS)
    petition, _ = submit(unit, received_at=at(OCT_1), cat=cat)
    assert petition.due_date == dt.date(2025, 10, 7)  # Oct 6 is 中秋節


def test_working_day_limit_skips_holidays():
    unit = agency_unit()
    cat = category(unit, value=5, limit_unit=LimitUnit.WORKING_DAYS)
    petition, _ = submit(unit, received_at=at(OCT_1), cat=cat)
    # Oct 2, 3, 7, 8, 9 (Oct 4-6 weekend and holiday)
    assert petition.due_date == dt.date(2025, 10, 9)


def test_default_limit_is_thirty_calendar_days_without_category():
    unit = agency_unit()
    petition, _ = submit(unit, received_at=at(dt.date(2025, 3, 5)), cat=None)
    assert (petition.limit_value, petition.limit_unit) == (30, "calendar_days")
    assert petition.due_date == dt.date(2025, 4, 7)  # Apr 4 (Fri) 兒童節/清明 to Apr 6


def test_closure_recorded_later_moves_open_petitions():
    unit = agency_unit()
    unit.organisation.locality = Locality.TAIPEI
    cat = category(unit, value=5, limit_unit=LimitUnit.WORKING_DAYS)
    petition, _ = submit(unit, received_at=at(OCT_1), cat=cat)
    ClosureFactory(locality=unit.organisation.locality, date=dt.date(2025, 10, 8))
    petition.refresh_from_db()
    assert petition.due_date == dt.date(2025, 10, 13)  # Oct 8 closed, Oct 10 國慶日
    assert petition.events.filter(action="petition.due_date.recalculated").exists()


def test_extension_needs_reason_happens_once_and_notifies():
    unit = agency_unit()
    cat = category(unit, value=5, limit_unit=LimitUnit.WORKING_DAYS)
    petition, _ = submit_confirmed(unit, received_at=at(OCT_1), cat=cat)
    clerk = officer(unit)
    with pytest.raises(ValidationFailed):
        services.petition_extend(actor=clerk, petition=petition, value=5, reason=" ")
    petition = services.petition_extend(actor=clerk, petition=petition, value=5,
                                        reason="需會同工務單位會勘")
    assert petition.due_date == dt.date(2025, 10, 17)  # + Oct 13-17 (Oct 10 off)
    assert _messages(petition, "petition.extended").count() == 1
    with pytest.raises(Conflict):
        services.petition_extend(actor=clerk, petition=petition, value=2, reason="again")


def test_staff_channels_need_staff_and_staff_need_the_agency():
    unit = agency_unit()
    with pytest.raises(ValidationFailed) as error:
        submit(unit, channel="hotline")
    assert "channel" in error.value.details
    outsider = officer(agency_unit())
    with pytest.raises(PermissionDenied):
        submit(unit, channel="hotline", actor=outsider)
    petition, _ = submit(unit, channel="hotline", actor=officer(unit), consent_given=False)
    assert petition.channel == "hotline" and petition.consent_at is not None


def test_web_form_needs_consent_when_personal_data_are_given():
    with pytest.raises(ValidationFailed) as error:
        submit(agency_unit(), consent_given=False)
    assert "consent" in error.value.details


def test_anonymous_petition_is_registered_without_notice():
    unit = agency_unit()
    petition, code = submit(unit, petitioner=person(name="", email="", phone="",
                                                    anonymous=True), consent_given=False)
    assert petition.anonymous and code
    assert not _messages(petition, "petition.received").exists()
    assert petition.events.filter(action="petition.notice.skipped").exists()


def test_double_submit_with_the_same_key_creates_one_petition():
    unit = agency_unit()
    first, code = submit(unit, idempotency_key="form-123")
    second, second_code = submit(unit, idempotency_key="form-123")
    assert first == second and code and second_code is None
    assert Petition.objects.count() == 1


def test_routing_rules_by_keyword_and_category():
    unit = agency_unit()
    other = UnitFactory(organisation=unit.organisation, code="LIGHT")
    RoutingRule.objects.create(organisation=unit.organisation, keywords="路燈\n號誌",
                               unit=other, priority=10)
    petition, _ = submit(unit)
    assert petition.unit == other
    tax, _ = submit(unit, subject="稅單", text="請問綜所稅退稅何時入帳")
    assert tax.unit == unit  # the category's default unit


# ----- not handling, merging, transfer --------------------------------------------------

def test_mark_not_handled_keeps_the_record_with_the_ground_and_tells_the_petitioner():
    unit = agency_unit()
    petition, _ = submit_confirmed(unit)
    with pytest.raises(ValidationFailed):
        services.petition_mark_not_handled(actor=officer(unit), petition=petition,
                                           ground="bored")
    petition = services.petition_mark_not_handled(actor=officer(unit), petition=petition,
                                                  ground="repeat", note="已於2月10日函復")
    assert petition.state == "not_handled" and petition.not_handled_ground == "repeat"
    assert _messages(petition, "petition.not_handled").count() == 1
    with pytest.raises(Conflict):
        services.petition_start(actor=officer(unit), petition=petition)


def test_officer_of_another_unit_may_not_act():
    unit = agency_unit()
    petition, _ = submit(unit)
    stranger = officer(UnitFactory(organisation=unit.organisation))
    with pytest.raises(PermissionDenied):
        services.petition_start(actor=stranger, petition=petition)


def _reply_and_approve(unit, petition, **reply):
    clerk, boss = officer(unit), supervisor(unit)
    services.reply_draft(actor=clerk, petition=petition,
                         text=reply.get("text", "已派員修復，謝謝您。"),
                         legal_basis="行政程序法第171條", remedies="可再來信",
                         publish=reply.get("publish", False))
    with pytest.raises(PermissionDenied):
        services.reply_approve(actor=clerk, petition=Petition.objects.get(pk=petition.pk))
    return services.reply_approve(actor=boss, petition=Petition.objects.get(pk=petition.pk))


def test_merged_cases_are_answered_together():
    unit = agency_unit()
    main, _ = submit_confirmed(unit)
    twin, _ = submit_confirmed(unit, petitioner=person(name="李大華", email="hua@example.tw"))
    assert twin.pk != main.pk
    duplicates = selectors.likely_duplicates(main)
    assert [item.petition.pk for item in duplicates] == [twin.pk]
    services.petition_merge(actor=officer(unit), petition=twin, into=main)
    twin.refresh_from_db()
    assert twin.state == "merged" and twin.merged_into == main
    reply = _reply_and_approve(unit, main)
    assert reply.ratings.count() == 2
    assert _messages(main, "petition.replied").count() == 1
    assert _messages(twin, "petition.replied").count() == 1
    with pytest.raises(Conflict):
        services.petition_merge(actor=officer(unit), petition=main, into=twin)


def test_merge_refuses_another_agency():
    unit = agency_unit()
    petition, _ = submit(unit)
    other, _ = submit(agency_unit())
    with pytest.raises((ValidationFailed, PermissionDenied)):
        services.petition_merge(actor=officer(unit), petition=petition, into=other)


def test_transfer_to_an_agency_in_the_system_creates_its_case_and_notifies():
    unit = agency_unit()
    competent = agency_unit()
    petition, _ = submit_confirmed(unit)
    services.petition_transfer(actor=officer(unit), petition=petition, reason="非本局權責",
                               to_organisation=competent.organisation)
    petition.refresh_from_db()
    received = Petition.objects.get(organisation=competent.organisation)
    assert petition.state == "transferred" and received.transferred_from == petition
    assert received.petitioner_name == "王小明" and received.state == "received"
    assert _messages(petition, "petition.transferred").count() == 1


def test_transfer_to_an_outside_agency_by_name():
    unit = agency_unit()
    petition, _ = submit(unit)
    with pytest.raises(ValidationFailed):
        services.petition_transfer(actor=officer(unit), petition=petition, reason="x")
    services.petition_transfer(actor=officer(unit), petition=petition, reason="路燈屬工務局",
                               to_name="臺北市政府工務局")
    petition.refresh_from_db()
    assert petition.transferred_to_name == "臺北市政府工務局"
    assert Petition.objects.count() == 1


# ----- reply and rating --------------------------------------------------------------

def test_reply_is_sent_in_the_petitioners_language_and_on_time_recorded():
    unit = agency_unit()
    petition, _ = submit_confirmed(unit, petitioner=person(language="en"))
    reply = _reply_and_approve(unit, petition, text="We fixed it.")
    petition.refresh_from_db()
    assert reply.language == "en" and petition.state == "replied" and petition.on_time
    message = _messages(petition, "petition.replied").get()
    assert message.language == "en" and "We fixed it." in message.body


def test_published_reply_masks_personal_data():
    unit = agency_unit()
    petition, _ = submit(unit)
    reply = _reply_and_approve(unit, petition, text="王小明先生您好，已修復。", publish=True)
    assert "王小明" not in reply.published_text and "王○明" in reply.published_text
    assert petition.subject in reply.published_question
    assert list(selectors.published_replies()) == []  # the petitioner has not rated it yet
    services.rating_submit(token=_token(petition), score=5)
    assert list(selectors.published_replies()) == [reply]


def test_a_reply_the_petitioner_is_unhappy_with_is_withdrawn_until_the_next_one():
    unit = agency_unit()
    petition, _ = submit(unit)
    first = _reply_and_approve(unit, petition, publish=True)
    services.rating_submit(token=_token(petition), score=1, reopen=True)
    assert list(selectors.published_replies()) == []
    petition.refresh_from_db()
    second = _reply_and_approve(unit, petition, text="已更換燈具。", publish=True)
    assert list(selectors.published_replies()) == []
    services.rating_submit(token=services.rating_token(second.ratings.get()), score=4)
    assert list(selectors.published_replies()) == [second] != [first]


def test_a_reply_nobody_rated_is_published_once_the_rating_link_expired():
    unit = agency_unit()
    petition, _ = submit(unit)
    reply = _reply_and_approve(unit, petition, publish=True)
    later = reply.ratings.get().expires_at + dt.timedelta(minutes=1)
    assert list(selectors.published_replies(now=later)) == [reply]


def _token(petition):
    return services.rating_token(petition.ratings.get())


def test_rating_once_and_unsatisfied_opens_follow_up_and_reopens():
    unit = agency_unit()
    petition, _ = submit(unit)
    _reply_and_approve(unit, petition)
    token = _token(petition)
    services.rating_submit(token=token, score=2, comment="沒修好", reopen=True)
    petition.refresh_from_db()
    assert petition.state == "in_progress"
    follow_up = FollowUp.objects.get()
    assert follow_up.unit == unit and follow_up.petition == petition
    with pytest.raises(Conflict):
        services.rating_submit(token=token, score=5)
    services.follow_up_close(actor=officer(unit), follow_up=follow_up, note="已再派員")
    assert FollowUp.objects.get().closed_at is not None


def test_satisfied_rating_opens_nothing():
    unit = agency_unit()
    petition, _ = submit(unit)
    _reply_and_approve(unit, petition)
    rating = services.rating_submit(token=_token(petition), score=5, reopen=True)
    assert rating.satisfied and not FollowUp.objects.exists()
    petition.refresh_from_db()
    assert petition.state == "replied"


def test_expired_and_forged_tokens_are_refused():
    unit = agency_unit()
    petition, _ = submit(unit)
    _reply_and_approve(unit, petition)
    rating = petition.ratings.get()
    forged = signing.dumps({"r": rating.pk, "n": rating.nonce}, salt="other")
    with pytest.raises(NotFound):
        services.rating_submit(token=forged, score=5)
    wrong_nonce = signing.dumps({"r": rating.pk, "n": "0" * 32}, salt=services.RATING_SALT)
    with pytest.raises(NotFound):
        services.rating_submit(token=wrong_nonce, score=5)
    with pytest.raises(ValidationFailed):
        services.rating_submit(token=_token(petition), score=9)
    rating.expires_at = timezone.now() - dt.timedelta(seconds=1)
    rating.save()
    with pytest.raises(Conflict):
        services.rating_submit(token=_token(petition), score=5)


def test_stale_version_is_a_conflict():
    unit = agency_unit()
    petition, _ = submit(unit)
    with pytest.raises(Conflict):
        services.petition_start(actor=officer(unit), petition=petition, expected_version=99)


def test_every_step_is_on_the_timeline():
    unit = agency_unit()
    petition, _ = submit(unit)
    services.petition_start(actor=officer(unit), petition=petition)
    actions = list(PetitionEvent.objects.filter(petition=petition).values_list("action",
                                                                                flat=True))
    assert actions == ["petition.submitted", "petition.handling.started"]
    assert [entry.action for entry in timeline(petition, public=True)] == actions



@pytest.mark.parametrize("chunk_size", [1, 2, 100])
def test_the_recount_matches_due_date_of_leaves_closed_ones_and_is_idempotent(chunk_size):
    unit = agency_unit()
    working = category(unit, value=5, limit_unit=LimitUnit.WORKING_DAYS)
    calendar_days = category(unit, code="slow", value=10, limit_unit=LimitUnit.CALENDAR_DAYS)
    petitions = [submit(unit, received_at=at(OCT_1), cat=cat)[0]
                 for cat in (working, working, calendar_days)]
    closed = submit(unit, received_at=at(OCT_1), cat=working)[0]
    Petition.objects.filter(pk=closed.pk).update(state="closed")
    closed_due = closed.due_date
    with transaction.atomic():  # the closure without its recount
        Closure.objects.create(locality=unit.organisation.locality, date=dt.date(2025, 10, 8),
                               notice_reference="x")
        note_calendar_change()
        expected = {p.pk: services.due_date_of(Petition.objects.get(pk=p.pk))
                    for p in petitions}
        moved = services.petitions_recalculate_for_locality(
            locality=unit.organisation.locality, chunk_size=chunk_size)
        # 10 calendar days end on Sat Oct 11, moved to Mon Oct 13 with or without it.
        assert moved == sum(expected[p.pk] != p.due_date for p in petitions) == 2
        assert {p.pk: Petition.objects.get(pk=p.pk).due_date for p in petitions} == expected
        assert Petition.objects.get(pk=closed.pk).due_date == closed_due
        assert services.petitions_recalculate_for_locality(
            locality=unit.organisation.locality) == 0
    assert PetitionEvent.objects.filter(
        action=voice_actions.PETITION_DUE_DATE_RECALCULATED).count() == 2
