"""PDFs embed the font the package ships: the text extracts as a viewer reads it, in
Chinese and English with digits, and a character outside the font still shows."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from minfu.core import odt, pdf
from tests.pdf_support import pdf_fonts, pdf_text

CHINESE = "申請案件已於中華民國114年3月5日核准，請查照。"
ENGLISH = "Your application KL-1140305-0017 was approved on 2025-03-05."
HEAD = pdf.Letterhead(agency="財政部關務署臺北關", contact=[("地址", "臺北市大同區塔城街13號"),
                                                           ("電話", "(02) 2550-5500")],
                      facts=[("發文字號", "北關業字第1140000123號")])


def _render(*paragraphs, **options) -> bytes:
    return pdf.render(title="處分書", sections=[pdf.Section(paragraphs=paragraphs)], **options)


def test_the_only_font_is_the_bundled_one_embedded_as_a_subset():
    content = _render(CHINESE, ENGLISH, letterhead=HEAD)
    fonts = pdf_fonts(content)
    assert list(fonts.values()) == [True]
    [name] = fonts
    assert name.endswith("+MinfuSansTC-Regular")  # a subset: six-letter tag


def test_chinese_english_and_digits_extract_as_written():
    text = pdf_text(_render(CHINESE, ENGLISH, letterhead=HEAD))
    assert CHINESE in text and ENGLISH in text
    for line in ("財政部關務署臺北關", "北關業字第1140000123號", "(02) 2550-5500"):
        assert line in text


def test_a_character_outside_the_font_falls_back_to_the_reader_cid_font():
    rare = "\u4e28"  # 丨: not in Big5
    assert ord(rare) not in pdf.face().characters
    content = _render(f"王{rare}明")
    assert pdf_fonts(content)["MSung-Light"] is False  # named, supplied by the reader
    assert "王" in pdf_text(content)


def test_a_character_beyond_the_bmp_prints_as_the_geta_mark():
    assert "王〓明" in pdf_text(_render("王\U0002000b明"))


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               max_size=40))
def test_any_text_renders(text):
    assert _render(text, "<b>&amp;</b>").startswith(b"%PDF")


def test_markup_in_text_is_shown_not_obeyed():
    assert "<b>粗體</b> & co" in pdf_text(_render("<b>粗體</b> & co"))


def test_the_odt_twin_carries_the_letterhead():
    import io

    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    document = load(io.BytesIO(odt.render(title="處分書", letterhead=HEAD,
                                          sections=[pdf.Section(paragraphs=[CHINESE])])))
    lines = [teletype.extractText(p) for p in document.getElementsByType(P)]
    assert lines[:3] == ["財政部關務署臺北關", "地址：臺北市大同區塔城街13號", "電話：(02) 2550-5500"]
    assert "發文字號：北關業字第1140000123號" in lines and CHINESE in lines


def test_a_configured_font_file_that_is_missing_is_refused(settings):
    settings.MINFU_PDF_FONT_FILE = "/nowhere/font.ttf"
    with pytest.raises(ImproperlyConfigured):
        _render("x")


def test_a_configured_truetype_font_is_embedded_instead(settings):
    settings.MINFU_PDF_FONT_FILE = str(pdf.BUNDLED_FONT_FILE)
    assert "核准" in pdf_text(_render("核准"))
