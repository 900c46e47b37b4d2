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

