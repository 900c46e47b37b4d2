import io

from odf import teletype
from odf.opendocument import load
from odf.table import TableHeaderRows, TableRow
from odf.text import H, P

from minfu.core import odt, pdf

SECTIONS = [pdf.Section(heading="壹、依據", facts=[("日期", "114年3月5日")],
                        paragraphs=["第一段"], table=[["單位", "期限"], ["業務一組", "每季"]],
                        items=["辦理訓練"], closing=["結語"])]


def test_odt_has_the_sections_in_order_with_the_table_header_marked():
    document = load(io.BytesIO(odt.render(title="計畫", sections=SECTIONS, column_width="3cm")))
    assert [teletype.extractText(h) for h in document.getElementsByType(H)] == ["壹、依據"]
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(P)]
    assert paragraphs[:3] == ["計畫", "日期: 114年3月5日", "第一段"]
    assert paragraphs[-2:] == ["1. 辦理訓練", "結語"]
    header = document.getElementsByType(TableHeaderRows)[0]
    assert teletype.extractText(header) == "單位期限"
    assert len(document.getElementsByType(TableRow)) == 2


def test_pdf_renders_tables_upright_and_wide():
    for wide in (False, True):
        assert pdf.render(title="計畫", sections=SECTIONS, wide=wide).startswith(b"%PDF")
