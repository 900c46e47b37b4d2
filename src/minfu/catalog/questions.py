"""The rules of a service's own questions, without the ORM: is a question well defined,
and are a set of answers acceptable. Used by the catalogue services (definitions), the
application forms, the counter intake and the API (answers), so one set of rules holds.

Answers are normalised to JSON values: text stripped, numbers as int, dates as ISO
strings, a single choice as its code, several choices as a list of codes in the order
the question lists them, yes/no as a bool. An unanswered optional question is left out.
`snapshot` adds the question's label (and the labels of the chosen options) to each
answer, so a later version that renames a question does not change what was asked."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from minfu.core.models import INTEGER_MAX, INTEGER_MIN

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
MAX_TEXT = {"short_text": 200, "long_text": 4000}
_TRUE = frozenset({"true", "yes", "1", "on", "y"})
_FALSE = frozenset({"false", "no", "0", "off", "n"})


class Kind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"


CHOICE_KINDS = frozenset({Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE})


@dataclass(frozen=True)
class Choice:
    code: str
    label_zh: str
    label_en: str = ""


@dataclass(frozen=True)
class Question:
    code: str
    kind: str
    label_zh: str
    label_en: str = ""
    help_zh: str = ""
    help_en: str = ""
    required: bool = True
    choices: tuple[Choice, ...] = ()
    min_value: int | None = None
    max_value: int | None = None

    @property
    def choice_codes(self) -> tuple[str, ...]:
        return tuple(choice.code for choice in self.choices)


class AnswersRejected(Exception):
    """Some answers were not acceptable; `errors` maps a question code to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


# ----- definitions -----------------------------------------------------------------------

def question_errors(question: Question) -> list[str]:
    """What is wrong with one question's definition (empty when it is fine)."""
    errors = []
    if not CODE_PATTERN.match(question.code or ""):
        errors.append(str(_("The code uses letters, digits, hyphens and underscores only "
                            "(at most 40).")))
    if question.kind not in Kind.__members__.values():
        errors.append(str(_("Choose the kind of answer.")))
    if not question.label_zh.strip():
        errors.append(str(_("The question needs a Chinese wording.")))
    if question.kind in CHOICE_KINDS:
        codes = question.choice_codes
        if len(codes) < 2:
            errors.append(str(_("A choice question needs at least two options.")))
        if len(set(codes)) != len(codes) or not all(CODE_PATTERN.match(c or "") for c in codes):
            errors.append(str(_("Each option needs its own code (letters, digits, hyphens, "
                                "underscores).")))
        if any(not choice.label_zh.strip() for choice in question.choices):
            errors.append(str(_("Each option needs a Chinese label.")))
    elif question.choices:
        errors.append(str(_("Only choice questions have options.")))
    if question.kind != Kind.NUMBER and (question.min_value is not None
                                         or question.max_value is not None):
        errors.append(str(_("Only number questions have a smallest or largest number.")))
    if any(limit is not None and not INTEGER_MIN <= limit <= INTEGER_MAX
           for limit in (question.min_value, question.max_value)):
        errors.append(str(_("The smallest and largest numbers must lie between %(min)d and "
                            "%(max)d.") % {"min": INTEGER_MIN, "max": INTEGER_MAX}))
    elif (question.min_value is not None and question.max_value is not None
            and question.min_value > question.max_value):
        errors.append(str(_("The smallest number is larger than the largest.")))
    return errors


def definitions_errors(questions: Sequence[Question]) -> dict[str, list[str]]:
    """Errors per question code (its position when the code is blank or repeated)."""
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for position, question in enumerate(questions, start=1):
        problems = question_errors(question)
        if question.code in seen:
            problems.append(str(_("Another question has the same code.")))
        seen.add(question.code)
        if problems:
            errors[f"{position}:{question.code}"] = problems
    return errors


# ----- answers ---------------------------------------------------------------------------

def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset)):
        return not value
    return False


