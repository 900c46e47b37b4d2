"""Bilingual content: the page's language picks the text, Chinese when English is missing."""

from dataclasses import dataclass

from django.utils import translation

from minfu.core.models import Bilingual


@dataclass
class Notice:
    title_zh: str
    title_en: str

    title = Bilingual()


def test_the_english_text_on_english_pages_when_there_is_one():
    notice = Notice("停電公告", "Power outage")
    with translation.override("en"):
        assert notice.title == "Power outage"
        assert Notice("停電公告", "").title == "停電公告"
    with translation.override("zh-hant"):
        assert notice.title == "停電公告"


def test_the_attribute_reads_whatever_was_saved_last():
    notice = Notice("舊", "old")
    notice.title_zh = "新"
    with translation.override("zh-hant"):
        assert notice.title == "新"
    assert isinstance(Notice.title, Bilingual)


def test_a_choice_label_follows_the_language_of_each_call():
    from minfu.voice.models import Petition, PetitionState

    petition = Petition(state=PetitionState.CLOSED)
    with translation.override("en"):
        assert petition.get_state_display() == "Closed"
    with translation.override("zh-hant"):
        assert petition.get_state_display() == str(PetitionState.CLOSED.label)
        assert petition.get_state_display() != "Closed"


def test_a_value_outside_the_choices_shows_as_itself():
    from minfu.voice.models import Petition

    assert Petition(state="lost").get_state_display() == "lost"
