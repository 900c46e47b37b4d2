"""The appointments' metrics, their open-data listing (a package that validates) and the
demo loader."""

import datetime as dt

import pytest
import time_machine
from frictionless import Package

from minfu.appointments import demo, services
from minfu.appointments.models import Appointment, ServicePoint
from minfu.metrics.registry import aggregate, metric
from minfu.opendata import services as opendata_services
from minfu.org.models import Role
from tests.appointments.factories import at, book, contact, point
from tests.opendata.test_publication import validate
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.date(2025, 2, 5)


def test_bookings_no_shows_and_waiting_time():
    with time_machine.travel(at(WEDNESDAY, 8), tick=False):
        offer = point(capacity=5)
        officer = staff_user(offer.service_point.unit, Role.OFFICER)
        first, second, third = (book(offer, at(WEDNESDAY, 9),
                                     contact=contact(email=f"{n}@example.tw")).appointment
                                for n in range(3))
    with time_machine.travel(at(WEDNESDAY, 9), tick=False):
        first = services.appointment_check_in(appointment=first, actor=officer,
                                              expected_version=first.version)
        second = services.appointment_check_in(appointment=second, actor=officer,
                                               expected_version=second.version)
    with time_machine.travel(at(WEDNESDAY, 9, 10), tick=False):
        services.appointment_serve(appointment=first, actor=officer,
                                   expected_version=first.version)
    with time_machine.travel(at(WEDNESDAY, 9, 30), tick=False):
        services.appointment_serve(appointment=second, actor=officer,
                                   expected_version=second.version)
        services.appointment_no_show(appointment=third, actor=officer,
                                     expected_version=third.version)

    def value(code):
        found = metric(code)
        return aggregate(found.kind, found.source(WEDNESDAY, WEDNESDAY))

    assert value("appointments.bookings") == 3
    assert round(value("appointments.no_show_rate"), 1) == 33.3
    assert value("appointments.waiting_minutes") == 20  # 10 and 30 minutes


def test_the_service_points_dataset_validates(tmp_path):
    offer = point(saturday=True, home_visits=True)
    dataset = opendata_services.dataset_register(
        actor=None, organisation=offer.service_point.organisation, kind="service_points",
        contact_phone="02-1234-5678", contact_email="open@example.gov.tw")
    publication = opendata_services.dataset_publish(actor=None, dataset=dataset).publication
    folder = validate(publication, tmp_path)
    package = Package(str(folder / "datapackage.json"))
    rows = package.get_resource("service_points").read_rows()
    assert rows[0]["home_visits"] is True
    assert len(package.get_resource("opening_hours").read_rows()) == 11


def test_the_demo_loads_twice_without_doubling():
    from minfu.catalog import demo as catalog_demo
    from minfu.org import demo as org_demo
    from minfu.workcal import demo as workcal_demo

    for module in (org_demo, workcal_demo, catalog_demo):
        module.load()
    demo.load()
    demo.load()
    assert ServicePoint.objects.count() == 2
    assert Appointment.objects.filter(kind="counter").count() == 2
    assert Appointment.objects.filter(state="requested").count() == 1
