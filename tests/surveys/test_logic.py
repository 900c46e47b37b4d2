"""Pure rules of survey responses: conditions, validation, follow-up triggers."""

from hypothesis import given
from hypothesis import strategies as st

from minfu.surveys import logic
from minfu.surveys.logic import QuestionSpec

QUESTIONS = [
    QuestionSpec("overall", "likert", required=True, is_overall=True),
    QuestionSpec("visit", "single", required=True, options=("yes", "no")),
    QuestionSpec("wait", "likert", required=True, show_if_key="visit", show_if_values=("yes",)),
    QuestionSpec("why", "text", required=True, show_if_key="wait", show_if_values=("1", "2")),
    QuestionSpec("heard", "multiple", options=("web", "tv")),
]


def test_conditional_question_is_required_only_when_shown():
    hidden = logic.check_response(QUESTIONS, {"overall": "4", "visit": "no"})
    assert hidden.ok and hidden.values == {"overall": 4, "visit": "no"}
    shown = logic.check_response(QUESTIONS, {"overall": "4", "visit": "yes"})
    assert shown.errors == {"wait": "required"}


def test_hidden_question_must_not_be_answered():
    checked = logic.check_response(QUESTIONS, {"overall": "4", "visit": "no", "wait": "3"})
    assert checked.errors == {"wait": "hidden"}


def test_chained_conditions():
    checked = logic.check_response(QUESTIONS, {"overall": "2", "visit": "yes", "wait": "1"})
    assert checked.errors == {"why": "required"}
    ok = logic.check_response(QUESTIONS, {"overall": "2", "visit": "yes", "wait": "1",
                                          "why": "排隊太久"})
    assert ok.ok and ok.values["why"] == "排隊太久"


def test_malformed_values_are_refused():
    checked = logic.check_response(QUESTIONS, {"overall": "6", "visit": "maybe",
                                               "heard": ["web", "radio"], "extra": "x"})
    assert checked.errors == {"overall": "invalid", "visit": "invalid", "heard": "invalid",
                              "extra": "unknown"}


def test_multiple_choice_keeps_distinct_options():
    checked = logic.check_response(QUESTIONS, {"overall": "5", "visit": "no",
                                               "heard": ["web", "tv", "web"]})
    assert checked.values["heard"] == ("web", "tv")


def test_definition_errors():
    assert logic.definition_errors([QuestionSpec("a", "single", options=("x",)),
                                    QuestionSpec("b", "text", show_if_key="c",
                                                 show_if_values=("1",))]) == [
        "a: needs at least two options", "b: condition on a question that does not come before"]
    assert logic.definition_errors(QUESTIONS) == []


def test_follow_up_needs_low_overall_and_consent():
    assert logic.is_unsatisfied(QUESTIONS, {"overall": 2})
    assert not logic.is_unsatisfied(QUESTIONS, {"overall": 3, "wait": 1})
    assert not logic.needs_follow_up(unsatisfied=True, consent=False)
    assert logic.needs_follow_up(unsatisfied=True, consent=True)


def test_only_unanswered_drafts_change_in_place():
    assert logic.may_change_in_place(status="draft", has_answers=False)
    assert not logic.may_change_in_place(status="draft", has_answers=True)
    assert not logic.may_change_in_place(status="published", has_answers=False)


raw_value = st.one_of(st.none(), st.text(max_size=5), st.integers(-3, 9).map(str),
                      st.lists(st.sampled_from(["web", "tv", "yes", "no", "zz"]), max_size=3))


@given(st.dictionaries(st.sampled_from(["overall", "visit", "wait", "why", "heard", "x"]),
                       raw_value))
def test_check_response_never_fails_and_keeps_only_valid_visible_values(raw):
    checked = logic.check_response(QUESTIONS, raw)
    shown = logic.visible_keys(QUESTIONS, checked.values)
    assert set(checked.values) <= shown
    assert not set(checked.values) & set(checked.errors)
    for question in QUESTIONS:
        if question.key in shown and question.required and question.key not in checked.values:
            assert not checked.ok
    if checked.ok:
        assert logic.check_response(QUESTIONS, {k: (list(v) if isinstance(v, tuple) else v)
                                                for k, v in checked.values.items()}).ok
