"""Numbering of plan nodes, as official documents write it. Pure.

A plan's level says its style; a node's number is its 1-based place among its siblings:
壹、 (formal), 一、, (一), 1., (1)."""

from __future__ import annotations

import re
from enum import StrEnum

_DIGITS = "零一二三四五六七八九"
_FORMAL_DIGITS = "零壹貳參肆伍陸柒捌玖"


class Style(StrEnum):
    FORMAL = "formal"               # 壹、
    CHINESE = "chinese"             # 一、
    CHINESE_PAREN = "chinese_paren"  # (一)
    ARABIC = "arabic"               # 1.
    ARABIC_PAREN = "arabic_paren"   # (1)
    NONE = "none"


def chinese_number(n: int, digits: str = _DIGITS) -> str:
    """1..99 in Chinese numerals: 一, 十, 十一, 二十, 二十一 (壹, 拾, 拾壹 ... in formal)."""
    ten = "拾" if digits is _FORMAL_DIGITS else "十"
    if n < 1 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ""
    if tens:
        text = (digits[tens] if tens > 1 else "") + ten
    if ones:
        text += digits[ones]
    return text


def number(style: str, position: int) -> str:
    style = Style(style)
    if style is Style.FORMAL:
        return chinese_number(position, _FORMAL_DIGITS) + "、"
    if style is Style.CHINESE:
        return chinese_number(position) + "、"
    if style is Style.CHINESE_PAREN:
        return f"({chinese_number(position)})"
    if style is Style.ARABIC:
        return f"{position}."
    if style is Style.ARABIC_PAREN:
        return f"({position})"
    return ""


# The numbers documents put in front of an item: 壹、 一、 (一) 1. 1、 (1) 1) and the
# dotted numbers agencies use for deeper levels (1.1, 1.1.2); full-width forms too.
_LEADING_NUMBER = re.compile(
    r"^\s*("
    r"[壹貳參肆伍陸柒捌玖拾]+、"
    r"|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|\d+(?:[.．]\d+)+[.．、]?"
    r"|\d+[.．、]"
    r"|[（(]\d+[）)]"
    r"|\d+[)）]"
    r")\s*")
_STYLE_OF = [
    (re.compile(r"^[壹貳參肆伍陸柒捌玖拾]+、$"), Style.FORMAL),
    (re.compile(r"^[一二三四五六七八九十]+、$"), Style.CHINESE),
    (re.compile(r"^[（(][一二三四五六七八九十]+[）)]$"), Style.CHINESE_PAREN),
    (re.compile(r"^\d+[.．]$"), Style.ARABIC),
    (re.compile(r"^[（(]\d+[）)]$"), Style.ARABIC_PAREN),
]


def split_number(text: str) -> tuple[str, str]:
    """(the number a document put in front of the text, the text): "1.1 於通關" ->
    ("1.1", "於通關"). A text that is only a number keeps it as its text."""
    text = (text or "").strip()
    match = _LEADING_NUMBER.match(text)
    if match is None or not text[match.end():].strip():
        return "", text
    return match.group(1), text[match.end():].strip()


def strip_number(text: str) -> str:
    """Text without the number a document put in front of it ("1.於通關..." -> "於通關...")."""
    return split_number(text)[1]


def style_of(written: str) -> Style | None:
    """The style that numbers as `written` does (一、 -> chinese); None for numbers no
    style generates (1.1, 1、)."""
    return next((style for pattern, style in _STYLE_OF if pattern.match(written or "")), None)


def with_number(number: str, text: str) -> str:
    """The number and the text as a document writes them: "一、完備", "1.1 於通關"."""
    if not number:
        return text
    tight = f"{number}{text}"
    if number[-1] in "、.．)）" and split_number(tight) == (number, text):
        return tight
    return f"{number} {text}"   # 1.1 and its text, or "1." before a text opening with 5
