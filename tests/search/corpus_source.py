"""A search source for tests: the fixed corpus of tests/search/corpus.yaml, offered as
three sources (service, reply, article), like the apps' `search.py` modules do."""

import datetime as dt
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from minfu.search.sources import SearchDocument, Source

CORPUS = Path(__file__).with_name("corpus.yaml")
TAIPEI = ZoneInfo("Asia/Taipei")
CODES = ("service", "reply", "article")


@cache
def corpus() -> tuple[SearchDocument, ...]:
    documents = []
    for row in yaml.safe_load(CORPUS.read_text(encoding="utf-8")):
        published = row.get("published")
        documents.append(SearchDocument(
            source=row["source"], key=row["key"], title_zh=row["title_zh"],
            title_en=row.get("title_en", ""), body_zh=row.get("body_zh", ""),
            body_en=row.get("body_en", ""), path=f"/corpus/{row['source']}/{row['key']}/",
            organisation_id=row.get("organisation_id"), public=row.get("public", True),
            kind=row["source"], helpful=row.get("helpful", 0.0),
            published_at=dt.datetime.combine(published, dt.time(9), tzinfo=TAIPEI)
            if isinstance(published, dt.date) else None))
    return tuple(documents)


def _source(code: str) -> Source:
    def documents():
        return [d for d in corpus() if d.source == code]

    def document(key: str):
        return next((d for d in documents() if d.key == key), None)

    return Source(code=code, label=code.title(), documents=documents, document=document)


SOURCES = [_source(code) for code in CODES]
