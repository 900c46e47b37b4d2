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


MERGED_TABLE = [["構面", "指標", "作法"],
                ["一、基礎", "1.流程", "甲"],
                [pdf.MERGED, pdf.MERGED, "乙"],
                [pdf.MERGED, "2.資訊", "丙"],
                ["二、量能", "", "丁"]]


def test_merged_cells_span_the_rows_they_continue():
    assert pdf.row_spans(MERGED_TABLE) == [(0, 1, 3), (1, 1, 2)]
    from odf.table import CoveredTableCell, TableCell

    document = load(io.BytesIO(odt.render(title="計畫", sections=[
        pdf.Section(heading="策略", table=MERGED_TABLE)])))
    spanned = {teletype.extractText(cell): cell.getAttribute("numberrowsspanned")
               for cell in document.getElementsByType(TableCell)}
    assert spanned["一、基礎"] == "3" and spanned["1.流程"] == "2"
    assert len(document.getElementsByType(CoveredTableCell)) == 3
    assert pdf.render(title="計畫", sections=[pdf.Section(table=MERGED_TABLE)]).startswith(
        b"%PDF")


def test_an_outline_nests_headings_and_indents_lines():
    outline = [(0, "一、基礎", True), (1, "1.流程", True), (2, "完成期限：每季", False)]
    document = load(io.BytesIO(odt.render(title="計畫", sections=[
        pdf.Section(heading="策略", outline=outline)])))
    headings = document.getElementsByType(H)
    assert [(teletype.extractText(h), h.getAttribute("outlinelevel")) for h in headings] == [
        ("策略", "1"), ("一、基礎", "2"), ("1.流程", "3")]
    assert pdf.render(title="計畫", sections=[pdf.Section(outline=outline)]).startswith(b"%PDF")
