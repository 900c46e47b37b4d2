"""The assistance-needs declaration every record kind shares (records.assistance)."""

from hypothesis import given
from hypothesis import strategies as st

from minfu.records.assistance import Assistance, AssistanceNeed, notice_events

codes = st.lists(st.sampled_from(AssistanceNeed.values))


@given(codes, st.text(max_size=20), st.text(max_size=20))
def test_of_keeps_known_codes_once_in_the_declared_order(needs, language, note):
    assistance = Assistance.of(needs, language, note)
    assert list(assistance.needs) == [code for code in AssistanceNeed.values if code in needs]
    assert assistance.language == language.strip() and assistance.note == note.strip()
    assert len(assistance.labels) == len(assistance.needs)


@given(codes)
def test_easy_read_notices_try_the_variant_first_then_the_usual_text(needs):
    events = notice_events("case.decided", Assistance.of(needs))
    assert events[-1] == "case.decided"
    assert (events[0] == "case.decided.easy_read") == (AssistanceNeed.EASY_READ in needs)


def test_an_interpreter_needs_a_language_and_other_needs_a_note():
    errors = Assistance.of(["interpreter", "other"]).errors()
    assert set(errors) == {"assistance_language", "assistance_note"}
    assert Assistance.of(["interpreter"], "Tiếng Việt").errors() == {}
    assert "assistance_needs" in Assistance.of().errors(given=["teleport"])


def test_nothing_declared_is_falsy():
    assert not Assistance.of()
    assert Assistance.of(note="請安排一樓櫃檯")
