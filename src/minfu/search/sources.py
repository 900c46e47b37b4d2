"""The contract between the search index and the apps whose content it finds. No ORM here.

Each app that offers documents to the search lists `Source` values in a module-level
`SOURCES` in `minfu.<app>.search`; `settings.MINFU_SEARCH_SOURCE_MODULES` names those
modules (by name: search sits below the apps it indexes and never imports them). When an
app's service changes something a source offers, it calls
`minfu.search.index.document_changed(source=..., key=...)` inside its transaction, and the
index asks the source for the document again (`None`: take it out of the index)."""

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.conf import settings


@dataclass(frozen=True)
class SearchDocument:
    source: str                       # the Source.code that offers it
    key: str                          # stable within the source (usually the primary key)
    title_zh: str
    title_en: str = ""
    body_zh: str = ""
    body_en: str = ""
    path: str = ""                    # the Chinese page's path; English pages prefix /en
    organisation_id: int | None = None
    unit_id: int | None = None        # staff search: records are seen by unit scope
    public: bool = True               # False: only staff find it (internal answers, records)
    number: str = ""                  # a record number, matched exactly
    kind: str = ""                    # the source's own sub-kind (FAQ, common error, ...)
    published_at: dt.datetime | None = None
    helpful: float = 0.0              # 0..1: helpfulness votes, ranks more helpful first
    visible_from: dt.datetime | None = None   # public only from then on (None: now)
    permission: str = ""              # not public: the action staff need on the unit or
                                      # organisation (e.g. "cases.view"); empty: anyone
                                      # who sees the organisation


@dataclass(frozen=True)
class Source:
    code: str                                             # stored in the index
    label: object                                         # gettext_lazy, shown on results
    documents: Callable[[], Iterable[SearchDocument]]     # every current one (rebuild)
    document: Callable[[str], SearchDocument | None]      # one by key; None: not (any more)
    count: Callable[[], int] | None = None                # how many documents() gives (the
                                                          # rebuild's progress bar)


@cache
def sources() -> dict[str, Source]:
    found: dict[str, Source] = {}
    for module in settings.MINFU_SEARCH_SOURCE_MODULES:
        for source in importlib.import_module(module).SOURCES:
            if source.code in found:
                raise ValueError(f"search source {source.code!r} registered twice")
            found[source.code] = source
    return found


def queryset_source(*, code: str, label: object, queryset: Callable[[], Iterable],
                    to_document: Callable[[object], SearchDocument], key_field: str = "pk",
                    chunk_size: int = 1000) -> Source:
    """A source whose documents are the rows of `queryset()` (a callable, so that each
    call reads afresh), one document per row, keyed by `key_field`: the usual case,
    declared instead of written."""
    from minfu.core.ids import as_id

    def documents():
        for row in queryset().iterator(chunk_size=chunk_size):
            yield to_document(row)

    def document(key: str) -> SearchDocument | None:
        row = queryset().filter(**{key_field: as_id(key)}).first()
        return None if row is None else to_document(row)

    return Source(code=code, label=label, documents=documents, document=document,
                  count=lambda: queryset().count())
