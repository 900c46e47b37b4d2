"""Control characters in text people send. NUL and the other C0 controls (all but tab,
line feed and carriage return) never belong in anything a person types: PostgreSQL
refuses NUL in text and JSON, and XML, so XLSX and ODS, cannot hold any of them. Input
that contains one is refused (minfu.web.middleware, minfu.api.parsers); text already
stored is written to spreadsheets without them (minfu.core.sheets)."""

import re

from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# How a refusal reads, for pages and the API alike.
CONTROL_CHARACTER_CODE = "control_character"
CONTROL_CHARACTER_MESSAGE = _("The request contains a control character (such as NUL), "
                              "which no field accepts.")


def has_control_character(value) -> bool:
    """Whether `value`, a string or any nesting of lists and dicts (keys included) of
    them, holds a control character."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(has_control_character(key) or has_control_character(item)
                   for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_control_character(item) for item in value)
    return False


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


# What a typed text may end with that a sentence around it would double: 。， 。. ：。
CLAUSE_ENDINGS = "。．.，,；;：:、 \t\r\n"


def clause(text) -> str:
    """Typed text to set inside a sentence: without the full stop, comma or colon it may
    end with, so that "因{{ reason|clause }}，" never reads 。，."""
    return str(text if text is not None else "").rstrip(CLAUSE_ENDINGS)
