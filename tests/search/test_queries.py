"""The shared query set (queries.yaml) over the fixed corpus (corpus.yaml): the same
results on SQLite and PostgreSQL (CI runs the suite on both)."""

from pathlib import Path

import pytest
import yaml

from minfu.search import selectors, text

QUERIES = yaml.safe_load(Path(__file__).with_name("queries.yaml").read_text(encoding="utf-8"))


def test_the_set_is_large_enough():
    assert len(QUERIES) >= 60


@pytest.mark.parametrize("case", QUERIES, ids=[str(case["q"]) for case in QUERIES])
def test_query(corpus, case):
    found = [f"{e.source}:{e.key}" for e in selectors.public_search(text.parse(str(case["q"])))]
    if case.get("none"):
        assert found == []
    if "count" in case:
        assert len(found) == case["count"], found
    if "top" in case:
        assert found[:1] == [case["top"]], found
    if "first" in case:
        assert found[:len(case["first"])] == case["first"], found
