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


_LEADING_NUMBER = (
    r"^\s*(?:[壹貳參肆伍陸柒捌玖拾]+、|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]"
    r"|\d+[.、．]|[（(]\d+[）)])\s*"
)


def strip_number(text: str) -> str:
    """Text without the number a document put in front of it ("1.於通關..." -> "於通關...")."""
    return re.sub(_LEADING_NUMBER, "", text or "", count=1).strip()
