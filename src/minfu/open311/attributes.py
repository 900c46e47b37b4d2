"""A service's GeoReport attributes, without the ORM: the service's own questions
(catalog.questions) as attributes with GeoReport datatypes and value lists, the few
attributes Minfu itself needs (consent, the applicant's ID number and kind), and the
answers read back from the `attribute[code]` fields of a POST.

Minfu's own attributes start with `minfu_`, so they never take a question's code."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from minfu.catalog.questions import Kind, Question
from minfu.core.models import pick_language
from minfu.open311.wire import BadDatetime, parse_datetime

CONSENT = "minfu_consent"
APPLICANT_ID = "minfu_applicant_id"
APPLICANT_KIND = "minfu_applicant_kind"
OWN_PREFIX = "minfu_"

DATATYPES = {
    Kind.SHORT_TEXT: "string", Kind.LONG_TEXT: "text", Kind.NUMBER: "number",
    Kind.DATE: "datetime", Kind.SINGLE_CHOICE: "singlevaluelist",
    Kind.MULTIPLE_CHOICE: "multivaluelist", Kind.YES_NO: "singlevaluelist",
}
_FIELD = re.compile(r"^attribute\[([^\[\]]{1,60})\](\[\])?$")
MAX_VALUES = 50  # values of one multivaluelist answer


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    required: bool
    description: str
    order: int
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = ()  # (key, name)
    variable: bool = True

    def as_wire(self) -> dict:
        wire = {"variable": self.variable, "code": self.code, "datatype": self.datatype,
                "required": self.required, "datatype_description": self.datatype_description,
                "order": self.order, "description": self.description}
        if self.values:
            wire["values"] = [{"key": key, "name": name} for key, name in self.values]
        return wire


def _yes_no() -> tuple[tuple[str, str], ...]:
    return (("yes", str(_("Yes"))), ("no", str(_("No"))))


def from_question(question: Question, order: int) -> Attribute:
    if question.kind == Kind.YES_NO:
        values = _yes_no()
    else:
        values = tuple((choice.code, pick_language(choice.label_zh, choice.label_en))
                       for choice in question.choices)
    help_text = pick_language(question.help_zh, question.help_en)
    if question.kind == Kind.NUMBER and (question.min_value is not None
                                         or question.max_value is not None):
        bounds = str(_("A whole number from %(min)s to %(max)s.") % {
            "min": "" if question.min_value is None else question.min_value,
            "max": "" if question.max_value is None else question.max_value})
        help_text = f"{help_text} {bounds}".strip()
    return Attribute(code=question.code, datatype=DATATYPES[Kind(question.kind)],
                     required=question.required,
                     description=pick_language(question.label_zh, question.label_en),
                     order=order, datatype_description=help_text, values=values)


def consent_attribute(order: int, *, required: bool) -> Attribute:
    return Attribute(
        code=CONSENT, datatype="singlevaluelist", required=required, order=order,
        description=str(_("I agree that the agency uses the personal data I give to handle "
                          "this request.")),
        datatype_description=str(_("Required when you give a name, e-mail address or "
                                   "telephone number.")) if not required else "",
        values=(("yes", str(_("I agree"))),))


def applicant_attributes(kinds: Sequence[tuple[str, str]], order: int) -> list[Attribute]:
    """The applicant's ID number, and their kind when the service takes several."""
    attributes = [Attribute(
        code=APPLICANT_ID, datatype="string", required=True, order=order,
        description=str(_("National ID, resident certificate number or unified business "
                          "number of the applicant")))]
    if len(kinds) > 1:
        attributes.append(Attribute(
            code=APPLICANT_KIND, datatype="singlevaluelist", required=True, order=order + 1,
            description=str(_("The applicant is")), values=tuple(kinds)))
    return attributes


def petition_attributes() -> list[Attribute]:
    return [consent_attribute(1, required=False)]


def application_attributes(questions: Iterable[Question],
                           kinds: Sequence[tuple[str, str]]) -> list[Attribute]:
    attributes = [from_question(question, order)
                  for order, question in enumerate(questions, start=1)
                  if not question.code.startswith(OWN_PREFIX)]
    attributes.extend(applicant_attributes(kinds, len(attributes) + 1))
    attributes.append(consent_attribute(len(attributes) + 1, required=True))
    return attributes


def answers_from_form(fields: Mapping[str, list[str]]) -> dict[str, str | list[str]]:
    """`attribute[code]=value` and `attribute[code][]=value` (repeated) fields as
    {code: value or [values]}; other fields are ignored."""
    answers: dict[str, str | list[str]] = {}
    for name, values in fields.items():
        match = _FIELD.match(name)
        if not match:
            continue
        code, many = match.group(1), match.group(2)
        if many:
            answers[code] = list(values)[:MAX_VALUES]
        elif values:
            answers[code] = values[-1]
    return answers


def question_answers(questions: Iterable[Question], answers: Mapping[str, object],
                     tz: dt.tzinfo) -> dict[str, object]:
    """The answers to the service's own questions, as the question rules read them: a
    datetime given for a date question counts by its day; a single value given for a
    multivaluelist is a list of one."""
    result: dict[str, object] = {}
    for question in questions:
        if question.code not in answers:
            continue
        value = answers[question.code]
        if question.kind == Kind.DATE and isinstance(value, str) and "T" in value:
            # Not a datetime: the question's rule says what is wrong with it.
            with contextlib.suppress(BadDatetime):
                value = parse_datetime(value, tz).astimezone(tz).date().isoformat()
        if question.kind == Kind.MULTIPLE_CHOICE and isinstance(value, str):
            value = [value]
        result[question.code] = value
    return result


def is_yes(value) -> bool:
    return isinstance(value, str) and value.strip().lower() in {"yes", "true", "1", "y"}
