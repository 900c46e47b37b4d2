"""Document numbers (發文字號): an agency's pattern, e.g. `北關業字第{year}{serial}號`,
with the ROC year of issue and a yearly serial padded to the agency's digits:
`北關業字第1140000123號`. Pure; the serial is allocated by `services.document_issue`."""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{(\w*)\}")
ALLOWED = frozenset({"year", "serial"})
MIN_DIGITS, MAX_DIGITS = 1, 10


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a pattern, in codes the service translates: empty, not exactly
    one {serial} or one {year} (serials restart each year, so the year keeps numbers
    apart), an unknown placeholder, a lone brace."""
    names = PLACEHOLDER.findall(pattern)
    problems = []
    if not pattern.strip():
        problems.append("empty")
    if names.count("serial") != 1:
        problems.append("serial")
    if names.count("year") != 1:
        problems.append("year")
    if set(names) - ALLOWED:
        problems.append("unknown")
    if "{" in PLACEHOLDER.sub("", pattern) or "}" in PLACEHOLDER.sub("", pattern):
        problems.append("brace")
    return problems


def format_number(pattern: str, *, roc_year: int, serial: int, digits: int) -> str:
    """The document number: {year} is the ROC year (114), {serial} the serial padded
    with zeros to `digits` (more digits when the serial is longer)."""
    if pattern_problems(pattern):
        raise ValueError(f"{pattern!r} is not a document number pattern")
    if serial < 1 or not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise ValueError("the serial starts at 1 and is padded to 1 to 10 digits")
    values = {"year": str(roc_year), "serial": f"{serial:0{digits}d}"}
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], pattern)
