"""`{% load opendata %}`: `{{ text|codes }}` marks the values a dataset stores as codes
(on_time, working_days: lower-case words in a field's description) as code, so that
readers and screen readers take them for what they are."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

CODE = re.compile(r"\b[a-z][a-z0-9_]*\b")


@register.filter
def codes(text) -> str:
    return mark_safe(CODE.sub(lambda match: f"<code>{match.group(0)}</code>",  # noqa: S308
                              escape(str(text or ""))))
