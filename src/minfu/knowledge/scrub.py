"""Removing personal data from text that becomes an article (a published petition reply
turned into an FAQ). Pure: no ORM. Whatever looks like a national ID or resident
certificate number, a telephone number or an e-mail address is masked with the kernel's
helpers (minfu.core.masking); the petitioner's own name and numbers are masked where they
occur (voice.rules.mask_personal_data does that before a reply is published)."""

from __future__ import annotations

import re

from minfu.core.masking import mask_email, mask_id, mask_phone

# A letter and nine digits (身分證字號, 居留證號 of either form: 1/2 or 8/9 second character).
_ID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Da-d0-9]\d{8}(?![A-Za-z0-9])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Mobile 09xx-xxx-xxx and landline (0x)xxxx-xxxx, with or without separators, an area
# code in brackets, or +886.
_PHONE = re.compile(r"(?<!\d)(?:\+886[\s-]?|\(0\d{1,2}\)\s?|0)\d(?:[\s-]?\d){6,9}(?!\d)")


def scrub(text: str) -> str:
    """`text` with every ID number, e-mail address and telephone number masked."""
    text = _EMAIL.sub(lambda match: mask_email(match.group()), text or "")
    text = _ID.sub(lambda match: mask_id(match.group()), text)
    return _PHONE.sub(lambda match: mask_phone(match.group()), text)
