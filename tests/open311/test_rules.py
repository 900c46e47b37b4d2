"""The pure rules of the wire format and the attributes, with hypothesis."""

from __future__ import annotations

import datetime as dt
import json
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minfu.catalog.questions import Choice, Question
from minfu.open311 import attributes, wire

TAIPEI = ZoneInfo("Asia/Taipei")
XML_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


# Taiwan kept summer time until 1979: earlier local times may not exist or be ambiguous.
@given(st.datetimes(min_value=dt.datetime(1980, 1, 1), max_value=dt.datetime(9999, 12, 30),
                    timezones=st.just(TAIPEI)))
def test_datetimes_survive_the_wire(moment):
    text = wire.format_datetime(moment, TAIPEI)
    assert text.endswith("+08:00")
    assert wire.parse_datetime(text, TAIPEI) == moment.replace(microsecond=0)


@given(st.text(max_size=30))
def test_parse_datetime_never_raises_anything_but_bad_datetime(text):
    try:
        value = wire.parse_datetime(text, TAIPEI)
    except wire.BadDatetime:
        return
    assert value.tzinfo is not None


@pytest.mark.parametrize("text, expected", [
    ("2026-01-31", dt.datetime(2026, 1, 31, tzinfo=TAIPEI)),
    ("2026-01-31T09:00:00Z", dt.datetime(2026, 1, 31, 17, tzinfo=TAIPEI)),
    ("2026-01-31T09:00", dt.datetime(2026, 1, 31, 9, tzinfo=TAIPEI)),
    ("2026-01-31T09:00:00.5-08:00", dt.datetime(2026, 2, 1, 1, 0, 0, 500000, tzinfo=TAIPEI)),
])
def test_w3c_datetimes(text, expected):
    assert wire.parse_datetime(text, TAIPEI) == expected


@given(st.lists(st.fixed_dictionaries({"code": XML_TEXT, "name": XML_TEXT,
                                       "ok": st.booleans(), "n": st.integers()}),
                max_size=5))
def test_xml_and_json_carry_the_same_values(rows):
    root = ElementTree.fromstring(wire.render("xml", "services", rows))
    assert [element.tag for element in root] == ["service"] * len(rows)
    for element, row in zip(root, rows, strict=True):
        assert (element.find("code").text or "") == row["code"].replace("\r", "\n") or \
            "\r" in row["code"]
        assert element.find("ok").text == ("true" if row["ok"] else "false")
        assert int(element.find("n").text) == row["n"]
    assert json.loads(wire.render("json", "services", rows)) == rows


def test_error_list_from_details():
    assert wire.details_descriptions("Bad.", {"lat": ["One.", "Two."], "retry_after": 3}) == [
        "lat: One.", "lat: Two."]
    assert wire.details_descriptions("Bad.", {}) == ["Bad."]
    assert wire.error_list(403, ["No."]) == [{"code": 403, "description": "No."}]


QUESTIONS = (
    Question(code="a", kind="short_text", label_zh="甲"),
    Question(code="b", kind="long_text", label_zh="乙", required=False),
    Question(code="c", kind="number", label_zh="丙", min_value=1, max_value=9),
    Question(code="d", kind="date", label_zh="丁"),
    Question(code="e", kind="single_choice", label_zh="戊",
             choices=(Choice("x", "叉"), Choice("y", "歪"))),
    Question(code="f", kind="multiple_choice", label_zh="己",
             choices=(Choice("x", "叉"), Choice("y", "歪"))),
    Question(code="g", kind="yes_no", label_zh="庚"),
)


def test_questions_become_attributes_in_order_with_their_datatypes():
    rows = attributes.application_attributes(QUESTIONS, [("person", "P"), ("business", "B")])
    assert [(row.code, row.datatype) for row in rows] == [
        ("a", "string"), ("b", "text"), ("c", "number"), ("d", "datetime"),
        ("e", "singlevaluelist"), ("f", "multivaluelist"), ("g", "singlevaluelist"),
        ("minfu_applicant_id", "string"), ("minfu_applicant_kind", "singlevaluelist"),
        ("minfu_consent", "singlevaluelist")]
    assert [row.order for row in rows] == list(range(1, 11))
    assert rows[4].values == (("x", "叉"), ("y", "歪"))
    assert [key for key, _name in rows[6].values] == ["yes", "no"]
    assert rows[1].required is False and rows[-1].required is True
    assert "1" in rows[2].datatype_description and "9" in rows[2].datatype_description
    one_kind = attributes.application_attributes(QUESTIONS, [("person", "P")])
    assert "minfu_applicant_kind" not in [row.code for row in one_kind]


def test_answers_from_form_fields():
    fields = {"attribute[a]": ["one", "two"], "attribute[f][]": ["x", "y"],
              "attribute[]": ["no"], "attribute[x][y]": ["no"], "lat": ["1"]}
    assert attributes.answers_from_form(fields) == {"a": "two", "f": ["x", "y"]}


def test_question_answers_take_the_day_of_a_datetime_and_lists():
    answers = attributes.question_answers(
        QUESTIONS, {"d": "2026-01-31T20:00:00Z", "f": "x", "zzz": "ignored"}, TAIPEI)
    assert answers == {"d": "2026-02-01", "f": ["x"]}


@given(st.dictionaries(st.text(max_size=20), st.lists(st.text(max_size=10), max_size=3),
                       max_size=8))
def test_answers_from_any_form_never_fail(fields):
    answers = attributes.answers_from_form(fields)
    assert all(isinstance(value, (str, list)) for value in answers.values())
