"""schema.org FAQPage structured data for search engines: a `<script
type="application/ld+json">` data block (not executed, so the CSP's script-src does not
apply to it), its JSON escaped so that no `</script>` can close it early. Pure."""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def faq_page(questions: list[tuple[str, str, str]], *, language: str) -> dict:
    """`questions`: (question, answer as text, absolute url) triples."""
    return {
        "@context": "https://schema.org", "@type": "FAQPage", "inLanguage": language,
        "mainEntity": [{"@type": "Question", "name": question, "url": url,
                        "acceptedAnswer": {"@type": "Answer", "text": answer}}
                       for question, answer, url in questions],
    }


def ld_json(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
