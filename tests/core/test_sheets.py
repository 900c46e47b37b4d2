"""What the spreadsheet writers make of text people typed: never a formula, never a
broken file."""

import io
import zipfile

import pytest

from minfu.core.exports import table_download
from minfu.core.sheets import read_csv, read_ods, read_xlsx, write_csv, write_ods, write_xlsx

TYPED = ["=1+1", "+886-2-1234", "-5", "@SUM(A1)", '=HYPERLINK("http://x","y")']


def test_xlsx_writes_formula_like_text_as_text():
    content = write_xlsx({"s": [TYPED, [1, -2]]})
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and 't="inlineStr"><is><t>=1+1</t>' in sheet
    assert read_xlsx(content)["s"] == [TYPED, [1, -2]]


def test_ods_writes_formula_like_text_as_text():
    content = write_ods({"s": [TYPED]})
    xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml").decode()
    assert "formula" not in xml
    assert read_ods(content)["s"] == [TYPED]


def test_csv_neutralises_formula_like_text_and_reads_it_back():
    content = write_csv([TYPED, [-2, "a-b", "it's"]])
    first, second = content.decode("utf-8-sig").splitlines()
    assert first.split(",")[:4] == ["'=1+1", "'+886-2-1234", "'-5", "'@SUM(A1)"]
    assert second == "-2,a-b,it's"  # numbers and other text as they are
    assert read_csv(content) == [TYPED, ["-2", "a-b", "it's"]]


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_control_characters_are_left_out_of_xml_formats(fmt):
    response = table_download(fmt, filename="x", sheet="s", header=["名稱"],
                              rows=[["申請\x00書\x1b"], ["tab\tand\nnewline"]])
    read = read_xlsx if fmt == "xlsx" else read_ods
    assert read(response.content)["s"][1:] == [["申請書"], ["tab\tand\nnewline"]]
