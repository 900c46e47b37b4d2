import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from minfu.catalog import selectors, services, spreadsheet
from minfu.catalog.models import ServiceType, ServiceTypeVersion
from minfu.core.sheets import (
    SheetReadError,
    read_csv,
    read_ods,
    read_workbook,
    read_xlsx,
    write_csv,
    write_ods,
    write_xlsx,
)
from minfu.org.models import Role
from tests.catalog.factories import agency_with_unit, draft, published, tags
from tests.org.factories import UnitFactory, staff_user

Status = ServiceTypeVersion.Status

# Cells as people type them: text (with CJK and line breaks), whole numbers, blanks.
cells = st.one_of(st.none(), st.integers(min_value=-10**6, max_value=10**6),
                  st.text(alphabet=st.sampled_from("ab 戶籍謄本,\"\n1"), min_size=1, max_size=12)
                  .filter(lambda text: text.strip() == text and text))
tables = st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=5)


def normalised(rows):
    """What every format reads back: trailing blanks dropped."""
    result = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        result.append(row)
    while result and not result[-1]:
        result.pop()
    return result


# Each example writes and reads two zip files: no per-example deadline on a busy machine.
@settings(max_examples=30, deadline=None)
@given(tables)
def test_xlsx_and_ods_round_trip_any_table(rows):
    assert read_xlsx(write_xlsx({"t": rows}))["t"] == normalised(rows)
    assert read_ods(write_ods({"t": rows}))["t"] == normalised(rows)


@settings(deadline=None)
@given(tables)
def test_csv_round_trips_as_text(rows):
    text_rows = [[None if cell is None else str(cell) for cell in row] for row in rows]
    assert read_csv(write_csv(rows)) == normalised(text_rows)


def test_csv_reads_big5_from_old_excel():
    assert read_csv("代碼,名稱\nA,納稅證明\n".encode("cp950")) == [["代碼", "名稱"], ["A", "納稅證明"]]


def test_unreadable_files_are_refused_with_a_message():
    for name in ("x.xlsx", "x.ods"):
        with pytest.raises(SheetReadError):
            read_workbook(b"not a spreadsheet", name)
    with pytest.raises(SheetReadError):
        read_workbook(b"", "x.pdf")


# Import and export ----------------------------------------------------------------------

@pytest.fixture
def ntbt():
    unit = agency_with_unit("NTBT", "SVC")
    UnitFactory(organisation=unit.organisation, code="IIT")
    tags()
    return unit


def export(user, organisation, fmt):
    versions = selectors.export_versions(user, organisation=organisation, on=dt.date.today())
    workbook = spreadsheet.build_workbook(versions)
    return write_xlsx(workbook) if fmt == "xlsx" else write_ods(workbook)


def parse(data, filename, organisation):
    workbook, multi = read_workbook(data, filename)
    return spreadsheet.parse_workbook(workbook, organisation_code=organisation.code,
                                      multi_sheet=multi)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_round_trip_into_a_fresh_organisation_recreates_everything(ntbt, fmt):
    published(ntbt, "TAX-CERT")
    draft(ntbt, "ARREARS", name_zh="欠稅查詢", norm_value=None, norm_unit="", fee_amount=None,
          documents=())
    admin = staff_user(ntbt, Role.AGENCY_ADMIN)
    data = export(admin, ntbt.organisation, fmt)

    other = agency_with_unit("TPC", "SVC")
    UnitFactory(organisation=other.organisation, code="IIT")
    workbook, multi = read_workbook(data, f"x.{fmt}")
    for sheet in workbook.values():  # the file names its organisation; retarget it
        for row in sheet[1:]:
            row[0] = "TPC"
    parsed = spreadsheet.parse_workbook(workbook, organisation_code="TPC", multi_sheet=multi)
    report = services.service_types_import(organisation=other.organisation, parsed=parsed)
    assert report.ok, report.errors
    assert sorted(report.created) == ["ARREARS", "TAX-CERT"]

    fields = ("name_zh", "name_en", "description_zh", "legal_basis_zh", "period_value",
              "period_unit", "norm_value", "norm_unit", "fee_amount", "where_to_apply_en",
              "offered_online", "offered_at_counter", "for_persons", "topic_tag_id",
              "policy_tag_id", "service_tag_id")
    doc_fields = ("order", "name_zh", "name_en", "notes_zh", "requirement", "condition_zh",
                  "condition_en", "fetched_by_agency")
    for code in ("TAX-CERT", "ARREARS"):
        source = ServiceTypeVersion.objects.get(service_type__organisation=ntbt.organisation,
                                                service_type__code=code)
        copy = ServiceTypeVersion.objects.get(service_type__organisation=other.organisation,
                                              service_type__code=code)
        assert copy.status == Status.DRAFT
        assert [getattr(copy, f) for f in fields] == [getattr(source, f) for f in fields]
        assert list(copy.documents.values_list(*doc_fields)) == \
            list(source.documents.values_list(*doc_fields))


