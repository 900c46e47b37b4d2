"""A plan's sheet: its own level columns (any number), uneven branches, numbers kept as
written or generated, every problem per row before anything is saved, and the export
that imports back as the same plan."""

import itertools

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from minfu.core.errors import ValidationFailed
from minfu.core.sheets import read_workbook, write_csv, write_ods, write_xlsx
from minfu.plans import importing, selectors, services
from minfu.plans.indicators import read_target
from minfu.plans.models import Plan
from tests.org.factories import superuser
from tests.plans.factories import agency_with_units, coordinator, plan_for

pytestmark = pytest.mark.django_db

FIVE_LEVELS = ["構面", "評估項目", "指標", "子指標", "推動作法"]
HEADER = [*FIVE_LEVELS, "完成期限", "承辦單位", "預期效益"]
# An evaluation-framework plan: five levels, its own numbers, branches of uneven depth
# (an action right under an indicator, another right under an evaluation item).
FIVE_LEVEL_ROWS = [
    HEADER,
    ["一、基礎服務", "(一)服務一致及正確性", "1.標準作業流程", "1.1檢討作業標準",
     "(1)檢討為民服務作業標準及服務規範", "114年6月", "秘書室 服務科", "流程標準化"],
    ["", "", "", "", "(2)建立內部稽核制度", "每半年", "秘書室", ""],
    ["", "", "", "1.2書表減量", "檢討申辦書表之必要性", "114年6月30日前", "服務科", ""],
    ["", "", "2.資訊公開", "", "公開服務標準作業程序", "每三個月", "服務科 秘書室", ""],
    ["", "(二)服務便民", "", "", "充實服務設備", "114年3月至6月", "秘書室", ""],
    ["二、服務量能", "(一)顧客關係", "1.民意調查", "", "每季辦理民眾意見調查", "每季辦理", "服務科", ""],
    ["", "", "", "", "依調查結果檢討", "不定時", "各單位", ""],
]


def _sheet(rows, fmt="xlsx"):
    return {"csv": lambda: write_csv(rows), "xlsx": lambda: write_xlsx({"計畫": rows}),
            "ods": lambda: write_ods({"計畫": rows})}[fmt](), f"plan.{fmt}"


def _plan_and_units(**kwargs):
    agency, units = agency_with_units(("秘書室", "服務科", "業務科"))
    return plan_for(agency, **kwargs), units


def _import(plan, rows, *, keep_numbers, fmt="xlsx"):
    content, name = _sheet(rows, fmt)
    sheet = selectors.plan_sheet_read(plan, content=content, filename=name,
                                      keep_numbers=keep_numbers)
    assert sheet.errors == [], sheet.errors
    services.plan_import(actor=superuser(), plan=plan, sheet=sheet, keep_numbers=keep_numbers)
    return sheet


def _shape(plan):
    """What users see of a plan's tree: level, number, text, action and indicators,
    nested."""
    plan = Plan.objects.get(pk=plan.pk)
    measures = {}
    for status in selectors.plan_indicators(plan):
        measures.setdefault(status.indicator.node_id, []).append(
            (status.indicator.name, status.target_label, status.indicator.weight))

    def of(row):
        action = row.action
        return (row.level_label, row.number, row.node.text,
                None if action is None else (action.deadline_label,
                                             importing.units_cell(action),
                                             action.expected_benefit),
                tuple(measures.get(row.node.pk, [])),
                tuple(of(child) for child in row.children))
    return tuple(of(row) for row in selectors.plan_tree(plan))


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_a_five_level_plan_with_its_own_numbers_imports_without_changing_the_sheet(fmt):
    plan, _units = _plan_and_units()
    _import(plan, FIVE_LEVEL_ROWS, keep_numbers=True, fmt=fmt)
    assert [level.label for level in plan.levels.all()] == FIVE_LEVELS
    rows = selectors.flatten(selectors.plan_tree(Plan.objects.get(pk=plan.pk)))
    shown = [(row.level_label, row.numbered_text) for row in rows]
    assert shown[:5] == [("構面", "一、基礎服務"), ("評估項目", "(一)服務一致及正確性"),
                         ("指標", "1.標準作業流程"), ("子指標", "1.1 檢討作業標準"),
                         ("推動作法", "(1)檢討為民服務作業標準及服務規範")]
    # Uneven branches keep their level's name: an action under an indicator, another
    # under an evaluation item.
    under_indicator = next(row for row in rows if row.node.text == "公開服務標準作業程序")
    assert under_indicator.level_label == "推動作法" and under_indicator.depth == 3
    under_item = next(row for row in rows if row.node.text == "充實服務設備")
    assert under_item.level_label == "推動作法" and under_item.depth == 2
    assert under_item.action.deadline_label == "114年3月至6月"
    assert plan.actions.count() == 7 and plan.actions.filter(all_units=True).count() == 1


