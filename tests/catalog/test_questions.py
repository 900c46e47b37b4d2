"""The rules of a service's own questions (pure) and how versions keep them."""

import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from minfu.catalog import questions, selectors, services
from minfu.catalog.models import ServiceQuestion
from minfu.catalog.questions import AnswersRejected, Choice, Question
from minfu.core.errors import Conflict, ValidationFailed
from tests.catalog.factories import content, draft, published, sample_questions

CODES = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
TEXT = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=30)


@st.composite
def question_and_answer(draw):
    """A well-defined question and a valid answer to it, in raw (form) or JSON form."""
    kind = draw(st.sampled_from(list(questions.Kind)))
    code = draw(CODES)
    choices = ()
    low = high = None
    if kind in questions.CHOICE_KINDS:
        codes = draw(st.lists(CODES, min_size=2, max_size=5, unique=True))
        choices = tuple(Choice(c, f"選項{c}", c) for c in codes)
    if kind == questions.Kind.NUMBER:
        low = draw(st.integers(-1000, 1000))
        high = draw(st.integers(low, low + 5000))
    question = Question(code=code, kind=kind, label_zh="問題", choices=choices,
                        min_value=low, max_value=high)
    match kind:
        case questions.Kind.SHORT_TEXT | questions.Kind.LONG_TEXT:
            answer = draw(TEXT)
        case questions.Kind.NUMBER:
            answer = draw(st.integers(low, high))
        case questions.Kind.DATE:
            answer = draw(st.dates(dt.date(1912, 1, 1), dt.date(2100, 12, 31))).isoformat()
        case questions.Kind.SINGLE_CHOICE:
            answer = draw(st.sampled_from(choices)).code
        case questions.Kind.MULTIPLE_CHOICE:
            picked = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
            answer = [c.code for c in choices if c in picked]
        case _:
            answer = draw(st.booleans())
    return question, answer


@given(question_and_answer())
def test_a_valid_answer_round_trips(pair):
    question, answer = pair
    assert questions.question_errors(question) == []
    normalised = questions.normalise_answers([question], {question.code: answer})
    assert normalised == {question.code: answer}
    # Normalising the stored value again changes nothing (the API sends stored values).
    assert questions.normalise_answers([question], normalised) == normalised


@given(st.lists(question_and_answer(), min_size=1, max_size=6,
                unique_by=lambda pair: pair[0].code))
def test_every_missing_required_answer_is_reported_at_once(pairs):
    asked = [pair[0] for pair in pairs]
    with pytest.raises(AnswersRejected) as rejected:
        questions.normalise_answers(asked, {})
    assert set(rejected.value.errors) == {q.code for q in asked}


@given(question_and_answer(), CODES)
def test_an_unknown_choice_is_refused(pair, unknown):
    question, _answer = pair
    if question.kind not in questions.CHOICE_KINDS or unknown in question.choice_codes:
        return
    value = unknown if question.kind == questions.Kind.SINGLE_CHOICE else [unknown]
    with pytest.raises(AnswersRejected) as rejected:
        questions.normalise_answers([question], {question.code: value})
    assert list(rejected.value.errors) == [question.code]


def test_form_strings_are_normalised_and_optional_blanks_left_out():
    asked = sample_questions()
    answers = questions.normalise_answers(asked, {
        "income_year": " 113 ", "purpose": "loan", "copies": "2", "remarks": "  "})
    assert answers == {"income_year": 113, "purpose": "loan", "copies": 2}


def test_numbers_outside_the_range_and_nonsense_are_refused_per_field():
    with pytest.raises(AnswersRejected) as rejected:
        questions.normalise_answers(sample_questions(), {
            "income_year": "99", "purpose": "loan", "copies": "two"})
    assert set(rejected.value.errors) == {"income_year", "copies"}


def test_snapshot_keeps_the_wording_and_the_chosen_labels():
    stored = questions.validate(sample_questions(), {
        "income_year": 113, "purpose": "visa", "copies": 1}).stored
    assert stored["purpose"] == {
        "kind": "single_choice", "label_zh": "用途", "label_en": "Purpose", "value": "visa",
        "choices": [{"code": "visa", "label_zh": "簽證", "label_en": "Visa"}]}
    assert stored["income_year"]["label_zh"] == "所得年度"


@pytest.mark.parametrize("question, fragment", [
    (Question(code="bad code", kind="short_text", label_zh="問"), "code"),
    (Question(code="a", kind="single_choice", label_zh="問",
              choices=(Choice("x", "甲"),)), "two options"),
    (Question(code="a", kind="single_choice", label_zh="問",
              choices=(Choice("x", "甲"), Choice("x", "乙"))), "own code"),
    (Question(code="a", kind="number", label_zh="問", min_value=5, max_value=1), "smallest"),
    (Question(code="a", kind="short_text", label_zh="問", min_value=1), "Only number"),
    (Question(code="a", kind="short_text", label_zh=" "), "Chinese wording"),
    (Question(code="a", kind="guess", label_zh="問"), "kind"),
])
def test_bad_definitions_say_what_is_wrong(question, fragment):
    with translation.override("en"):
        assert any(fragment in problem for problem in questions.question_errors(question))


def test_repeated_codes_are_refused():
    same = Question(code="a", kind="short_text", label_zh="問")
    assert "2:a" in questions.definitions_errors([same, same])


# ----- stored on versions -------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_stores_its_questions_in_order():
    version = draft(questions=sample_questions())
    assert [q.code for q in version.questions.all()] == [
        "income_year", "purpose", "copies", "remarks"]
    assert selectors.version_questions(version) == list(sample_questions())


@pytest.mark.django_db
def test_bad_question_definitions_are_refused_by_the_service():
    with pytest.raises(ValidationFailed) as refused:
        draft(questions=(Question(code="a", kind="single_choice", label_zh="問"),))
    assert "questions" in refused.value.details
    assert not ServiceQuestion.objects.exists()


@pytest.mark.django_db
def test_update_without_questions_keeps_them_and_with_questions_replaces_them():
    version = draft(questions=sample_questions())
    unit = version.responsible_unit
    version = services.service_type_version_update(
        version=version, content=content(unit), expected_version=version.version)
    assert version.questions.count() == 4
    version = services.service_type_version_update(
        version=version, content=content(unit, questions=sample_questions()[:1]),
        expected_version=version.version)
    assert [q.code for q in version.questions.all()] == ["income_year"]


@pytest.mark.django_db
def test_published_questions_cannot_change_and_a_new_draft_copies_them():
    version = published(questions=sample_questions())
    with pytest.raises(Conflict):
        services.service_type_version_update(
            version=version, content=content(version.responsible_unit, questions=()),
            expected_version=version.version)
    assert version.questions.count() == 4
    new = services.service_type_version_new_draft(service_type=version.service_type)
    assert selectors.version_questions(new) == selectors.version_questions(version)
    new = services.service_type_version_update(
        version=new, content=content(version.responsible_unit, questions=()),
        expected_version=new.version)
    assert new.questions.count() == 0 and version.questions.count() == 4
