from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from minfu.core.errors import Conflict, ValidationFailed
from minfu.participation import selectors, services
from minfu.participation.models import Ballot

from . import factories

pytestmark = pytest.mark.django_db


def options(poll, *texts):
    return [poll.options.get(text=text).pk for text in texts]


def test_a_second_vote_or_a_replay_keeps_the_first_ballot():
    poll = factories.poll()
    person = factories.participant()
    first = services.ballot_cast(poll=poll, participant=person, option_ids=options(poll, "甲"))
    again = services.ballot_cast(poll=poll, participant=person, option_ids=options(poll, "乙"))
    assert first == again and Ballot.objects.count() == 1
    assert [o.text for o in again.options.all()] == ["甲"]


def test_the_same_mailbox_spelt_differently_is_one_voter():
    poll = factories.poll()
    services.ballot_cast(poll=poll, participant=factories.participant("Wang.Xiao@gmail.com"),
                         option_ids=options(poll, "甲"))
    services.ballot_cast(poll=poll, participant=factories.participant("wangxiao+2@gmail.com"),
                         option_ids=options(poll, "乙"))
    assert poll.ballots.count() == 1


def test_single_choice_takes_one_and_multiple_respects_its_maximum():
    single = factories.poll()
    with pytest.raises(ValidationFailed):
        services.ballot_cast(poll=single, participant=factories.participant(),
                             option_ids=options(single, "甲", "乙"))
    multiple = factories.poll(multiple=True, max_choices=2)
    with pytest.raises(ValidationFailed):
        services.ballot_cast(poll=multiple, participant=factories.participant(),
                             option_ids=options(multiple, "甲", "乙", "丙"))
    ballot = services.ballot_cast(poll=multiple, participant=factories.participant(),
                                  option_ids=options(multiple, "甲", "乙"))
    assert ballot.options.count() == 2


def test_options_of_another_poll_are_refused():
    poll, other = factories.poll(), factories.poll()
    with pytest.raises(ValidationFailed):
        services.ballot_cast(poll=poll, participant=factories.participant(),
                             option_ids=[other.options.first().pk])


def test_votes_only_while_open_and_results_hidden_until_close():
    poll = factories.poll(hidden=True)
    services.ballot_cast(poll=poll, participant=factories.participant(),
                         option_ids=options(poll, "甲"))
    assert not poll.results_visible()
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert poll.results_visible()
        with pytest.raises(Conflict):
            services.ballot_cast(poll=poll, participant=factories.participant("x@example.org"),
                                 option_ids=options(poll, "乙"))


def test_results_count_shares_and_intervals():
    poll = factories.poll(multiple=True, hidden=False)
    for index, choice in enumerate([("甲",), ("甲", "乙"), ("乙",), ("甲",)]):
        services.ballot_cast(poll=poll, participant=factories.participant(f"v{index}@e.org"),
                             option_ids=options(poll, *choice))
    results = selectors.poll_results(poll)
    assert results.ballots == 4
    rows = {row.option: row for row in results.rows}
    assert (rows["甲"].count, rows["乙"].count, rows["丙"].count) == (3, 2, 0)
    assert rows["甲"].share == 0.75 and rows["甲"].low < 0.75 < rows["甲"].high
    assert rows["丙"].low == 0.0
