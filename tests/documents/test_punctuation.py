"""No default text says 。， or 。。: every default message template (notify) and every
default document wording (documents.kinds), filled in with typical values, free text
given both with and without its own full stop."""

import re

import pytest

from minfu.documents.kinds import BLOCKS, DEFAULTS, SAMPLES
from minfu.notify.events import sample_context
from minfu.notify.models import MessageTemplate
from minfu.notify.rendering import render_text

pytestmark = pytest.mark.django_db

MARKS = "。，、；：！？"
# Two sentence or clause marks in a row (spaces between them too), Chinese or mixed.
DOUBLED = re.compile(rf"[{MARKS}]\s*[{MARKS}]|[{MARKS}][,.;:](?!\d)|[,.;:]\s*[{MARKS}]")
# Text people type: it may or may not end with its own full stop.
FREE_TEXT = ("note", "reason", "reply_text", "remedies", "legal_basis", "ground")


def doubled(text: str) -> list[str]:
    return [match.group() for match in DOUBLED.finditer(text)]


def test_the_check_finds_what_it_should_and_nothing_else():
    assert doubled("請補正。，謝謝") == ["。，"]
    assert doubled("理由：。") == ["：。"]
    assert doubled("完成。。") == ["。。"]
    assert doubled("完成，。") == ["，。"]
    assert doubled("於 08:00 完成。https://x.tw/a?b=1，謝謝。") == []
    assert doubled("Done. 完成。") == []


def _variants(context: dict) -> list[dict]:
    """The context as it is, and with every free text ending in 。 or without one."""
    def with_ending(ending: str) -> dict:
        changed = dict(context)
        for name in FREE_TEXT:
            if isinstance(changed.get(name), str) and changed[name]:
                changed[name] = changed[name].rstrip("。") + ending
        if "missing_items" in changed:
            changed["missing_items"] = [item | {"note": item["note"] + ending}
                                        if item.get("note") else item
                                        for item in changed["missing_items"]]
        return changed
    return [context, with_ending("。"), with_ending("")]


def _defaults():
    return list(MessageTemplate.objects.filter(organisation__isnull=True,
                                               service_type__isnull=True))


def test_there_are_default_message_templates():
    assert len(_defaults()) >= 10


def test_no_default_message_template_doubles_its_punctuation():
    found = {}
    for template in _defaults():
        for language, subject, body in (("zh-hant", template.subject_zh, template.body_zh),
                                        ("en", template.subject_en, template.body_en)):
            for context in _variants(sample_context(template.event)):
                for text in (subject, body):
                    problems = doubled(render_text(text, context, language))
                    if problems:
                        found[(template.event, template.channel, language)] = problems
    assert found == {}


@pytest.mark.parametrize("kind", list(DEFAULTS))
def test_no_default_document_wording_doubles_its_punctuation(kind):
    wording = DEFAULTS[kind]
    for language, suffix in (("zh-hant", "zh"), ("en", "en")):
        for context in _variants(SAMPLES[kind]) + _variants(SAMPLES[kind] | {
                "previous_due_on": None}):
            for block in BLOCKS:
                text = render_text(getattr(wording, f"{block}_{suffix}"), context, language)
                assert doubled(text) == [], (kind, block, language, text)