def test_numbers_generated_by_level_drop_what_is_written_and_take_its_style():
    plan, _units = _plan_and_units()
    _import(plan, FIVE_LEVEL_ROWS, keep_numbers=False)
    plan.refresh_from_db()
    assert plan.numbering == Plan.Numbering.GENERATED
    assert not plan.nodes.exclude(number="").exists()
    styles = list(plan.levels.values_list("style", flat=True))
    assert styles[:3] == ["chinese", "chinese_paren", "arabic"]
    rows = selectors.flatten(selectors.plan_tree(plan))
    assert [row.numbered_text for row in rows[:3]] == ["一、基礎服務", "(一)服務一致及正確性",
                                                       "1.標準作業流程"]


def test_the_three_column_sheets_of_the_seeds_still_import():
    plan, _units = _plan_and_units()
    rows = [["執行策略", "策略細項", "具體推動做法", "完成期限", "執行單位"],
            ["一、策略", "(一)細項", "1.辦理甲", "經常性辦理", "秘書室 (出納股)"],
            ["", "", "2.辦理乙", "每季", "各單位"],
            ["", "(二)細項二", "辦理丙", "每年辦理", "服務科"]]
    _import(plan, rows, keep_numbers=False, fmt="csv")
    shape = _shape(plan)
    assert shape[0][:3] == ("執行策略", "一、", "策略")
    assert [child[2] for child in shape[0][5]] == ["細項", "細項二"]
    assert shape[0][5][0][5][0][:4] == ("具體推動做法", "1.", "辦理甲",
                                        ("經常性辦理", "秘書室", ""))


def test_every_problem_of_every_row_is_listed_and_nothing_is_saved():
    plan, _units = _plan_and_units()
    rows = [["執 行 策 略", "策略細項", "完 成 期 限", "承辦單位", "備註"],
            ["", "(一)沒有上層", "每季", "秘書室"],
            ["一、策略", "", "", ""],
            ["", "甲", "明天", "秘書室"],
            ["", "", "每月", "業務一組"],
            ["", "乙", "每月", ""],
            ["", "丙", "1076 年3月", "服務科"],
            ["", "丁", "每月", "服務科 業務一組"]]
    content, name = _sheet(rows)
    sheet = selectors.plan_sheet_read(plan, content=content, filename=name, keep_numbers=False)
    assert [(e.row, e.column) for e in sheet.errors] == [
        (2, "策略細項"), (5, "執行策略"), (6, "承辦單位"), (8, "承辦單位")]
    assert "業務一組" in sheet.errors[3].message
    assert [(w.row, w.column) for w in sheet.warnings] == [
        (1, "備註"), (4, "完成期限"), (7, "完成期限")]
    assert sheet.levels == ["執行策略", "策略細項"]
    with pytest.raises(ValidationFailed):
        services.plan_import(actor=superuser(), plan=plan, sheet=sheet, keep_numbers=False)
    assert not plan.nodes.exists()


@pytest.mark.parametrize(("rows", "row"), [
    ([["完成期限", "執行單位"]], 1), ([], 0), ([["策略", "期限"]], 0)])
def test_sheets_without_level_columns_or_items_are_refused_with_a_reason(rows, row):
    plan, _units = _plan_and_units()
    content, name = _sheet(rows, "csv")
    sheet = selectors.plan_sheet_read(plan, content=content, filename=name, keep_numbers=False)
    assert not sheet.ok and sheet.errors[0].row == row


