"""What public searches found is kept per process until an entry changes (counts, the
keys of the first pages), and a broad search on PostgreSQL is counted from the planner's
statistics instead of its posting lists."""

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minfu.search import index, selectors, text
from minfu.search.models import Entry
from minfu.search.sources import SearchDocument


def page_of(raw: str, stop: int = 5) -> tuple[int, list[str], list[tuple]]:
    entries = selectors.public_search(text.parse(raw))
    total = selectors.capped_count(entries)
    counts = selectors.source_counts(entries)
    return total, [entry.key for entry in entries[:stop]], counts


def committed():
    """What the commit of the indexing transaction runs (tests never commit): from now on
    searches are kept."""
    index.public_results.bump()


def test_a_search_asked_again_reads_only_its_page_by_key(corpus):
    committed()
    first = page_of("稅")
    with CaptureQueriesContext(connection) as statements:
        again = page_of("稅")
    assert again == first
    assert len(statements) == 1                # the page's entries, by key
    assert "COUNT(" not in statements[0]["sql"].upper()


def test_a_changed_entry_shows_at_once(corpus, monkeypatch):
    committed()
    total, keys, _counts = page_of("護照")
    assert "passport" in keys
    withdrawn = dataclasses.replace(corpus["service"], document=lambda key: None)
    monkeypatch.setitem(corpus, "service", withdrawn)
    index.document_changed(source="service", key="passport")
    total_after, keys_after, _counts = page_of("護照")
    assert "passport" not in keys_after and total_after == total - 1
    committed()
    assert page_of("護照")[:2] == (total_after, keys_after)


def test_a_filtered_search_is_not_kept_as_the_whole(corpus):
    committed()
    whole = page_of("稅")[1]
    entries = selectors.public_search(text.parse("稅")).filter(source="service")
    assert entries.kept_as is None             # a filtered search is another search
    assert [entry.key for entry in entries[:5]] != whole


def test_a_page_of_another_length_is_found_again(corpus):
    committed()
    _total, five, _counts = page_of("稅", 5)
    _total, three, _counts = page_of("稅", 3)
    assert three == five[:3]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_a_search_the_planner_is_sure_is_broad_is_not_counted(corpus, monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    monkeypatch.setattr(selectors, "MAX_RESULTS", 2)
    monkeypatch.setattr(selectors, "SURE_MARGIN", 1)
    entries = selectors.public_search(text.parse("稅"))
    with CaptureQueriesContext(connection) as statements:
        total = selectors.capped_count(entries)
    assert total == 2
    assert not [s for s in statements if "COUNT(" in s["sql"].upper()]
    counts = {code: n for code, _label, n in selectors.source_counts(entries)}
    assert counts and all(1 <= n <= 2 for n in counts.values())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_a_search_the_planner_is_unsure_of_is_counted(corpus):
    assert selectors.capped_count(selectors.public_search(text.parse("護照"))) == len(
        [e for e in Entry.objects.filter(public=True) if "護照" in e.title_zh + e.body_zh])


def test_documents_indexed_in_a_rebuild_are_found(corpus, use_sources):
    committed()
    page_of("稅")
    Entry.objects.all().delete()
    index.source_rebuild(_one_source())
    total, keys, _counts = page_of("稅")
    assert (total, keys) == (1, ["only"])


def _one_source():
    from minfu.search.sources import Source

    document = SearchDocument(source="article", key="only", title_zh="稅", path="/only/")
    return Source(code="article", label="article", documents=lambda: [document],
                  document=lambda key: document)
