import pytest
from django.utils import timezone

from minfu.metrics import registry
from minfu.metrics.registry import Kind, aggregate
from minfu.org.models import Role
from minfu.participation import metrics, services
from tests.org.factories import UnitFactory, staff_user

from . import factories

pytestmark = pytest.mark.django_db


def value(source, kind):
    today = timezone.localdate()
    return aggregate(kind, list(source(today, today)))


def test_participation_metrics_count_what_happened_today():
    item = factories.consultation()
    poll = factories.poll(organisation=item.organisation)
    manager = staff_user(UnitFactory(organisation=item.organisation), Role.QUALITY_COORDINATOR)
    person = factories.participant()
    adopted, _code = services.comment_submit(consultation=item, participant=person,
                                             body="第一則")
    services.comment_submit(consultation=item, participant=person, body="第二則")
    other, _code = services.comment_submit(consultation=item, body="第三則",
                                           participant=factories.participant("b@e.org"))
    services.ballot_cast(poll=poll, participant=person, option_ids=[poll.options.first().pk])
    services.comment_answer(comment=adopted, actor=manager, answer="採納", verdict="adopted",
                            expected_version=adopted.version)
    services.comment_answer(comment=other, actor=manager, answer="不採納",
                            verdict="not_adopted", expected_version=other.version)
    # One person commenting twice in one consultation is one participation; the ballot
    # is another.
    assert value(metrics.participations, Kind.COUNT) == 3
    assert value(metrics.adoption_rate, Kind.RATIO) == pytest.approx(50)
    # Answered on the day: on time, where the office calendar gave a due date.
    adopted.refresh_from_db()
    expected = None if adopted.answer_due_on is None else pytest.approx(100)
    assert value(metrics.answer_on_time, Kind.RATIO) == expected
    assert value(metrics.activities, Kind.COUNT) == 0  # both opened yesterday


def test_every_metric_is_in_the_registry():
    assert set(registry.metrics()) >= {"participation.participations", "participation.activities",
                     "participation.adoption_rate", "participation.answer_on_time"}
