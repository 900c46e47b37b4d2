"""Pure rules of survey definitions and responses (no ORM): which questions are shown,
whether a response fits its definition, when a response or rating calls for a follow-up,
and whether a version may still change in place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

LIKERT = "likert"
SINGLE = "single"
MULTIPLE = "multiple"
TEXT = "text"
KINDS = (LIKERT, SINGLE, MULTIPLE, TEXT)
LIKERT_VALUES = (1, 2, 3, 4, 5)
SATISFIED_VALUES = (4, 5)
LOW_VALUES = (1, 2)
MAX_TEXT = 2000


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str
    required: bool = False
    options: tuple[str, ...] = ()
    show_if_key: str = ""
    show_if_values: tuple[str, ...] = ()
    is_overall: bool = False


Value = int | str | tuple[str, ...]


@dataclass
class Checked:
    values: dict[str, Value] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def as_text(value: Value | None) -> tuple[str, ...]:
    """An answer as the strings conditions compare with."""
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return (str(value),)


def definition_errors(questions: Sequence[QuestionSpec]) -> list[str]:
    """What makes a definition unpublishable: duplicate keys, choices without options,
    conditions on unknown or later questions."""
    errors, seen = [], set()
    for question in questions:
        if question.kind not in KINDS:
            errors.append(f"{question.key}: unknown kind")
        if question.key in seen:
            errors.append(f"{question.key}: duplicate key")
        if question.kind in (SINGLE, MULTIPLE) and len(question.options) < 2:
            errors.append(f"{question.key}: needs at least two options")
        if question.show_if_key and question.show_if_key not in seen:
            errors.append(f"{question.key}: condition on a question that does not come before")
        if question.show_if_key and not question.show_if_values:
            errors.append(f"{question.key}: condition without values")
        seen.add(question.key)
    if not questions:
        errors.append("no questions")
    return errors


def visible_keys(questions: Sequence[QuestionSpec], values: Mapping[str, Value]) -> set[str]:
    """Keys of the questions shown for these answers: a conditional question is shown when
    its earlier question is shown and answered with one of the listed values."""
    shown: set[str] = set()
    for question in questions:
        if question.show_if_key:
            if question.show_if_key not in shown:
                continue
            answered = as_text(values.get(question.show_if_key))
            if not set(answered) & set(question.show_if_values):
                continue
        shown.add(question.key)
    return shown


def _clean_one(question: QuestionSpec, raw) -> Value | None:
    """The value of one raw answer, None when empty; ValueError when malformed."""
    if question.kind == MULTIPLE:
        items = raw if isinstance(raw, list | tuple) else ([] if raw in (None, "") else [raw])
        items = tuple(dict.fromkeys(str(item) for item in items if str(item).strip()))
        if any(item not in question.options for item in items):
            raise ValueError("unknown option")
        return items or None
    if isinstance(raw, list | tuple):
        raw = raw[0] if len(raw) == 1 else (None if not raw else "")
        if raw == "":
            raise ValueError("one value expected")
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if question.kind == LIKERT:
        if not text.isdigit() or int(text) not in LIKERT_VALUES:
            raise ValueError("scale value out of range")
        return int(text)
    if question.kind == SINGLE:
        if text not in question.options:
            raise ValueError("unknown option")
        return text
    if len(text) > MAX_TEXT:
        raise ValueError("too long")
    return text


def check_response(questions: Sequence[QuestionSpec], raw: Mapping[str, object]) -> Checked:
    """Validate raw answers (key → value or list) against the definition. Hidden
    questions must be left unanswered and are never required; unknown keys are refused."""
    checked = Checked()
    by_key = {question.key: question for question in questions}
    for key in raw:
        if key not in by_key:
            checked.errors[key] = "unknown"
    for question in questions:
        try:
            value = _clean_one(question, raw.get(question.key))
        except ValueError:
            checked.errors[question.key] = "invalid"
            continue
        if value is not None:
            checked.values[question.key] = value
    shown = visible_keys(questions, checked.values)
    for question in questions:
        answered = question.key in checked.values
        if question.key not in shown and answered:
            checked.errors[question.key] = "hidden"
        elif question.key in shown and question.required and not answered and \
                question.key not in checked.errors:
            checked.errors[question.key] = "required"
    for key in checked.errors:
        checked.values.pop(key, None)
    return checked


def is_unsatisfied(questions: Sequence[QuestionSpec], values: Mapping[str, Value]) -> bool:
    """An overall-satisfaction question answered 1 or 2 (or, when no question is
    flagged overall, any scale answer of 1 or 2)."""
    overall = [q for q in questions if q.kind == LIKERT and q.is_overall]
    scale = overall or [q for q in questions if q.kind == LIKERT]
    return any(values.get(q.key) in LOW_VALUES for q in scale)


def needs_follow_up(*, unsatisfied: bool, consent: bool) -> bool:
    """A follow-up only when the citizen is unhappy and agreed to be contacted."""
    return unsatisfied and consent


def may_change_in_place(*, status: str, has_answers: bool) -> bool:
    """A version changes in place only while it is a draft nobody has answered."""
    return status == "draft" and not has_answers
