"""On PostgreSQL a page of results ranks only a bounded set of candidates
(selectors.bounded_top): it must give exactly what ranking every match gives. Forced here
with windows of two entries over the shared corpus, for every query of the shared set,
once with the top tiers read whole (the corpus is small) and once with none read whole
(the windows alone)."""

import pytest
from django.db import connection

from minfu.search import selectors, text
from tests.search.test_queries import QUERIES

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the bounded ranking is PostgreSQL's")


@pytest.fixture(params=[selectors.TIER_SIZE, 0], ids=["tiers", "windows"])
def tiny_windows(monkeypatch, request):
    monkeypatch.setattr(selectors, "TIER_SIZE", request.param)
    monkeypatch.setattr(selectors, "RANK_WHOLE_BELOW", 0)
    monkeypatch.setattr(selectors, "WINDOW", 2)
    windows = []
    edge = selectors._static_edge
    monkeypatch.setattr(selectors, "_static_edge", lambda alias, size: windows.append(size) or edge(alias, size))
    return windows


@pytest.mark.parametrize("case", QUERIES, ids=[str(case["q"]) for case in QUERIES])
def test_a_page_is_what_ranking_every_match_gives(corpus, tiny_windows, case):
    ranked = selectors.public_search(text.parse(str(case["q"])))
    every = [(entry.pk, entry.score) for entry in ranked.plain()]
    for start, stop in ((0, 1), (0, 3), (0, 20), (2, 5)):
        page = ranked.filter()[start:stop]
        assert [(entry.pk, entry.score) for entry in page] == every[start:stop]
    if every and selectors.may_bound(text.parse(str(case["q"]))):
        assert tiny_windows and tiny_windows[0] == 2     # the bounded path ran


def test_a_page_of_one_source_and_of_a_staff_search_are_bounded_alike(corpus, tiny_windows):
    ranked = selectors.public_search(text.parse("稅")).filter(source="article")
    assert [e.pk for e in ranked[:5]] == [e.pk for e in ranked.plain()[:5]]
    assert tiny_windows


def test_values_of_a_search_slice_as_values(corpus, tiny_windows):
    ranked = selectors.public_search(text.parse("稅"))
    keys = list(ranked.values_list("key", flat=True)[:5])
    assert keys == [entry.key for entry in ranked.plain()[:5]]


def test_a_small_top_tier_is_read_whole_and_gives_the_page(corpus, monkeypatch):
    monkeypatch.setattr(selectors, "RANK_WHOLE_BELOW", 0)
    monkeypatch.setattr(selectors, "WINDOW", 2)
    read = []
    ranked_read = selectors._read_ranked
    monkeypatch.setattr(selectors, "_read_ranked",
                        lambda plain, ranks: read.append(ranks) or ranked_read(plain, ranks))
    ranked = selectors.public_search(text.parse("實名認證"))
    page = [(entry.pk, entry.score) for entry in ranked[:2]]
    assert read and page == [(entry.pk, entry.score) for entry in ranked.plain()[:2]]


def test_a_word_of_two_characters_is_read_in_the_tie_order(corpus, monkeypatch):
    monkeypatch.setattr(selectors, "RANK_WHOLE_BELOW", 0)
    query = text.parse("護照")
    assert selectors._bound_is_exact(query)
    assert not selectors._bound_is_exact(text.parse("護照申請"))
    assert not selectors._bound_is_exact(text.parse("護照!"))
    assert selectors._bound_is_exact(text.parse("ez")) and selectors.may_bound(text.parse("1"))
    assert not selectors.may_bound(text.parse("ezw"))       # a prefix: ranked whole
    assert not selectors.may_bound(text.parse("1 稅"))      # a short word is in most texts
    read = []
    in_tie_order = selectors._first_in_tie_order
    monkeypatch.setattr(selectors, "_first_in_tie_order",
                        lambda tier, k: read.append(k) or in_tie_order(tier, k))
    ranked = selectors.public_search(query)
    for k in (1, 3):
        page = [(entry.pk, entry.score) for entry in ranked.filter()[:k]]
        assert page == [(entry.pk, entry.score) for entry in ranked.plain()[:k]]
    assert read == [1, 3]