def test_unreadable_file_is_reported():
    plan, _units = _plan_and_units()
    sheet = selectors.plan_sheet_read(plan, content=b"hello", filename="x.txt",
                                      keep_numbers=False)
    assert not sheet.ok and sheet.errors[0].row == 0


def test_the_template_has_the_plans_own_columns():
    plan, _units = _plan_and_units()
    _import(plan, FIVE_LEVEL_ROWS, keep_numbers=True)
    assert selectors.plan_sheet_rows(plan, template=True) == [
        [*FIVE_LEVELS, "完成期限", "執行單位", "預期效益", "重點指標", "衡量標準", "目標值", "權重"]]


def test_key_indicators_hang_under_the_items_they_measure_with_targets_and_weights():
    plan, _units = _plan_and_units()
    rows = [["構面", "指標", "完成期限", "承辦單位", "重點指標", "目標值", "配分"],
            ["一、基礎服務", "1.流程", "每季", "服務科", "標準作業流程檢討件數", "12件", "20"],
            ["", "", "", "", "檢討會議", "完成年度檢討", "5"],
            ["", "2.資訊", "", "", "網站更新率", "95%", ""],
            ["", "", "", "", "", "90", ""]]
    content, name = _sheet(rows)
    sheet = selectors.plan_sheet_read(plan, content=content, filename=name, keep_numbers=False)
    assert [(e.row, e.column) for e in sheet.errors] == [(5, "重點指標")]
    rows.pop()
    _import(plan, rows, keep_numbers=False)
    statuses = selectors.plan_indicators(plan)
    shown = [(s.indicator.node.text, s.indicator.name, s.target_label, s.indicator.weight)
             for s in statuses]
    assert shown == [("流程", "標準作業流程檢討件數", "12件", 20), ("流程", "檢討會議", "完成年度檢討", 5),
                     ("資訊", "網站更新率", "95%", None)]
    exported = selectors.plan_sheet_rows(plan)
    assert exported[3][-4:] == ["檢討會議", "", "完成年度檢討", "5"]
    assert exported[3][:5] == ["", "", "", "", ""]


# The export imports back as the same plan -----------------------------------------------

TEXTS = st.text(alphabet="服務流程資訊公開民眾申辦案件便捷網路品質創新檢討改善作業標準（）、，",
                min_size=1, max_size=12).filter(lambda text: text[0] not in "（）、，")
NUMBERS = st.sampled_from(["", "一、", "(二)", "3.", "1.1", "2.3.1", "(4)", "壹、", "5、"])
DEADLINES = st.sampled_from(["每季", "每3個月", "每年辦理", "114年6月30日前", "3月至6月",
                             "不定時", "即日起", "經常性辦理", "每年3月底前", "視情況", ""])


@st.composite
def trees(draw):
    """A tree of one to five levels whose branches may skip levels."""
    depth = draw(st.integers(1, 5))

    def nodes(level, budget):
        count = draw(st.integers(1 if level == 0 else 0, 3))
        found = []
        for _ in range(min(count, budget[0])):
            budget[0] -= 1
            children = []
            if level + 1 < depth:
                below = draw(st.integers(level + 1, depth - 1))  # skip levels or not
                children = nodes(below, budget)
            action = None
            if not children or draw(st.booleans()):
                action = draw(st.one_of(st.none(), st.tuples(
                    DEADLINES, st.sets(st.sampled_from(["秘書室", "服務科", "業務科"]),
                                       max_size=2), st.booleans(), TEXTS | st.just(""))))
                if action and not action[1]:
                    action = (action[0], action[1], True, action[3])
            measures = draw(st.lists(st.tuples(TEXTS, st.sampled_from(["95%", "12件", "完成上線", "3"]),
                                               st.sampled_from([None, 10, 2.5])), max_size=2,
                                     unique_by=lambda item: item[0]))
            found.append((level, draw(NUMBERS), draw(TEXTS), action, measures, children))
        return found

    return depth, nodes(0, [14])


_years = itertools.count(1991)


