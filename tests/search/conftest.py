import pytest

from minfu.search import index
from minfu.search.sources import sources


@pytest.fixture
def use_sources(settings):
    """Index only the given source modules (the setting is read once per process)."""
    def use(*modules: str):
        settings.MINFU_SEARCH_SOURCE_MODULES = modules
        sources.cache_clear()
    yield use
    sources.cache_clear()


@pytest.fixture
def corpus(db, use_sources):
    """The fixed corpus (tests/search/corpus.yaml), indexed."""
    use_sources("tests.search.corpus_source")
    index.rebuild()
    return sources()


@pytest.fixture(autouse=True)
def fresh_planner_readings():
    """The search keeps the tie order's edges and the sources' shares per process for a
    minute; each test starts without another test's."""
    from minfu.search import selectors

    selectors._edges.clear()
    selectors._shares.clear()
    yield
    selectors._edges.clear()
    selectors._shares.clear()
