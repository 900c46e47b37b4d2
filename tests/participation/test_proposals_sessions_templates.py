"""The default messages of proposals and sessions render with their events' sample
context, in both languages and on both channels (what the staff preview shows)."""

from importlib import import_module

import pytest
from django.template import Context

from minfu.notify.events import EVENT_LABELS, sample_context
from minfu.notify.rendering import compiled

TEMPLATES = import_module(
    "minfu.participation.migrations.0004_proposal_session_templates").TEMPLATES


@pytest.mark.parametrize(("event", "channel"), sorted(TEMPLATES))
def test_every_default_message_renders_with_its_sample(event, channel):
    context = Context(sample_context(event))
    assert event in EVENT_LABELS
    for text in TEMPLATES[event, channel]:
        rendered = compiled(text).render(context)
        assert "{{" not in rendered and "{%" not in rendered
    body_zh = compiled(TEMPLATES[event, channel][1]).render(context)
    assert sample_context(event)["page_url"] in body_zh
