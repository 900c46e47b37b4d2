"""Importing the official file: the shipped data, re-issues and their diff, the command."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.utils import translation

from minfu.core.errors import PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.org.models import Role
from minfu.workcal import selectors, services
from minfu.workcal.models import ImportBatch, OfficeDay
from minfu.workcal.periods import Period, PeriodUnit
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user, superuser
from tests.workcal.factories import DATA_DIR, calendar_csv

D = dt.date
pytestmark = pytest.mark.django_db

SHIPPED_2025 = (DATA_DIR / "roc-114-office-calendar.csv").read_bytes()
# The 2025 file as first published, before the 2025-10-20 re-issue added the holidays.
FIRST_2025 = SHIPPED_2025.decode("utf-8-sig").replace(
    "20250929,一,2,補假", "20250929,一,0,").replace(
    "20251024,五,2,補假", "20251024,五,0,").replace(
    "20251225,四,2,行憲紀念日", "20251225,四,0,").encode("utf-8-sig")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_fresh_database_holds_every_shipped_day():
    assert OfficeDay.objects.count() == 7 * 365 + 2 * 366  # 2019-2027
    assert selectors.covered_years() == list(range(2019, 2028))
    assert ImportBatch.objects.count() == 9
    assert OfficeDay.objects.get(date=D(2025, 2, 8)).note == "補行上班"
    assert OfficeDay.objects.get(date=D(2025, 10, 24)).is_day_off


def test_the_roc_110_migration_adds_2021_where_the_first_load_ran_without_it():
    # The state of a database migrated before roc-110 shipped.
    ImportBatch.objects.filter(file_name="roc-110-office-calendar.csv").delete()
    OfficeDay.objects.filter(date__year=2021).delete()
    migration = importlib.import_module("minfu.workcal.migrations.0004_import_shipped_roc_110")

    migration.import_missing_shipped_years(django_apps, None)

    assert ImportBatch.objects.count() == 9
    assert ImportBatch.objects.first().years == [2021]
    assert OfficeDay.objects.filter(date__year=2021).count() == 365
    assert OfficeDay.objects.get(date=D(2021, 2, 20)).note == "補行上班"
    assert selectors.due_for(organisation=OrganisationFactory(), start=D(2021, 12, 27),
                             period=Period(5, PeriodUnit.WORKING_DAYS)) == D(2022, 1, 4)


def test_the_roc_110_migration_leaves_a_stored_2021_alone():
    own = services.office_calendar_import(content=calendar_csv(2021).encode(),
                                          file_name="own-2021.csv")
    migration = importlib.import_module("minfu.workcal.migrations.0004_import_shipped_roc_110")

    migration.import_missing_shipped_years(django_apps, None)

    assert ImportBatch.objects.count() == 10
    assert set(OfficeDay.objects.filter(date__year=2021).values_list("batch", flat=True)) \
        == {own.pk}


@pytest.mark.parametrize(("years", "label"), [
    ([], ""),
    ([2025], "2025 (ROC 114)"),
    ([2022, 2019, 2020, 2028, 2029], "2019-2020 (ROC 108-109), 2022 (ROC 111), "
                                     "2028-2029 (ROC 117-118)"),
])
def test_years_are_named_with_their_roc_years_and_runs_as_ranges(years, label):
    assert selectors.years_label(years) == label


def test_an_empty_calendar_is_named_as_such():
    OfficeDay.objects.all().delete()
    assert selectors.loaded_years_summary() == ("No year of the office calendar is loaded, "
                                                "so no deadline can be counted.")


def test_a_reissue_replaces_the_year_and_reports_each_changed_day():
    services.office_calendar_import(content=FIRST_2025, file_name="old-114.csv")
    assert not OfficeDay.objects.get(date=D(2025, 10, 24)).is_day_off

    batch = services.office_calendar_import(content=SHIPPED_2025, file_name="roc-114-reissue.csv")

    assert batch.years == [2025]
    assert batch.days_changed == 3
    assert batch.days_added == 0
    assert [change["date"] for change in batch.changes] == ["2025-09-29", "2025-10-24",
                                                             "2025-12-25"]
    assert batch.changes[1] == {"date": "2025-10-24", "was_day_off": False, "is_day_off": True,
                                "old_note": "", "new_note": "補假"}
    day = OfficeDay.objects.get(date=D(2025, 10, 24))
    assert day.is_day_off and day.source_file == "roc-114-reissue.csv" and day.batch == batch
    assert OfficeDay.objects.filter(date__year=2025).count() == 365
    event = AuditEvent.objects.filter(action="office_calendar.imported").last()
    assert event.object_id == str(batch.pk)
    assert event.after["days_changed"] == 3


def test_deadlines_follow_a_reissue_at_once():
    organisation = OrganisationFactory()
    friday = Period(1, PeriodUnit.WORKING_DAYS)
    assert selectors.due_for(organisation=organisation, start=D(2025, 10, 23),
                             period=friday) == D(2025, 10, 27)
    services.office_calendar_import(content=FIRST_2025, file_name="old-114.csv")
    assert selectors.due_for(organisation=organisation, start=D(2025, 10, 23),
                             period=friday) == D(2025, 10, 24)


def test_importing_the_same_file_again_changes_nothing():
    batch = services.office_calendar_import(content=SHIPPED_2025, file_name="again.csv")
    assert batch.days_changed == 0
    assert batch.changes == []


def test_a_new_year_is_added_and_closes_the_gap():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationFailed) as raised:
        selectors.due_for(organisation=organisation, start=D(2027, 12, 30),
                          period=Period(5, PeriodUnit.WORKING_DAYS))
    assert raised.value.code == "calendar_gap"
    assert raised.value.details == {"years": [2028]}

    batch = services.office_calendar_import(content=calendar_csv(2028).encode(),
                                            file_name="roc-117-office-calendar.csv")

    assert batch.days_added == 366 and batch.days_changed == 0
    assert selectors.due_for(organisation=organisation, start=D(2027, 12, 30),
                             period=Period(5, PeriodUnit.WORKING_DAYS)) == D(2028, 1, 7)  # 2027-12-31 is off


def test_a_broken_file_is_refused_with_every_problem_and_changes_nothing():
    content = calendar_csv(2025, skip={D(2025, 3, 1)}).replace("20250102,四", "20250102,五")
    with pytest.raises(ValidationFailed) as raised:
        services.office_calendar_import(content=content.encode(), file_name="broken.csv")
    assert raised.value.code == "calendar_file_invalid"
    assert len(raised.value.details["problems"]) == 2
    assert ImportBatch.objects.count() == 9
    assert OfficeDay.objects.get(date=D(2025, 10, 24)).is_day_off


def test_only_the_installation_administrator_may_import():
    admin = staff_user(UnitFactory(), Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        services.office_calendar_import(content=SHIPPED_2025, file_name="x.csv", actor=admin)
    batch = services.office_calendar_import(content=SHIPPED_2025, file_name="x.csv",
                                            actor=superuser())
    assert batch.imported_by.is_superuser


def test_the_command_prints_a_summary_of_each_file(tmp_path, capsys):
    old, new = tmp_path / "old.csv", tmp_path / "roc-114-office-calendar.csv"
    old.write_bytes(FIRST_2025)
    new.write_bytes(SHIPPED_2025)
    call_command("import_office_calendar", str(old), str(new))
    output = capsys.readouterr().out
    assert "old.csv: imported 365 days of 2025 (ROC 114); 3 days changed." in output
    assert "2025-10-24: working day → day off (補假)" in output
    assert output.endswith("Office calendar years loaded: 2019-2027 (ROC 108-116). Deadlines "
                           "that touch any other year cannot be counted until its official "
                           "calendar is imported.\n")
    assert ImportBatch.objects.count() == 11


def test_the_command_dry_run_writes_nothing(tmp_path, capsys):
    old = tmp_path / "old.csv"
    old.write_bytes(FIRST_2025)
    call_command("import_office_calendar", "--dry-run", str(old))
    assert "old.csv: would import 365 days of 2025 (ROC 114); 3 days changed." in \
        capsys.readouterr().out
    assert OfficeDay.objects.get(date=D(2025, 10, 24)).is_day_off


def test_the_command_reports_problems_and_fails(tmp_path, capsys):
    google = tmp_path / "google.csv"
    google.write_text("Subject,Start Date,Start Time\r\n春節,2025/1/29,\r\n", encoding="utf-8")
    with pytest.raises(CommandError, match="2 of 2 files not imported"):
        call_command("import_office_calendar", str(google), str(tmp_path / "absent.csv"))
    errors = capsys.readouterr().err
    assert "Google Calendar" in errors
    with pytest.raises(CommandError):
        call_command("import_office_calendar", str(tmp_path / "absent.csv"))


def test_load_shipped_fills_only_missing_years(capsys):
    OfficeDay.objects.filter(date__year__in=[2019, 2026]).delete()
    call_command("import_office_calendar", "--shipped")
    output = capsys.readouterr().out
    assert "roc-108-office-calendar.csv: imported 365 days of 2019 (ROC 108)" in output
    assert "roc-115-office-calendar.csv" in output and "roc-114" not in output
    assert OfficeDay.objects.count() == 7 * 365 + 2 * 366
    assert services.office_calendar_load_shipped() == []


def test_the_command_needs_a_file_or_shipped():
    with pytest.raises(CommandError, match="--shipped"):
        call_command("import_office_calendar")


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_that_empties_the_calendar():
    OfficeDay.objects.all().delete()  # as the flush after a transactional test does


def test_the_next_test_has_the_shipped_calendar_again():
    """tests/conftest.py puts the shipped days back for every database test."""
    assert OfficeDay.objects.count() == 7 * 365 + 2 * 366
