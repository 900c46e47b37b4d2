import pytest
from django.utils import translation


@pytest.fixture
def tag_translations(monkeypatch):
    """Make gettext prefix every string with the active language, so a test can see which
    language a lazy message was translated into without a compiled catalogue."""
    monkeypatch.setattr(
        translation._trans, "gettext", lambda text: f"[{translation.get_language()}] {text}"
    )


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the English msgids; tests about Chinese pages override again."""
    with translation.override("en"):
        yield
