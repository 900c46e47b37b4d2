"""Template filters for dates: ROC on Chinese pages, ISO on English pages.
`{{ day|roc_date }}` gives 114年3月5日 / 2025-03-05; `{{ day|roc_short }}` gives 114/03/05."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from minfu.core import roc

register = template.Library()


def _as_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def roc_date(value):
    day = _as_date(value)
    if not isinstance(day, dt.date):
        return ""
    return day.isoformat() if _english() else roc.format_roc_long(day)


@register.filter
def roc_short(value):
    day = _as_date(value)
    if not isinstance(day, dt.date):
        return ""
    return day.isoformat() if _english() else roc.format_roc_slash(day)