def _build(tree, keep_numbers, units):
    depth, roots = tree
    plan = plan_for(units[0].organisation, year=next(_years),
                    levels=[(label, services.default_style(i))
                            for i, label in enumerate(FIVE_LEVELS[:depth])])
    services.plan_update(actor=superuser(), plan=plan, expected_version=plan.version,
                         numbering="as_written" if keep_numbers else "generated")
    by_name = {unit.name_zh: unit for unit in units}

    def add(nodes, parent):
        for level, number, text, action, measures, children in nodes:
            node = services._node_add(actor=superuser(), plan=plan, text=text, parent=parent,
                                      level=level, number=number if keep_numbers else "",
                                      once=False)
            if action:
                services.action_set(actor=superuser(), node=node, deadline=action[0],
                                    units=[by_name[name] for name in sorted(action[1])],
                                    all_units=action[2], expected_benefit=action[3])
            for name, target, weight in measures:
                _number, unit, _words = read_target(target)
                services.indicator_save(actor=superuser(), plan=plan, node=node, name=name,
                                        targets={plan.year: target}, weight=weight,
                                        unit_of_measure=unit)
            add(children, node)

    add(roots, None)
    return plan


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(tree=trees(), keep_numbers=st.booleans(), fmt=st.sampled_from(["xlsx", "ods"]))
def test_the_export_of_any_plan_imports_back_as_the_same_plan(tree, keep_numbers, fmt,
                                                              round_trip_units):
    original = _build(tree, keep_numbers, round_trip_units)
    rows = selectors.plan_sheet_rows(original)
    content = write_xlsx({"s": rows}) if fmt == "xlsx" else write_ods({"s": rows})
    assert next(iter(read_workbook(content, f"x.{fmt}")[0].values()))[0] == rows[0]
    copy = plan_for(original.organisation, year=next(_years), levels=())
    _import(copy, rows, keep_numbers=keep_numbers, fmt=fmt)
    assert _shape(copy) == _shape(original)
    assert list(copy.levels.values_list("label", flat=True)) == \
        list(original.levels.values_list("label", flat=True))


@pytest.fixture
def round_trip_units():
    _agency, units = agency_with_units(("秘書室", "服務科", "業務科"))
    return units


# The API --------------------------------------------------------------------------------

def test_api_dry_run_shows_the_tree_and_problems_then_imports_and_exports():
    plan, units = _plan_and_units()
    api = APIClient()
    api.force_authenticate(coordinator(units[0]))
    url = reverse("api:plans-plan-import-sheet", args=[plan.pk])
    content, name = _sheet(FIVE_LEVEL_ROWS)

    def upload(**fields):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return api.post(url, {"file": SimpleUploadedFile(name, content), **fields},
                        format="multipart")

    dry = upload(dry_run="true", numbering="as_written")
    assert dry.status_code == 200 and dry.json()["imported"] == 0
    assert dry.json()["levels"] == FIVE_LEVELS and not plan.nodes.exists()
    first = dry.json()["items"][0]
    assert (first["row"], first["level"], first["number"], first["text"]) == (2, 0, "一、",
                                                                               "基礎服務")
    done = upload(numbering="as_written")
    assert done.status_code == 200 and done.json()["imported"] == plan.nodes.count() == 17
    exported = api.get(reverse("api:plans-plan-export", args=[plan.pk]),
                       {"sheet_format": "csv"})
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ("構面,評估項目,指標,子指標,推動作法,完成期限,執行單位,預期效益,重點指標,衡量標準,"
                        "目標值,權重")
    assert lines[4].startswith(",,,1.1 檢討作業標準")

    bad_rows = [HEADER, ["", "(一)沒有上層", "", "", "", "每季", "秘書室"]]
    content, name = _sheet(bad_rows)
    refused = upload()
    assert refused.status_code == 400
    assert refused.json()["error"]["details"]["errors"][0]["row"] == 2
    stranger = APIClient()
    stranger.force_authenticate(coordinator(agency_with_units()[1][0]))
    assert stranger.get(reverse("api:plans-plan-export", args=[plan.pk])).status_code == 404
