"""The printed plan in the plan's own shape: sections as data numbered once, the basis
cited once, the items by the plan's levels (merged columns or nested headings)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from odf import teletype
from odf.opendocument import load
from odf.table import CoveredTableCell
from odf.text import H, P

from minfu.core import pdf
from minfu.core.errors import Conflict
from minfu.core.sheets import write_csv
from minfu.plans import documents, selectors, services
from minfu.plans.models import Plan, PlanSection
from tests.org.factories import superuser
from tests.plans.factories import agency_with_units, coordinator, plan_for

pytestmark = pytest.mark.django_db

FIVE = [["構面", "評估項目", "指標", "子指標", "推動作法", "完成期限", "執行單位"],
        ["一、基礎服務", "(一)服務正確", "1.流程", "1.1檢討", "甲作法", "每季", "秘書室"],
        ["", "", "", "", "乙作法", "每月", "秘書室"],
        ["", "", "2.公開", "", "丙作法", "每年辦理", "秘書室"],
        ["二、服務量能", "(一)顧客", "1.調查", "", "丁作法", "不定時", "秘書室"]]


def _five_level_plan(**changes):
    agency, units = agency_with_units(("秘書室",))
    plan = plan_for(agency, levels=())
    sheet = selectors.plan_sheet_read(plan, content=write_csv(FIVE), filename="p.csv",
                                      keep_numbers=True)
    services.plan_import(actor=superuser(), plan=plan, sheet=sheet, keep_numbers=True)
    plan.refresh_from_db()
    if changes:
        plan = services.plan_update(actor=superuser(), plan=plan, expected_version=plan.version,
                                    **changes)
    return plan, units


def _odt(plan):
    return load(io.BytesIO(documents.plan_odt(plan)))


def test_the_items_print_one_column_per_level_with_parents_merged_over_their_rows():
    plan, _units = _five_level_plan()
    labels = [level.label for level in plan.levels.all()]
    table = documents.tree_table(labels, selectors.plan_tree(plan))
    M = pdf.MERGED
    assert table == [
        ["構面", "評估項目", "指標", "子指標", "推動作法", "完成期限", "執行單位"],
        ["一、基礎服務", "(一)服務正確", "1.流程", "1.1 檢討", "甲作法", "每季", "秘書室"],
        [M, M, M, M, "乙作法", "每月", "秘書室"],
        [M, M, "2.公開", "", "丙作法", "每年辦理", "秘書室"],     # skips 子指標
        ["二、服務量能", "(一)顧客", "1.調查", "", "丁作法", "不定時", "秘書室"]]
    document = _odt(plan)
    assert len(document.getElementsByType(CoveredTableCell)) == 6
    assert documents.plan_pdf(plan).startswith(b"%PDF")


def test_deep_plans_print_as_nested_headings():
    plan, _units = _five_level_plan(layout=Plan.Layout.HEADINGS)
    outline = documents.tree_outline(selectors.plan_tree(plan))
    assert outline[:6] == [(0, "一、基礎服務", True), (1, "(一)服務正確", True),
                           (2, "1.流程", True), (3, "1.1 檢討", True), (4, "甲作法", False),
                           (5, "完成期限：每季　執行單位：秘書室", False)]
    headings = [(teletype.extractText(h), h.getAttribute("outlinelevel"))
                for h in _odt(plan).getElementsByType(H)]
    assert ("一、基礎服務", "2") in headings and ("1.1 檢討", "5") in headings
    assert documents.plan_pdf(plan).startswith(b"%PDF")


def test_sections_are_data_numbered_once_with_paragraphs_and_tables():
    agency, _units = agency_with_units()
    plan = plan_for(agency, closing_sections=[("伍、管制考核", "一、落實執行。")])
    actor = superuser()
    services.section_save(actor=actor, plan=plan, heading="執行對象", kind="text",
                          paragraphs="本分署各科室辦理為民服務作業情形。")
    schedule = services.section_save(
        actor=actor, plan=plan, heading="參、執行期程", kind="text", paragraphs="分三階段辦理：",
        table=[["階段", "期間"], ["規劃", "114年1月至3月"], ["執行", "114年4月至11月"]])
    services.section_save(actor=actor, plan=plan, heading="", kind="text",
                          paragraphs="本計畫奉核定後實施，修正時亦同。")
    for _ in range(8):   # to the top, and once more: nothing moves above the first
        services.section_move(actor=actor, section=PlanSection.objects.get(heading="執行對象"),
                              direction="up")
    assert schedule.heading == "執行期程"
    parts = documents.document_parts(plan)
    assert [part.heading for part in parts] == [
        "壹、執行對象", "貳、計畫依據", "參、計畫目標", "肆、執行單位", "伍、執行策略及方法",
        "陸、重點指標", "柒、管制考核", "捌、執行期程", "玖、本計畫奉核定後實施，修正時亦同。"]
    assert parts[7].table == (("階段", "期間"), ("規劃", "114年1月至3月"), ("執行", "114年4月至11月"))
    text = "\n".join(teletype.extractText(p) for p in _odt(plan).getElementsByType(P))
    assert "114年4月至11月" in text and "柒、伍、" not in text


def test_the_basis_prints_its_date_and_number_once():
    agency, _units = agency_with_units()
    plan = plan_for(agency)
    for text, day, number in (
            ("行政院 106 年 1 月 9 日院授發社字第 1061300008 號函頒「政府服務躍升方案」。",
             dt.date(2017, 1, 9), "院授發社字第1061300008號"),
            ("函頒「財政部提升服務實施計畫」。", dt.date(2020, 1, 2), "台財綜字第10815932160號")):
        services.directive_add(actor=superuser(), plan=plan, text=text, issued_on=day,
                               document_number=number)
    basis = documents.document_parts(plan)[0]
    assert basis.paragraphs == (
        "一、行政院 106 年 1 月 9 日院授發社字第 1061300008 號函頒「政府服務躍升方案」。",
        "二、109年1月2日台財綜字第10815932160號函頒「財政部提升服務實施計畫」。")


def test_a_published_plans_sections_are_frozen():
    agency, _units = agency_with_units()
    plan = plan_for(agency)
    plan = services.plan_publish(actor=superuser(), plan=plan, expected_version=plan.version)
    with pytest.raises(Conflict):
        services.section_save(actor=superuser(), plan=plan, heading="附則", kind="text",
                              paragraphs="另定之。")


def test_the_edit_page_adds_moves_and_removes_sections(client):
    agency, units = agency_with_units()
    plan = plan_for(agency)
    client.force_login(coordinator(units[0]))
    add = reverse("plans:staff-section-add", args=[plan.pk])
    response = client.post(add, {"heading": "陸、考核作業", "kind": "text",
                                 "paragraphs": "每半年召開會議1次。",
                                 "table": "項目 | 配分\n服務態度 | 30"})
    assert response.status_code == 302
    section = plan.sections.get(heading="考核作業")
    assert section.table == [["項目", "配分"], ["服務態度", "30"]]
    page = client.get(reverse("plans:staff-edit", args=[plan.pk])).content.decode()
    assert "陸、考核作業" in page   # the sixth section, numbered once
    client.post(reverse("plans:staff-section-change", args=[plan.pk, section.pk, "up"]))
    assert [s.heading for s in plan.sections.all()][4] == "考核作業"
    client.post(reverse("plans:staff-section-change", args=[plan.pk, section.pk, "delete"]))
    assert not plan.sections.filter(heading="考核作業").exists()
    _other, other_units = agency_with_units()
    client.force_login(coordinator(other_units[0]))
    assert client.get(reverse("plans:staff-section-edit",
                              args=[plan.pk, plan.sections.first().pk])).status_code == 404
