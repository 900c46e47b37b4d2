"""The embedded font has a glyph for every character the platform itself writes into
documents: the default document wordings, the default message templates, the Chinese
translations of the interface (the labels of every document) and the demo data (the
demo modules and the plan data they import). A character missing here would print in
the fallback font, or as a box in a viewer without CJK fonts."""

from pathlib import Path

import pytest

from minfu.core import pdf
from minfu.documents.kinds import DEFAULTS, SAMPLES
from minfu.notify.models import MessageTemplate

SRC = Path(pdf.__file__).resolve().parent.parent
# The search demo's queries (simplified characters a citizen typed) never reach a document.
NOT_PRINTED = {SRC / "search" / "demo.py"}
SOURCES = [*sorted(set(SRC.glob("*/demo.py")) - NOT_PRINTED), *sorted(SRC.glob("plans/data/*.csv")),
           SRC / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po",
           SRC / "notify" / "events.py"]


def missing(text: str) -> set[str]:
    return pdf.face().lacks(text)


def test_the_sources_are_there():
    assert all(path.is_file() for path in SOURCES) and len(SOURCES) > 8


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_every_character_of_the_demo_data_and_the_translations(path):
    assert missing(path.read_text(encoding="utf-8")) == set()


def test_every_character_of_the_default_wordings_and_their_sample_values():
    texts = [str(value) for wording in DEFAULTS.values() for value in vars(wording).values()]
    texts += [str(value) for sample in SAMPLES.values() for value in sample.values()]
    assert missing("".join(texts)) == set()


@pytest.mark.django_db
def test_every_character_of_the_default_message_templates():
    texts = MessageTemplate.objects.filter(organisation__isnull=True).values_list(
        "subject_zh", "body_zh", "subject_en", "body_en")
    assert missing("".join("".join(row) for row in texts)) == set()


def test_common_characters_of_names_and_addresses_are_there():
    assert missing("臺台灣鄉鎮區里鄰巷弄號樓之〇○－—·、「」『』（）％＠") == set()