def _text(question: Question, value):
    if not isinstance(value, str):
        raise ValueError(_("Enter text."))
    value = value.strip()
    if len(value) > MAX_TEXT[question.kind]:
        raise ValueError(_("Keep the answer within %(limit)d characters.")
                         % {"limit": MAX_TEXT[question.kind]})
    return value


def _number(question: Question, value):
    if isinstance(value, bool):
        raise ValueError(_("Enter a whole number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d{1,15}", text):
            raise ValueError(_("Enter a whole number."))
        value = int(text)
    if not isinstance(value, int):
        raise ValueError(_("Enter a whole number."))
    if question.min_value is not None and value < question.min_value:
        raise ValueError(_("Enter %(limit)d or more.") % {"limit": question.min_value})
    if question.max_value is not None and value > question.max_value:
        raise ValueError(_("Enter %(limit)d or less.") % {"limit": question.max_value})
    return value


def _date(question: Question, value):
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(_("Enter a valid date.")) from None
    if not isinstance(value, dt.date):
        raise ValueError(_("Enter a valid date."))
    return value.isoformat()


def _single(question: Question, value):
    if not isinstance(value, str) or value not in question.choice_codes:
        raise ValueError(_("Choose one of the options given."))
    return value


def _multiple(question: Question, value):
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, (list, tuple, set, frozenset)) or not all(
            isinstance(item, str) for item in values):
        raise ValueError(_("Choose among the options given."))
    unknown = set(values) - set(question.choice_codes)
    if unknown:
        raise ValueError(_("Choose among the options given."))
    return [code for code in question.choice_codes if code in set(values)]


def _yes_no(question: Question, value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(_("Answer yes or no."))


_NORMALISERS = {Kind.SHORT_TEXT: _text, Kind.LONG_TEXT: _text, Kind.NUMBER: _number,
                Kind.DATE: _date, Kind.SINGLE_CHOICE: _single,
                Kind.MULTIPLE_CHOICE: _multiple, Kind.YES_NO: _yes_no}


def normalise_answers(questions: Sequence[Question], raw: Mapping) -> dict:
    """{code: normalised value} for the answered questions, or AnswersRejected with the
    errors of every question at once. Answers to questions not asked are ignored."""
    answers: dict = {}
    errors: dict[str, list[str]] = {}
    for question in questions:
        value = raw.get(question.code)
        if _blank(value):
            if question.required and question.kind != Kind.YES_NO:
                errors[question.code] = [str(_("Answer this question."))]
            elif question.required:
                errors[question.code] = [str(_("Answer yes or no."))]
            continue
        try:
            answers[question.code] = _NORMALISERS[Kind(question.kind)](question, value)
        except ValueError as problem:
            errors[question.code] = [str(problem.args[0])]
    if errors:
        raise AnswersRejected(errors)
    return answers


def snapshot(questions: Sequence[Question], answers: Mapping) -> dict:
    """The answers as stored on a case: each with the wording it was asked in."""
    stored = {}
    for question in questions:
        if question.code not in answers:
            continue
        value = answers[question.code]
        entry = {"kind": question.kind, "label_zh": question.label_zh,
                 "label_en": question.label_en, "value": value}
        if question.kind in CHOICE_KINDS:
            chosen = value if isinstance(value, list) else [value]
            entry["choices"] = [{"code": c.code, "label_zh": c.label_zh, "label_en": c.label_en}
                                for c in question.choices if c.code in chosen]
        stored[question.code] = entry
    return stored


@dataclass(frozen=True)
class Validated:
    answers: dict = field(default_factory=dict)
    stored: dict = field(default_factory=dict)


def validate(questions: Sequence[Question], raw: Mapping) -> Validated:
    """Normalise and snapshot in one step (AnswersRejected when something is wrong)."""
    answers = normalise_answers(questions, raw)
    return Validated(answers=answers, stored=snapshot(questions, answers))
