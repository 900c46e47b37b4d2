"""Template builtins for dates and personal data (no {% load %} needed).

Dates are ROC on Chinese pages and ISO on English pages:
`{{ day|roc_date }}` 114年3月5日 / 2025-03-05; `{{ day|roc_short }}` 114/03/05 / 2025-03-05;
`{{ moment|roc_datetime }}` 114/03/05 14:30 / 2025-03-05 14:30 (local time).
Dates before 1912 have no ROC year and show as ISO. Anything that is not a date gives "".

Masking (see minfu.core.masking): `{{ name|mask_name }}` 王○明, `{{ id|mask_id }}`
A12345****, `{{ phone|mask_phone }}` 0912***678, `{{ email|mask_email }}` w***@example.com.

Typed text inside a sentence: `因{{ reason|clause }}，` drops the full stop, comma or colon
the text ends with (minfu.core.text.clause), so the sentence never reads 。，.
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from minfu.core import masking, roc
from minfu.core import text as texts

register = template.Library()


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _as_date(value):
    if isinstance(value, dt.datetime):
        return _local(value).date()
    return value


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _show_iso(day: dt.date) -> bool:
    return _english() or day < roc.FIRST_ROC_DATE


def _day(value, roc_format) -> str:
    """`value`'s day written by `roc_format` on Chinese pages, ISO otherwise."""
    day = _as_date(value)
    if not isinstance(day, dt.date):
        return ""
    return day.isoformat() if _show_iso(day) else roc_format(day)


@register.filter
def roc_date(value):
    return _day(value, roc.format_roc_long)


@register.filter
def roc_short(value):
    return _day(value, roc.format_roc_slash)


@register.filter
def roc_datetime(value):
    if not isinstance(value, dt.datetime):
        return roc_short(value)
    moment = _local(value)
    if _show_iso(moment.date()):
        return f"{moment.date().isoformat()} {moment:%H:%M}"
    return roc.format_roc_datetime(moment)


register.filter("mask_name", masking.mask_name)
register.filter("mask_id", masking.mask_id)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_email", masking.mask_email)


@register.filter(name="clause")
def clause(value) -> str:
    return texts.clause(value)
