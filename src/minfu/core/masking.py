"""Masking of personal data on public pages and documents (Personal Data Protection Act;
DOMAIN.md "Personal data"). Pure functions that never raise: None gives "", anything else
is read as text.

- names: Chinese-style names keep the first and last character and hide the middle with
  ○ (王小明 → 王○明, 歐陽小明 → 歐○○明); two characters keep the first (王明 → 王○); one
  character is hidden entirely. Names in Latin letters keep the initial of each word
  (John Smith → J*** S****).
- ID numbers hide the last four characters (A123456789 → A12345****).
- phone numbers keep the first four and the last three digits and hide the rest, at least
  three digits (0912345678 → 0912***678); separators stay where they are.
- e-mail addresses keep the first character of the local part and the whole domain, and
  hide the rest behind a fixed *** that does not reveal its length.
"""

import re
import unicodedata

CJK_MASK = "○"
MASK = "*"
ID_HIDDEN_TAIL = 4
PHONE_KEPT_HEAD = 4
PHONE_KEPT_TAIL = 3
PHONE_MIN_HIDDEN = 3
EMAIL_HIDDEN = "***"

_WORD_SEPARATORS = re.compile(r"([\s\-]+)")


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _is_wide(char: str) -> bool:
    # Chinese, Japanese and Korean characters are wide; Latin letters (even accented) are not.
    return unicodedata.east_asian_width(char) in ("W", "F")


def _mask_wide_name(name: str) -> str:
    if len(name) == 1:
        return CJK_MASK
    if len(name) == 2:
        return name[0] + CJK_MASK
    return name[0] + CJK_MASK * (len(name) - 2) + name[-1]


def _mask_word(word: str) -> str:
    return word[:1] + MASK * (len(word) - 1)


def mask_name(value: object) -> str:
    name = _text(value)
    if not name:
        return ""
    if any(_is_wide(char) for char in name):
        return _mask_wide_name("".join(name.split()))
    parts = _WORD_SEPARATORS.split(name)
    # split() with a capture group alternates words and the separators between them.
    return "".join(part if index % 2 else _mask_word(part) for index, part in enumerate(parts))


def mask_id(value: object) -> str:
    number = _text(value)
    visible = max(len(number) - ID_HIDDEN_TAIL, 0)
    return number[:visible] + MASK * (len(number) - visible)


def mask_phone(value: object) -> str:
    phone = _text(value)
    digit_count = sum(char.isdigit() for char in phone)
    spare = digit_count - PHONE_KEPT_HEAD - PHONE_KEPT_TAIL
    hidden = min(max(PHONE_MIN_HIDDEN, spare), digit_count)
    kept_tail = min(PHONE_KEPT_TAIL, digit_count - hidden)
    kept_head = digit_count - hidden - kept_tail
    masked, seen = [], 0
    for char in phone:
        if char.isdigit():
            char = char if seen < kept_head or seen >= kept_head + hidden else MASK
            seen += 1
        masked.append(char)
    return "".join(masked)


def mask_email(value: object) -> str:
    address = _text(value)
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if not at:
        return address[:1] + EMAIL_HIDDEN
    return f"{local[:1]}{EMAIL_HIDDEN}@{domain}"
