"""Staff pages: closures, the year view and the import with its preview."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from minfu.org.models import Locality, Role
from minfu.workcal.models import Closure, ImportBatch, OfficeDay
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user, superuser
from tests.workcal.factories import DATA_DIR, ClosureFactory

D = dt.date
pytestmark = pytest.mark.django_db


def member(locality=Locality.TAIPEI, role=Role.AGENCY_ADMIN):
    return staff_user(UnitFactory(organisation=OrganisationFactory(locality=locality)), role)


def english(name, *args):
    """The English page (the language lives in the URL) so that texts compare as written."""
    with translation.override("en"):
        return reverse(name, args=args)


def chinese(name, *args):
    with translation.override("zh-hant"):
        return reverse(name, args=args)


def test_the_existing_closures_url_still_works():
    assert reverse("workcal:staff-closures") == "/staff/calendar/closures/"


def test_closures_need_a_signed_in_user(client):
    response = client.get(reverse("workcal:staff-closures"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_list_shows_closures_of_the_users_localities(client):
    ClosureFactory(date=D(2025, 7, 7), notice_reference="臺北市政府 公告 第1號")
    ClosureFactory(date=D(2025, 7, 8), locality=Locality.KAOHSIUNG,
                   notice_reference="高雄市政府 公告 第2號")
    client.force_login(member(role=Role.OFFICER))
    page = client.get(english("workcal:staff-closures")).content.decode()
    assert "臺北市政府 公告 第1號" in page
    assert "高雄市政府 公告 第2號" not in page
    assert "Record a closure" not in page  # officers only read


def test_an_administrator_records_a_closure(client):
    client.force_login(member())
    form_page = client.get(english("workcal:staff-closure-create")).content.decode()
    assert 'value="taipei"' in form_page and 'value="kaohsiung"' not in form_page
    response = client.post(english("workcal:staff-closure-create"), {
        "locality": "taipei", "date": "2025-07-07", "starts_at": "", "ends_at": "",
        "notice_reference": "臺北市政府 公告", "note": "颱風"})
    assert response.status_code == 302
    closure = Closure.objects.get()
    assert closure.date == D(2025, 7, 7) and closure.is_whole_day and closure.note == "颱風"


def test_form_errors_are_shown_and_nothing_is_saved(client):
    client.force_login(member())
    response = client.post(english("workcal:staff-closure-create"), {
        "locality": "taipei", "date": "2025-07-07", "starts_at": "14:00", "ends_at": "",
        "notice_reference": "公告"})
    assert response.status_code == 200
    assert "Give both times for part of a day" in response.content.decode()
    assert not Closure.objects.exists()


def test_a_duplicate_closure_is_explained_on_the_form(client):
    ClosureFactory(date=D(2025, 7, 7))
    client.force_login(member())
    response = client.post(english("workcal:staff-closure-create"), {
        "locality": "taipei", "date": "2025-07-07", "notice_reference": "公告"})
    assert "already recorded" in response.content.decode()
    assert Closure.objects.count() == 1


def test_officers_may_not_open_the_closure_form(client):
    client.force_login(member(role=Role.OFFICER))
    assert client.get(reverse("workcal:staff-closure-create")).status_code == 403


def test_a_closure_of_another_locality_is_not_found(client):
    closure = ClosureFactory(date=D(2025, 7, 7))
    client.force_login(member(Locality.KAOHSIUNG))
    assert client.get(reverse("workcal:staff-closure-edit", args=[closure.pk])).status_code == 404
    assert client.post(reverse("workcal:staff-closure-delete", args=[closure.pk]),
                       {"version": 1}).status_code == 404
    assert Closure.objects.filter(pk=closure.pk).exists()


def test_a_stale_edit_is_refused_with_a_message(client):
    closure = ClosureFactory(date=D(2025, 7, 7))
    client.force_login(member())
    data = {"locality": "taipei", "date": "2025-07-08", "notice_reference": "更正",
            "version": 1}
    assert client.post(english("workcal:staff-closure-edit", closure.pk), data).status_code == 302
    stale = client.post(english("workcal:staff-closure-edit", closure.pk),
                        {**data, "date": "2025-07-09"})
    assert "Someone else changed this record" in stale.content.decode()
    closure.refresh_from_db()
    assert closure.date == D(2025, 7, 8) and closure.version == 2


def test_a_closure_is_removed_after_confirmation(client):
    closure = ClosureFactory(date=D(2025, 7, 7))
    client.force_login(member())
    confirm = client.get(english("workcal:staff-closure-delete", closure.pk)).content.decode()
    assert "Remove the closure of Taipei City" in confirm
    response = client.post(english("workcal:staff-closure-delete", closure.pk), {"version": 1})
    assert response.status_code == 302
    assert not Closure.objects.exists()


def test_the_year_view_shows_twelve_accessible_months_with_roc_headings(client):
    ClosureFactory(date=D(2025, 7, 7))
    client.force_login(member(role=Role.OFFICER))
    page = client.get(chinese("workcal:staff-year", 2025)).content.decode()
    assert page.count("<h1>") == 1
    assert "114" in re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert page.count('<table class="calendar-month">') == 12
    assert "<caption>114年1月</caption>" in page and "<caption>114年12月</caption>" in page
    assert page.count('<th scope="col">') == 7 * 12
    # The make-up Saturday, the added holiday and the Taipei closure are written out.
    assert re.search(r'day-makeup">\s*<time datetime="2025-02-08"', page)
    assert re.search(r'day-off">\s*<time datetime="2025-10-24"', page)
    assert re.search(r'day-closed">\s*<time datetime="2025-07-07"', page)


def test_the_year_view_in_english_uses_ad_month_names(client):
    client.force_login(member(role=Role.OFFICER))
    page = client.get(english("workcal:staff-year", 2024)).content.decode()
    assert "<caption>February 2024</caption>" in page
    assert "Office calendar for ROC year 113 (2024)" in page


def test_a_year_without_data_says_so(client):
    client.force_login(member(role=Role.OFFICER))
    page = client.get(english("workcal:staff-year", 2028)).content.decode()
    assert "has no data for 2028 (ROC 117)" in page
    assert "calendar-month" not in page


def test_the_current_year_view_and_out_of_range_years(client):
    client.force_login(member(role=Role.OFFICER))
    assert client.get(reverse("workcal:staff-year-current")).status_code == 200
    assert client.get(reverse("workcal:staff-year", args=[9999])).status_code == 404


SHIPPED_2025 = (DATA_DIR / "roc-114-office-calendar.csv").read_bytes()
FIRST_2025 = SHIPPED_2025.decode("utf-8-sig").replace(
    "20251024,五,2,補假", "20251024,五,0,").encode("cp950")


def test_the_import_shows_the_changes_before_saving_them(client):
    client.force_login(superuser())
    upload = SimpleUploadedFile("roc-114-first.csv", FIRST_2025, content_type="text/csv")
    preview = client.post(english("workcal:staff-import"), {"file": upload})
    page = preview.content.decode()
    assert "Check the changes before importing" in page
    assert 'datetime="2025-10-24"' in page
    assert "1 stored day changes" in page
    assert OfficeDay.objects.get(date=D(2025, 10, 24)).is_day_off  # nothing saved yet

    sha256 = re.search(r'name="sha256" value="([0-9a-f]{64})"', page).group(1)
    response = client.post(english("workcal:staff-import"), {"sha256": sha256})
    assert response.status_code == 302
    assert not OfficeDay.objects.get(date=D(2025, 10, 24)).is_day_off
    batch = ImportBatch.objects.first()
    assert batch.file_name == "roc-114-first.csv" and batch.days_changed == 1
    listing = client.get(english("workcal:staff-import")).content.decode()
    assert "roc-114-first.csv" in listing
    assert "Office calendar years loaded: 2019-2027 (ROC 108-116)." in listing


def test_a_confirmation_without_a_pending_upload_is_refused(client):
    client.force_login(superuser())
    response = client.post(english("workcal:staff-import"), {"sha256": "0" * 64}, follow=True)
    assert "upload the file again" in response.content.decode()
    assert ImportBatch.objects.count() == 9


def test_a_broken_upload_lists_its_problems(client):
    client.force_login(superuser())
    upload = SimpleUploadedFile("google.csv", b"Subject,Start Date\r\nX,2025/1/1\r\n")
    page = client.post(english("workcal:staff-import"), {"file": upload}).content.decode()
    assert "Google Calendar variant" in page
    assert ImportBatch.objects.count() == 9


def test_agency_administrators_may_not_import_the_national_calendar(client):
    client.force_login(member())
    assert client.get(reverse("workcal:staff-import")).status_code == 403


def test_the_closure_date_may_be_typed_as_an_roc_date(client):
    client.force_login(member())
    response = client.post(chinese("workcal:staff-closure-create"), {
        "locality": "taipei", "date": "114/07/07", "notice_reference": "臺北市政府 公告"})
    assert response.status_code == 302
    assert Closure.objects.get().date == D(2025, 7, 7)