@pytest.mark.django_db
def test_import_updates_drafts_and_never_touches_published_versions(ntbt):
    version = published(ntbt, "TAX-CERT")
    admin = staff_user(ntbt, Role.AGENCY_ADMIN)
    workbook = read_xlsx(export(admin, ntbt.organisation, "xlsx"))
    workbook["services"][1][2] = "納稅證明書（新）"
    workbook["documents"] = workbook["documents"][:2]  # keep only the first document
    parsed = spreadsheet.parse_workbook(workbook, organisation_code="NTBT", multi_sheet=True)
    report = services.service_types_import(organisation=ntbt.organisation, parsed=parsed,
                                           actor=admin)
    assert report.ok and report.updated == ["TAX-CERT"]
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and version.name_zh == "納稅證明書申請"
    new = version.service_type.versions.get(status=Status.DRAFT)
    assert new.number == 2 and new.name_zh == "納稅證明書（新）"
    assert list(new.documents.values_list("name_zh", flat=True)) == ["申請書"]
    # A second import overwrites the same draft rather than starting another.
    services.service_types_import(organisation=ntbt.organisation, parsed=parsed, actor=admin)
    assert version.service_type.versions.count() == 2


@pytest.mark.django_db
def test_csv_imports_services_and_keeps_checklists(ntbt):
    version = published(ntbt, "TAX-CERT")
    header = ",".join(["code", "name_zh", "responsible_unit", "channels", "applicant_kinds",
                       "period_value", "period_unit"])
    data = f"{header}\nTAX-CERT,納稅證明,SVC,online,person,3,working_days\n".encode("utf-8-sig")
    report = services.service_types_import(organisation=ntbt.organisation,
                                           parsed=parse(data, "s.csv", ntbt.organisation))
    assert report.ok, report.errors
    new = version.service_type.versions.get(status=Status.DRAFT)
    assert new.period_value == 3 and new.documents.count() == 3


@pytest.mark.django_db
def test_import_reports_every_problem_and_writes_nothing(ntbt):
    rows = [
        spreadsheet.SERVICE_COLUMNS,
        ["NTBT", "OK", "好的服務", "", "", "", "SVC", "online", "person", "法", "", 3,
         "working_days", 1, "working_days"],
        ["NTBT", "BAD", "", "", "", "", "NOPE", "fax", "person", "", "", "three",
         "working_days", 5, "fortnights", "", "", "", "", "", "NO-TAG"],
        ["NTBT", "SLOW", "太慢", "", "", "", "SVC", "online", "person", "", "", 3,
         "working_days", 4, "working_days"],
        ["TPC", "OK", "別的機關", "", "", "", "SVC", "online", "person", "", "", 3, "hours"],
    ]
    documents = [spreadsheet.DOCUMENT_COLUMNS,
                 ["NTBT", "OK", 1, "申請書", "", "", "", "conditional"],
                 ["NTBT", "GHOST", 1, "申請書"]]
    data = write_xlsx({"services": rows, "documents": documents})
    parsed = parse(data, "x.xlsx", ntbt.organisation)
    report = services.service_types_import(organisation=ntbt.organisation, parsed=parsed)
    found = {(error.sheet, error.row, error.column) for error in report.errors}
    assert {
        ("services", 3, "name_zh"),
        ("services", 3, "channels"),
        ("services", 3, "period_value"),
        ("services", 3, "norm_unit"),
        ("services", 4, "norm_value"),  # the norm is slower than the legal period
        ("services", 5, "organisation"),
        ("services", 5, "code"),  # OK twice
        ("documents", 2, "condition_zh"),
        ("documents", 3, "service_code"),
    } <= found
    assert not report.ok
    assert not ServiceType.objects.exists()


@pytest.mark.django_db
def test_import_reports_unknown_units_and_tags(ntbt):
    rows = [spreadsheet.SERVICE_COLUMNS,
            ["NTBT", "A", "服務", "", "", "", "NOPE", "online", "person", "", "", 3,
             "working_days", "", "", "", "", "", "", "", "NO-TAG"]]
    parsed = parse(write_ods({"services": rows}), "x.ods", ntbt.organisation)
    report = services.service_types_import(organisation=ntbt.organisation, parsed=parsed)
    assert {(e.row, e.column) for e in report.errors} == {(2, "responsible_unit"), (2, "topic_tag")}


@pytest.mark.django_db
def test_a_missing_required_column_is_reported_on_row_1(ntbt):
    parsed = parse(write_csv([["code", "name_zh"], ["A", "服務"]]), "x.csv", ntbt.organisation)
    assert {(e.row, e.column) for e in parsed.errors} >= {(1, "responsible_unit"),
                                                          (1, "period_value")}


@pytest.mark.django_db
def test_import_needs_the_right_to_edit(ntbt):
    parsed = parse(write_csv([spreadsheet.REQUIRED_SERVICE_COLUMNS]), "x.csv", ntbt.organisation)
    officer = staff_user(ntbt, Role.OFFICER)
    with pytest.raises(services.PermissionDenied):
        services.service_types_import(organisation=ntbt.organisation, parsed=parsed,
                                      actor=officer)


@pytest.mark.django_db
def test_management_command(tmp_path, ntbt):
    path = tmp_path / "services.csv"
    header = ",".join(spreadsheet.REQUIRED_SERVICE_COLUMNS)
    path.write_text(f"{header}\nA,服務,SVC,online,person,3,working_days\n", encoding="utf-8")
    call_command("import_service_types", str(path), "--organisation", "NTBT", "--dry-run")
    assert not ServiceType.objects.exists()
    call_command("import_service_types", str(path), "--organisation", "NTBT")
    assert ServiceType.objects.get().code == "A"
    path.write_text(f"{header}\nB,服務,NOPE,online,person,3,working_days\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_service_types", str(path), "--organisation", "NTBT")
    with pytest.raises(CommandError):
        call_command("import_service_types", str(path), "--organisation", "NOPE")
