
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.voice import rules
from minfu.voice.rules import Person, Route


def test_route_picks_lowest_priority_matching_rule():
    routes = [Route(1, unit_id=10, priority=50, category_id=None, keywords=("路燈",)),
              Route(2, unit_id=20, priority=10, category_id=5, keywords=()),
              Route(3, unit_id=30, priority=100, category_id=None, keywords=())]
    assert rules.route(routes, category_id=5, text="路燈不亮").unit_id == 20
    assert rules.route(routes, category_id=6, text="路燈不亮").unit_id == 10
    assert rules.route(routes, category_id=6, text="稅單").unit_id == 30
    assert rules.route(routes[:2], category_id=None, text="稅單") is None


def test_keyword_match_ignores_case_and_width():
    routes = [Route(1, unit_id=10, priority=1, category_id=None, keywords=("VAT",))]
    assert rules.route(routes, category_id=None, text="ｖａｔ refund") is not None


@given(st.text(max_size=200))
def test_similarity_is_one_with_itself_and_symmetric_bounds(text):
    value = rules.similarity(text, text)
    assert value in (0.0, 1.0)
    assert 0.0 <= rules.similarity(text, "路燈") <= 1.0


@given(st.text(max_size=100), st.text(max_size=100))
def test_likeness_is_the_similarity_where_it_reaches_the_threshold(a, b):
    full = rules.similarity(a, b)
    expected = full if full >= rules.SIMILAR_TEXT else 0.0
    assert rules.likeness(rules.folded(a), rules.folded(b)) == expected


def test_same_person():
    assert rules.same_person(Person(id_number="A123456789"), Person(id_number="a123456789"))
    assert rules.same_person(Person(email="A@x.tw"), Person(email="a@x.tw "))
    assert rules.same_person(Person(phone="0912-345-678"), Person(phone="0912345678"))
    assert not rules.same_person(Person(), Person())


@given(st.integers(1, 5))
def test_satisfied_is_four_or_five(score):
    assert rules.is_satisfied(score) == (score >= 4)


def test_satisfaction_rejects_out_of_range():
    with pytest.raises(ValueError):
        rules.is_satisfied(6)


def test_mask_personal_data():
    text = "王小明先生（A123456789，0912345678）您好"
    masked = rules.mask_personal_data(text, name="王小明", id_number="A123456789",
                                      phone="0912345678")
    assert "王小明" not in masked and "A123456789" not in masked and "0912345678" not in masked
    assert "王○明" in masked


@given(st.integers(0, 1000), st.integers(1, 1000))
def test_rate_is_a_percentage(part, whole):
    part = min(part, whole)
    assert 0 <= rules.rate(part, whole) <= 100
