from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from minfu.core.errors import NotFound, RateLimited, ValidationFailed
from minfu.notify.models import OutboxMessage
from minfu.participation import verification
from minfu.participation.models import Participant, ParticipantVerification

from .conftest import KEY

pytestmark = pytest.mark.django_db


def start(address="Wang.Xiao+poll@Gmail.com", key=KEY):
    verification.verification_start(activity_key=key, address=address, client="10.0.0.1",
                                    language="zh-hant")


def test_code_goes_through_the_outbox_and_only_its_hash_is_stored(activity, fixed_code):
    start()
    message = OutboxMessage.objects.get(event=verification.EVENT)
    assert message.channel == "email" and message.recipient == "wangxiao@gmail.com"
    assert "123456" not in message.subject + message.body  # withheld; sealed copy only
    assert message.withholds_secret
    row = ParticipantVerification.objects.get()
    assert "123456" not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == pytest.approx(timedelta(minutes=10),
                                                            abs=timedelta(seconds=2))


def test_a_mobile_number_gets_an_sms(activity, fixed_code):
    start("+886 912-345-678")
    message = OutboxMessage.objects.get(event=verification.EVENT)
    assert (message.channel, message.recipient) == ("sms", "0912345678")


def test_confirm_makes_one_participant_per_normalised_address(activity, fixed_code):
    start("wang.xiao@gmail.com")
    first = verification.verification_confirm(activity_key=KEY,
                                              address="wang.xiao@gmail.com", code="123456")
    start("WangXiao+other@gmail.com")
    second = verification.verification_confirm(activity_key=KEY,
                                               address="WangXiao+other@gmail.com",
                                               code="654321")
    assert first == second and Participant.objects.count() == 1
    assert first.masked == "w***@gmail.com" and "wang" not in first.masked


def test_wrong_code_counts_tries_until_locked(activity, fixed_code):
    start()
    for _ in range(verification.MAX_TRIES):
        with pytest.raises(ValidationFailed) as error:
            verification.verification_confirm(activity_key=KEY,
                                              address="Wang.Xiao+poll@Gmail.com",
                                              code="000000")
        assert error.value.code == "wrong_code"
    with pytest.raises(ValidationFailed) as error:
        verification.verification_confirm(activity_key=KEY,
                                          address="Wang.Xiao+poll@Gmail.com", code="123456")
    assert error.value.code == "too_many_tries"
    assert ParticipantVerification.objects.get().tries == verification.MAX_TRIES


def test_code_expires_after_ten_minutes(activity, fixed_code):
    start()
    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)), \
            pytest.raises(ValidationFailed) as error:
        verification.verification_confirm(activity_key=KEY,
                                          address="Wang.Xiao+poll@Gmail.com", code="123456")
    assert error.value.code == "code_expired"


def test_a_new_code_voids_the_old_one_and_a_code_is_used_once(activity, fixed_code):
    start()
    start()
    with pytest.raises(ValidationFailed):
        verification.verification_confirm(activity_key=KEY,
                                          address="Wang.Xiao+poll@Gmail.com", code="123456")
    verification.verification_confirm(activity_key=KEY, address="Wang.Xiao+poll@Gmail.com",
                                      code="654321")
    with pytest.raises(ValidationFailed) as error:  # replayed
        verification.verification_confirm(activity_key=KEY,
                                          address="Wang.Xiao+poll@Gmail.com", code="654321")
    assert error.value.code == "code_expired"


def test_a_code_is_bound_to_its_activity(activity, fixed_code):
    other = verification.Activity(key="trial:2", title="Other",
                                  organisation=activity.organisation)
    verification.activity_kind_register(
        "trial", lambda pk: {1: activity, 2: other}.get(pk))
    start()
    with pytest.raises(ValidationFailed):
        verification.verification_confirm(activity_key="trial:2",
                                          address="Wang.Xiao+poll@Gmail.com", code="123456")


@pytest.mark.parametrize("address", ["", "not-an-address", "02-2345-6789", "a@b"])
def test_bad_addresses_are_refused_on_the_field(activity, address):
    with pytest.raises(ValidationFailed) as error:
        start(address)
    assert "address" in error.value.details


def test_unknown_activity_is_not_found(db):
    with pytest.raises(NotFound):
        start(key="nothing:1")
    with pytest.raises(NotFound):
        start(key="../etc")


def test_codes_are_rate_limited_per_address(activity, settings, fixed_code):
    settings.MINFU_PARTICIPATION_ADDRESS_RATE = "2/3600"
    start()
    start("wangxiao@gmail.com")  # the same mailbox
    with pytest.raises(RateLimited):
        start("WANG.XIAO@gmail.com")
