"""The citizen's pages (directory, booking, the appointment's page by link or lookup,
moving and cancelling) and the staff pages (the day's list, steps, the call to the
counter that opens the intake with the citizen's data)."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from minfu.appointments.models import Appointment
from minfu.org.models import Role
from tests.appointments.factories import at, book, point
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.date(2025, 2, 5)
MONDAY = dt.date(2025, 2, 10)


@pytest.fixture(autouse=True)
def _frozen():
    cache.clear()
    with time_machine.travel(at(WEDNESDAY, 9), tick=False):
        yield
    cache.clear()


def _book_url(offer, **query):
    url = reverse("appointments:public-book", args=[offer.service_point.pk, offer.pk])
    return url + ("?from=" + query["start"].isoformat() if "start" in query else "")


def _book(client, offer, slot: str, **overrides):
    url = _book_url(offer, start=MONDAY)
    form = client.get(url).context["form"]
    data = {"token": form.initial["token"], "slot": slot, "name": "王小明",
            "email": "ming@example.tw", "phone": "", "language": "zh-hant",
            "consent": "on", "note": ""}
    data.update(overrides)
    return client.post(url, data)


def test_directory_and_point_pages_show_hours_services_and_accessibility(client):
    offer = point(saturday=True, home_visits=True)
    directory = client.get(reverse("appointments:public-directory")).content.decode()
    assert "中正服務處" in directory
    page = client.get(reverse("appointments:public-point", args=[offer.service_point.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert _book_url(offer) in html
    assert reverse("appointments:public-home-visit",
                   args=[offer.service_point.pk, offer.pk]) in html
    assert "09:00–12:00" in html


def test_book_see_the_code_once_then_move_and_cancel(client):
    offer = point(capacity=1)
    response = _book(client, offer, "2025-02-10T09:00")
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("appointments:public-detail", args=[appointment.pk])
    first = client.get(response.url)
    assert first.context["access_code"] and appointment.number in first.content.decode()
    assert client.get(response.url).context["access_code"] == ""
    moved = client.post(reverse("appointments:public-reschedule", args=[appointment.pk])
                        + "?from=2025-02-10",
                        {"slot": "2025-02-11T10:00", "version": appointment.version})
    assert moved.status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_at == at(dt.date(2025, 2, 11), 10)
    client.post(reverse("appointments:public-cancel", args=[appointment.pk]),
                {"version": appointment.version})
    appointment.refresh_from_db()
    assert appointment.state == "cancelled"


def test_the_link_opens_the_page_in_another_browser_and_strangers_are_sent_to_the_lookup():
    offer = point()
    booked = book(offer, at(MONDAY, 9))
    detail = reverse("appointments:public-detail", args=[booked.appointment.pk])
    stranger = Client()
    assert stranger.get(detail).url == reverse("records:public-lookup")
    assert stranger.post(reverse("appointments:public-cancel",
                                 args=[booked.appointment.pk]), {"version": 1}).status_code == 404
    citizen = Client()
    opened = citizen.get(reverse("appointments:public-manage", args=[booked.token]))
    assert opened.url == detail
    assert citizen.get(detail).status_code == 200
    assert citizen.get(reverse("appointments:public-manage", args=["forged"])).status_code == 404


def test_a_home_visit_is_asked_for_another_day_by_its_link():
    from minfu.appointments import services
    from tests.appointments.factories import contact

    offer = point(home_visits=True)
    booked = services.home_visit_request(
        offer=offer, preferred_date=dt.date(2025, 2, 12), home_address="臺北市信義路五段7號",
        contact=contact(), note="行動不便")
    citizen = Client()
    citizen.get(reverse("appointments:public-manage", args=[booked.token]))
    detail = reverse("appointments:public-detail", args=[booked.appointment.pk])
    assert "another-day" in citizen.get(detail).content.decode()
    url = reverse("appointments:public-ask-again", args=[booked.appointment.pk])
    refused = citizen.post(url, {"preferred_date": "114/02/01", "version": 1})
    assert refused.status_code == 400 and "error-summary" in refused.content.decode()
    moved = citizen.post(url, {"preferred_date": "114/02/19", "note": "改下午", "version": 1})
    assert moved.status_code == 302 and moved.url == detail
    appointment = Appointment.objects.get()
    assert (appointment.preferred_date, appointment.state) == (dt.date(2025, 2, 19), "requested")
    assert Client().post(url, {"preferred_date": "114/02/20", "version": 2}).status_code == 404


def test_a_full_slot_is_refused_on_the_form(client):
    offer = point(capacity=1)
    book(offer, at(MONDAY, 9))
    response = _book(client, offer, "2025-02-10T09:00")
    assert response.status_code == 400  # the full slot is no longer a choice
    assert Appointment.objects.count() == 1


def test_a_double_submission_books_once(client):
    offer = point(capacity=3)
    url = _book_url(offer, start=MONDAY)
    token = client.get(url).context["form"].initial["token"]
    data = {"token": token, "slot": "2025-02-10T09:00", "name": "王小明",
            "email": "ming@example.tw", "language": "zh-hant", "consent": "on"}
    client.post(url, data)
    client.post(url, data)
    assert Appointment.objects.count() == 1


def test_staff_see_the_day_check_in_and_call_to_the_intake_prefilled(client):
    offer = point()
    appointment = book(offer, at(WEDNESDAY, 10)).appointment
    officer = staff_user(offer.service_point.unit, Role.OFFICER)
    client.force_login(officer)
    day = client.get(reverse("appointments:staff-index") + "?day=2025-02-05")
    assert appointment.number in day.content.decode()
    action = reverse("appointments:staff-action", args=[appointment.pk, "check_in"])
    assert client.post(action, {"check_in-version": appointment.version}).status_code == 302
    appointment.refresh_from_db()
    served = client.post(reverse("appointments:staff-action", args=[appointment.pk, "serve"]),
                         {"serve-version": appointment.version})
    assert served.status_code == 302 and served.url.startswith(reverse("cases:staff-intake"))
    intake = client.get(served.url)
    assert intake.context["form"].initial["applicant_name"] == "王小明"
    assert intake.context["form"].initial["contact_email"] == "ming@example.tw"
    appointment.refresh_from_db()
    assert appointment.state == "served"


def test_staff_of_another_agency_get_404(client):
    appointment = book(point(), at(MONDAY, 9)).appointment
    client.force_login(staff_user(None, Role.OFFICER))
    assert client.get(reverse("appointments:staff-detail",
                              args=[appointment.pk])).status_code == 404


def test_a_booking_made_while_signed_in_is_in_my_records_and_opens_without_a_code(client):
    from tests.citizens.factories import citizen, sign_in

    sign_in(client, citizen())
    assert _book(client, point(capacity=2), "2025-02-10T09:00").status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.number in client.get(reverse("citizens:my-records")).content.decode()
    opened = client.get(reverse("citizens:record-open", args=["appointment", appointment.pk]))
    assert opened.status_code == 302
    assert opened.url == reverse("appointments:public-detail", args=[appointment.pk])
    exported = client.post(reverse("citizens:export"), {"format": "json"}).content.decode()
    assert appointment.number in exported and "ming@example.tw" in exported


def test_an_anonymous_booking_is_in_nobody_s_records(client):
    from minfu.citizens.models import RecordLink

    _book(client, point(capacity=2), "2025-02-10T09:00")
    assert not RecordLink.objects.exists()
