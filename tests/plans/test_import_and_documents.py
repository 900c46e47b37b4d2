import io
import re
import zipfile
from pathlib import Path

import pytest
from odf import teletype
from odf.opendocument import load
from odf.text import P

from minfu.core.errors import ValidationFailed
from minfu.core.sheets import write_csv, write_ods, write_xlsx
from minfu.plans import documents, importing, selectors, services
from minfu.plans.models import Action
from tests.org.factories import superuser
from tests.plans.factories import agency_with_units, plan_for

pytestmark = pytest.mark.django_db

SEED = Path(importing.__file__).parent / "data" / "tpc-114-actions.csv"
TPC_UNITS = ("業務一組", "業務二組", "快遞機放組", "法務緝案組", "稽查組", "竹圍分關", "松山分關",
             "秘書室", "資訊室", "人事室", "機動稽核組")


def _import_seed():
    agency, units = agency_with_units(TPC_UNITS)
    plan = plan_for(agency, title="關務署臺北關114年度提升服務執行計畫")
    table = importing.read_action_table(SEED.read_bytes(), SEED.name,
                                        unit_names={u.name_zh for u in units})
    assert table.errors == []
    services_count = importing.actions_import(actor=superuser(), plan=plan, table=table)
    return plan, units, services_count


def test_seed_table_imports_into_strategies_sub_items_and_actions():
    plan, units, count = _import_seed()
    assert count == 27
    roots = selectors.plan_tree(plan)
    assert len(roots) == 6
    assert roots[0].node.text == "完備基礎服務項目，注重服務特性差異化。"
    assert [len(r.children) for r in roots] == [4, 3, 2, 1, 4, 1]
    second = roots[0].children[1]
    assert second.number == "(二)" and len(second.children) == 5
    assert second.children[1].action.responsible_units.filter(name_zh="秘書室").exists()
    assert Action.objects.filter(plan=plan, all_units=True).count() == 17
    assert all(a.deadline_kind == "standing" for a in Action.objects.filter(plan=plan))


@pytest.mark.parametrize("writer", ["csv", "xlsx", "ods"])
def test_preview_lists_every_unreadable_row_and_why(writer):
    agency, units = agency_with_units()
    rows = [list(importing.HEADERS),
            ["一、策略", "(一)細項", "1.辦理甲", "每季", "業務一組"],
            ["", "", "2.辦理乙", "明天", "業務一組"],
            ["", "", "", "每月", "業務一組"],
            ["", "", "3.辦理丙", "114年6月30日", "不存在組"],
            ["", "", "4.辦理丁", "114年12月", ""]]
    content = {"csv": lambda: write_csv(rows), "xlsx": lambda: write_xlsx({"s": rows}),
               "ods": lambda: write_ods({"s": rows})}[writer]()
    table = importing.read_action_table(content, f"plan.{writer}",
                                        unit_names={u.name_zh for u in units}, year=2025)
    assert [(e.row, e.column) for e in table.errors] == [
        (4, "具體推動做法"), (5, "執行單位"), (6, "執行單位")]
    assert "不存在組" in table.errors[1].message
    # A deadline Minfu cannot read is kept as written, with a warning.
    assert [(w.row, w.column) for w in table.warnings] == [(3, "完成期限")]
    assert "明天" in table.warnings[0].message
    assert [(row.text, row.deadline_label) for row in table.rows] == [("辦理甲", "每季"),
                                                                       ("辦理乙", "明天")]
    plan = plan_for(agency)
    with pytest.raises(ValidationFailed):
        importing.actions_import(actor=superuser(), plan=plan, table=table)
    assert not plan.nodes.exists()


def test_wrong_headers_and_wrong_file_type_are_reported():
    table = importing.read_action_table(write_csv([["a", "b"]]), "x.csv", unit_names=set())
    assert table.errors and table.errors[0].row == 1
    table = importing.read_action_table(b"hello", "x.txt", unit_names=set())
    assert table.errors and not table.ok


def test_odt_has_official_layout_and_action_table():
    plan, _units, _count = _import_seed()
    services.directive_add(actor=superuser(), plan=plan,
                           text="行政院106年1月9日院授發社字第1061300008號函頒「政府服務躍升方案」。")
    content = documents.plan_odt(plan)
    assert zipfile.ZipFile(io.BytesIO(content)).read("mimetype") == \
        documents.ODT_CONTENT_TYPE.encode()
    text = "\n".join(teletype.extractText(p) for p in load(io.BytesIO(content))
                     .getElementsByType(P))
    assert "關務署臺北關114年度提升服務執行計畫" in text
    assert "一、行政院106年1月9日" in text
    assert "一、完備基礎服務項目" in text and "(二)提供民眾易讀" in text
    assert "經常性辦理" in text
    from odf.text import H
    headings = [teletype.extractText(h) for h in load(io.BytesIO(content)).getElementsByType(H)]
    assert headings[:4] == ["壹、計畫依據", "貳、計畫目標", "參、執行單位", "肆、執行策略及方法"]


def _pdf_title(content: bytes) -> str:
    """The document information's title: a literal string, octal escapes, UTF-16BE."""
    raw = re.search(rb"/Title \((.*?)\) /", content, re.S).group(1)
    data = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), raw)
    data = re.sub(rb"\\(.)", rb"\1", data)
    return data.decode("utf-16")


def test_pdf_starts_with_the_magic_and_carries_the_title():
    plan, _units, _count = _import_seed()
    content = documents.plan_pdf(plan)
    assert content.startswith(b"%PDF")
    assert _pdf_title(content) == "關務署臺北關114年度提升服務執行計畫"
