"""The text rules of the search (pure): normalising, tokens, query terms, highlighting and
the query log's removal of personal data."""

import string

from hypothesis import given
from hypothesis import strategies as st

from minfu.search import text

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(ANY_TEXT)
def test_normalising_is_idempotent(value):
    once = text.normalise(value)
    assert text.normalise(once) == once


@given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30))
def test_full_width_forms_fold_to_half_width(value):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in value)
    assert text.normalise(full_width) == text.normalise(value) == value.casefold()


@given(st.text(CJK, min_size=1, max_size=20))
def test_folding_keeps_one_character_for_one(value):
    assert len(text.normalise(value)) == len(value)


@given(st.text(CJK, min_size=1, max_size=12))
def test_every_cjk_query_finds_the_text_it_was_taken_from(value):
    tokens = set(text.index_tokens(f"前文{value}後文"))
    query = text.parse(value)
    assert all(token in tokens for token, _prefix in query.required)


def test_variants_and_simplified_fold_together():
    for a, b in [("臺北", "台北"), ("裡面", "裏面"), ("峯頂", "峰頂"), ("報關", "报关"),
                 ("護照", "护照"), ("遺產稅", "遗产税")]:
        assert text.normalise(a) == text.normalise(b)


def test_tokens_are_unigrams_and_bigrams_of_chinese_and_words_of_the_rest():
    tokens = text.index_tokens("護照 EZWAY-App 15日")
    assert sorted(tokens) == sorted(["护", "护照", "照", "ezway", "app", "15", "日"])


def test_roc_and_ad_years_are_both_indexed():
    assert {"112", "2023"} <= set(text.index_tokens("112年度地價稅"))
    assert {"112", "2023"} <= set(text.index_tokens("自2023年起"))
    assert {"110", "2021"} <= set(text.index_tokens("民國110"))
    assert "2023" not in text.index_tokens("第112號")        # not a year
    assert "112" not in text.index_tokens("電話 5023")         # not a year either


def test_a_long_chinese_run_of_a_query_is_cut_into_words():
    assert [t.text for t in text.parse("台中停車").terms] == ["台", "中", "停车"]
    assert [t.text for t in text.parse("護照").terms] == ["护照"]
    assert text.parse("EZWAY 報關").required == [("ezway", True), ("报关", False)]
    assert text.parse("112").required == [("112", False)]         # numbers are exact


def test_queries_are_cleaned_and_limited():
    assert not text.parse("  %_*'\" ")
    assert text.parse("a\x00b").raw == "a b"
    assert len(text.parse("稅" * 500).raw) == text.MAX_QUERY_CHARS
    assert len(text.parse(" ".join(string.ascii_lowercase)).terms) == text.MAX_TERMS


def test_highlight_marks_matches_in_the_text_as_written_and_escapes_it():
    query = text.parse("台北 ezway")
    assert text.highlight("<b>臺北</b> EZWAY", query) == (
        "&lt;b&gt;<mark>臺北</mark>&lt;/b&gt; <mark>EZWAY</mark>")
    assert text.highlight("ＥＺＷＡＹ", query) == "<mark>ＥＺＷＡＹ</mark>"


def test_highlight_marks_latin_words_and_numbers_where_the_index_matches_them():
    # A word where a word begins with it, a number only whole; Chinese anywhere.
    assert text.highlight("every end, 3e", text.parse("e")) == \
        "<mark>e</mark>very <mark>e</mark>nd, 3e"
    assert text.highlight("2023年 12023 20231", text.parse("2023")) == \
        "<mark>2023</mark>年 12023 20231"
    assert text.highlight("epassport 護照pass", text.parse("pass 護")) == \
        "epassport <mark>護</mark>照<mark>pass</mark>"


def test_snippet_is_cut_around_the_first_match():
    body = "甲" * 200 + "報關" + "乙" * 200
    snippet = text.snippet(body, text.parse("报关"), width=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>報關</mark>" in snippet and len(snippet) < 80


@given(ANY_TEXT)
def test_snippet_never_lets_markup_through(value):
    snippet = text.snippet(value + "<script>", text.parse(value[:5]))
    assert "<script>" not in snippet


def test_the_log_keeps_no_personal_data():
    assert text.without_personal_data("A123456789 護照") == "護照"
    assert text.without_personal_data("電話 0912-345-678 退稅") == "電話 退稅"
    assert text.without_personal_data("(02)2345-6789") == ""
    assert text.without_personal_data("ming@example.tw 報關") == "報關"
    assert text.without_personal_data("卡號 4111111111111111") == "卡號"
    assert text.without_personal_data("112年 2023 EZWAY") == "112年 2023 EZWAY"


# Ranking tokens (the bounded ranking's upper bounds rest on them) ------------------------

RANKED_TEXT = st.text(st.sampled_from("臺台北中市停車費護照申請稅ab12 -"), min_size=1, max_size=30)


def _holds(tokens: set[str], token: str, prefix: bool) -> bool:
    return any(t.startswith(token) for t in tokens) if prefix else token in tokens


@given(RANKED_TEXT, st.data())
def test_a_text_holds_the_needle_tokens_of_every_string_it_contains(value, data):
    compacted = text.compact(text.normalise(value))
    start = data.draw(st.integers(0, len(compacted)))
    needle = compacted[start:data.draw(st.integers(start, len(compacted)))]
    tokens = text.substring_tokens(compacted)
    assert all(_holds(tokens, token, prefix) for token, prefix in text.needle_tokens(needle))


@given(RANKED_TEXT, RANKED_TEXT)
def test_ranking_tokens_mark_the_titles_and_what_the_index_tokens_miss_of_the_texts(title, body):
    title_text, body_text = (text.compact(text.normalise(v)) for v in (title, body))
    tokens = text.index_tokens(f"{title}\n{body}")
    marked = text.ranking_tokens(title_text, body_text, tokens)
    assert {t[1:] for t in marked if t[0] == text.TITLE_MARK} == text.substring_tokens(title_text)
    not_in_texts = {t[1:] for t in marked if t[0] == text.NOT_IN_TEXT_MARK}
    in_texts = {t[1:] for t in marked if t[0] == text.TEXT_MARK} | (set(tokens) - not_in_texts)
    assert in_texts == text.substring_tokens(body_text)


def test_a_word_inside_a_word_and_a_bigram_across_a_space_are_ranking_tokens():
    tokens = text.index_tokens("護照\n臺北 市 epassport")
    marked = set(text.ranking_tokens("护照", text.compact(text.normalise("臺北 市 epassport")),
                                     tokens))
    assert {"^护照", "~北市", "~passport", "!护照"} <= marked
    assert not {"~台北", "!台北", "^台北"} & marked
    assert text.needle_tokens("pass北市") == [("pass", True), ("北市", False)]


def test_a_word_of_one_or_two_characters_is_looked_up_exactly():
    # As a prefix, 1 or e would expand to thousands of index keys.
    assert {"e", "z", "ez", "zw", "y", "ay", "ezway", "way"} <= text.substring_tokens("ezway")
    assert text.needle_tokens("ez北") == [("ez", False), ("北", False)]
    assert text.needle_tokens("1") == [("1", False)]
    assert text.needle_tokens("ezw") == [("ezw", True)]

