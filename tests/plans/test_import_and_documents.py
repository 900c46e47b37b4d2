import io
import re
import zipfile
from pathlib import Path

import pytest
from odf import teletype
from odf.opendocument import load
from odf.text import P

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
    sheet = selectors.plan_sheet_read(plan, content=SEED.read_bytes(), filename=SEED.name,
                                      keep_numbers=False)
    assert sheet.errors == []
    count = services.plan_import(actor=superuser(), plan=plan, sheet=sheet, keep_numbers=False)
    return plan, units, count


def test_seed_table_imports_into_strategies_sub_items_and_actions():
    plan, units, count = _import_seed()
    assert plan.actions.count() == 27
    roots = selectors.plan_tree(plan)
    assert len(roots) == 6
    assert roots[0].node.text == "完備基礎服務項目，注重服務特性差異化。"
    assert [len(r.children) for r in roots] == [4, 3, 2, 1, 4, 1]
    second = roots[0].children[1]
    assert second.number == "(二)" and len(second.children) == 5
    assert second.children[1].action.responsible_units.filter(name_zh="秘書室").exists()
    assert Action.objects.filter(plan=plan, all_units=True).count() == 17
    assert all(a.deadline_kind == "standing" for a in Action.objects.filter(plan=plan))
    assert [level.label for level in plan.levels.all()] == ["執行策略", "策略細項", "具體推動做法"]
    assert count == plan.nodes.count()


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
