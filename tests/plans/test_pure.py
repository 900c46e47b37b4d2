from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.plans import indicators as plan_indicators
from minfu.plans import numbering, workflow
from minfu.plans.indicators import Light, traffic_light
from minfu.records.workflow import StepRefused

# Traffic light --------------------------------------------------------------------------

numbers = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(numbers, numbers, st.decimals(min_value=0, max_value=50, places=2))
def test_light_is_mirrored_by_direction(actual, target, tolerance):
    higher = traffic_light(actual=actual, target=target, direction="higher", tolerance=tolerance)
    lower = traffic_light(actual=-actual, target=-target, direction="lower", tolerance=tolerance)
    assert higher is lower


@given(numbers, numbers)
def test_met_whenever_the_target_is_reached(actual, target):
    light = traffic_light(actual=actual, target=target, direction="higher", tolerance=0)
    assert (light is Light.MET) == (actual >= target)
    assert light is not Light.NEAR


def test_near_within_tolerance_and_unknown_without_values():
    assert traffic_light(actual=93, target=95, direction="higher", tolerance=3) is Light.NEAR
    assert traffic_light(actual=90, target=95, direction="higher", tolerance=3) is Light.MISSED
    assert traffic_light(actual=Decimal("2.5"), target=2, direction="lower",
                         tolerance=1) is Light.NEAR
    assert traffic_light(actual=None, target=95, direction="higher") is Light.UNKNOWN
    assert traffic_light(actual=1, target=None, direction="higher") is Light.UNKNOWN


# Review workflow ------------------------------------------------------------------------

def test_review_workflow_paths():
    machine = workflow.MACHINE
    state = machine.next_state("draft", "submit")
    assert state == workflow.ReviewState.SUBMITTED
    assert machine.next_state(state, "return") == workflow.ReviewState.RETURNED
    assert machine.next_state("returned", "submit") == workflow.ReviewState.SUBMITTED
    assert machine.next_state("submitted", "accept") == workflow.ReviewState.ACCEPTED


@given(st.lists(st.sampled_from(list(workflow.ReviewAction)), max_size=12))
def test_accepted_is_final_and_only_draft_or_returned_is_editable(steps):
    state = workflow.ReviewState.DRAFT
    for step in steps:
        try:
            new = workflow.MACHINE.next_state(state, step)
        except StepRefused:
            assert step not in workflow.MACHINE.allowed_steps(state)
            continue
        assert state != workflow.ReviewState.ACCEPTED
        state = new
    assert workflow.is_editable(state) == (state in {"draft", "returned"})


# Numbering ------------------------------------------------------------------------------

@pytest.mark.parametrize(("style", "position", "expected"), [
    ("formal", 1, "壹、"), ("formal", 7, "柒、"), ("formal", 10, "拾、"),
    ("chinese", 3, "三、"), ("chinese", 11, "十一、"), ("chinese", 21, "二十一、"),
    ("chinese_paren", 4, "(四)"), ("arabic", 2, "2."), ("arabic_paren", 5, "(5)"),
    ("none", 5, ""),
])
def test_numbering_styles(style, position, expected):
    assert numbering.number(style, position) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("一、完備基礎服務項目", "完備基礎服務項目"), ("(二)提供民眾", "提供民眾"),
    ("（三）注重", "注重"), ("1.於通關", "於通關"), ("適時檢視", "適時檢視"),
])
def test_strip_number(text, expected):
    assert numbering.strip_number(text) == expected


# Weights and scores ---------------------------------------------------------------------

achievements = st.one_of(st.none(), st.decimals(min_value=0, max_value=1, places=2))
weights = st.decimals(min_value=Decimal("0.5"), max_value=50, places=1)


@st.composite
def weighted_trees(draw):
    """A random tree (each node's parent an earlier node) with weighted achievements."""
    size = draw(st.integers(1, 12))
    parents = {0: None}
    for node in range(1, size):
        parents[node] = draw(st.integers(0, node - 1))
    weighted = {node: draw(st.lists(st.tuples(weights, achievements), max_size=3))
                for node in parents}
    return parents, weighted


@given(weighted_trees())
def test_node_scores_are_weighted_means_between_0_and_100(tree):
    parents, weighted = tree
    scores = plan_indicators.node_scores(parents, weighted)
    for node, score in scores.items():
        below = [item for other, items in weighted.items() for item in items
                 if _is_under(other, node, parents)]
        assert score.weight == sum((weight for weight, _a in below), Decimal(0))
        known = [reached for _w, reached in below if reached is not None]
        if not known:
            assert score.percent is None
        else:
            assert min(known) * 100 - Decimal("0.1") <= score.percent <= \
                max(known) * 100 + Decimal("0.1")


@given(weighted_trees(), st.integers(2, 5))
def test_scaling_every_weight_keeps_the_scores(tree, factor):
    parents, weighted = tree
    scaled = {node: [(weight * factor, reached) for weight, reached in items]
              for node, items in weighted.items()}
    before = plan_indicators.node_scores(parents, weighted)
    after = plan_indicators.node_scores(parents, scaled)
    assert {node: score.percent for node, score in before.items()} == \
        {node: score.percent for node, score in after.items()}


def _is_under(node, ancestor, parents) -> bool:
    while node is not None:
        if node == ancestor:
            return True
        node = parents[node]
    return False


@pytest.mark.parametrize(("actual", "target", "direction", "light", "expected"), [
    (90, 100, "higher", Light.MISSED, Decimal("0.9")), (120, 100, "higher", Light.MET, 1),
    (2, 4, "lower", Light.MET, 1), (8, 4, "lower", Light.MISSED, Decimal("0.5")),
    (None, None, "higher", Light.NEAR, Decimal("0.5")),
    (None, None, "higher", Light.UNKNOWN, None)])
def test_achievement_of_numbers_and_of_judged_words(actual, target, direction, light, expected):
    assert plan_indicators.achievement(actual=actual, target=target, direction=direction,
                                       light=light) == expected


@pytest.mark.parametrize(("written", "expected"), [
    ("95%", (Decimal(95), "%", "")), ("12件", (Decimal(12), "件", "")),
    ("１,200 人", (Decimal(1200), "人", "")), ("完成系統上線", (None, "", "完成系統上線")),
    ("3.5", (Decimal("3.5"), "", ""))])
def test_targets_are_read_as_numbers_with_their_unit_or_as_words(written, expected):
    assert plan_indicators.read_target(written) == expected
