"""The staff pages that keep service points (views/points.py): who sees them, the
details, the weekly hours as rows, special days and the services offered, with a stale
form refused on the page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from minfu.appointments.models import Appointment, ServicePoint
from minfu.org.models import Role
from tests.appointments.factories import at, book, point
from tests.catalog.factories import published
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.date(2025, 2, 5)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(at(WEDNESDAY, 9), tick=False):
        yield


@pytest.fixture
def offer():
    return point()


@pytest.fixture
def coordinator(client, offer):
    user = staff_user(offer.service_point.unit, Role.QUALITY_COORDINATOR)
    client.force_login(user)
    return user


def _url(name, *args):
    return reverse(f"appointments:{name}", args=args)


def _hours_data(rows, version):
    data = {"version": version, "hours-TOTAL_FORMS": len(rows), "hours-INITIAL_FORMS": len(rows),
            "hours-MIN_NUM_FORMS": 0, "hours-MAX_NUM_FORMS": 60}
    for index, (weekday, opens, closes) in enumerate(rows):
        data |= {f"hours-{index}-weekday": weekday, f"hours-{index}-opens": opens,
                 f"hours-{index}-closes": closes}
    return data


def test_the_index_links_the_points_and_the_list_shows_the_own_ones(client, offer, coordinator):
    assert _url("staff-points") in client.get(_url("staff-index")).content.decode()
    other = point(code="other").service_point
    page = client.get(_url("staff-points"))
    assert list(page.context["points"]) == [offer.service_point]
    assert other.organisation != offer.service_point.organisation
    detail = client.get(_url("staff-point", offer.service_point.pk))
    assert detail.status_code == 200 and "08:30–12:30" in detail.content.decode()


@pytest.mark.parametrize("role", [Role.QUALITY_COORDINATOR, Role.OFFICER])
def test_another_agencys_coordinator_and_an_officer_get_404(client, offer, role):
    unit = None if role == Role.QUALITY_COORDINATOR else offer.service_point.unit
    client.force_login(staff_user(unit, role))
    pk = offer.service_point.pk
    for url in (_url("staff-point", pk), _url("staff-point-edit", pk),
                _url("staff-point-hours", pk), _url("staff-point-special-day", pk),
                _url("staff-point-offer", pk), _url("staff-point-offer-edit", pk, offer.pk)):
        assert client.get(url).status_code == 404
        assert client.post(url, {"version": 1}).status_code == 404
    if role == Role.OFFICER:  # a coordinator may start a point of their own agency
        assert client.get(_url("staff-point-new")).status_code == 403
        assert _url("staff-points") not in client.get(_url("staff-index")).content.decode()


def test_a_new_point_and_a_stale_edit_refused_on_the_form(client, offer, coordinator):
    unit = offer.service_point.unit
    data = {"unit": unit.pk, "code": "north", "name_zh": "北區服務站", "name_en": "",
            "locality": "taipei", "address_zh": "臺北市北投區1號", "slot_minutes": 20,
            "book_days_ahead": 14, "accessibility": ["step_free", "braille"], "active": "on"}
    created = client.post(_url("staff-point-new"), data)
    new = ServicePoint.objects.get(code="north")
    assert created.status_code == 302 and created.url == _url("staff-point", new.pk)
    assert new.organisation == unit.organisation and new.accessibility == ["step_free",
                                                                           "braille"]
    duplicate = client.post(_url("staff-point-new"), data)
    assert duplicate.status_code == 400 and duplicate.context["form"].errors["code"]
    edit = _url("staff-point-edit", new.pk)
    assert client.post(edit, data | {"name_zh": "北區", "version": 1}).status_code == 302
    stale = client.post(edit, data | {"name_zh": "舊名", "version": 1})
    assert stale.status_code == 400 and stale.context["form"].non_field_errors()
    new.refresh_from_db()
    assert new.name_zh == "北區" and new.version == 2


def test_hours_as_rows_refuse_overlaps_and_move_the_appointments_they_close(
        client, offer, coordinator):
    the_point = offer.service_point
    booked = book(offer, at(dt.date(2025, 2, 10), 14)).appointment
    url = _url("staff-point-hours", the_point.pk)
    page = client.get(url)
    assert page.status_code == 200 and page.context["rows"].total_form_count() == 13
    overlap = client.post(url, _hours_data([(0, "08:30", "12:30"), (0, "12:00", "17:00")],
                                           the_point.version))
    assert overlap.status_code == 400 and overlap.context["rows"].non_form_errors()
    backwards = client.post(url, _hours_data([(0, "12:30", "08:30")], the_point.version))
    assert backwards.status_code == 400
    mornings = [(day, "08:30", "12:30") for day in range(5)] + [(1, "", "")]
    saved = client.post(url, _hours_data(mornings, the_point.version), follow=True)
    assert saved.redirect_chain[-1][0] == _url("staff-point", the_point.pk)
    assert the_point.hours.count() == 5
    booked.refresh_from_db()
    assert booked.state == "displaced"
    assert any("1" in str(message) for message in saved.context["messages"])
    stale = client.post(url, _hours_data(mornings, the_point.version))
    assert stale.status_code == 400 and stale.context["form"].non_field_errors()


def test_special_days_are_added_and_removed(client, offer, coordinator):
    the_point = offer.service_point
    add = _url("staff-point-special-day", the_point.pk)
    both = client.post(add, {"version": the_point.version, "date": "114/02/12",
                             "closed": "on", "opens": "09:00", "closes": "12:00"})
    assert both.status_code == 400 and both.context["form"].errors["closed"]
    closed = client.post(add, {"version": the_point.version, "date": "114/02/12",
                               "closed": "on", "note_zh": "整修"})
    assert closed.status_code == 302
    special = the_point.special_days.get()
    page = client.get(_url("staff-point", the_point.pk)).content.decode()
    assert "114年2月12日" in page and "整修" in page
    remove = _url("staff-point-special-day-remove", the_point.pk, special.pk)
    assert client.get(remove).status_code == 200
    assert client.post(remove, {"version": the_point.version}).status_code == 400  # stale
    assert client.post(remove, {"version": the_point.version + 1}).status_code == 302
    assert not the_point.special_days.exists()


def test_services_are_offered_from_the_catalogue_and_changed(client, offer, coordinator):
    the_point = offer.service_point
    second = published(the_point.unit, "TAX-REFUND").service_type
    new = client.get(_url("staff-point-offer", the_point.pk))
    assert {choice.pk for choice in new.context["form"].fields["service_type"].queryset} == {
        offer.service_type_id, second.pk}
    added = client.post(_url("staff-point-offer", the_point.pk), {
        "version": the_point.version, "service_type": second.pk, "capacity": 2,
        "home_visits": "on", "active": "on"})
    assert added.status_code == 302
    assert the_point.offers.get(service_type=second).home_visits
    again = client.post(_url("staff-point-offer", the_point.pk), {
        "version": the_point.version + 1, "service_type": second.pk, "capacity": 2})
    assert again.status_code == 400 and again.context["form"].errors["service_type"]
    edit = _url("staff-point-offer-edit", the_point.pk, offer.pk)
    assert "service_type" not in client.get(edit).context["form"].fields
    assert client.post(edit, {"version": the_point.version + 1, "capacity": 101}
                       ).status_code == 400
    assert client.post(edit, {"version": the_point.version + 1, "capacity": 4}
                       ).status_code == 302
    offer.refresh_from_db()
    assert offer.capacity == 4 and not offer.active
    assert not Appointment.objects.exists()
