"""Accessibility of the appointment pages in a real browser: axe-core finds no WCAG 2.1
A/AA violation on the directory, a service point, the booking form and the citizen's
appointment page (opened by its link), in either language."""

import datetime as dt

import pytest
from django.utils import timezone

from minfu.appointments import selectors
from tests.appointments.factories import book, point
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_appointment_pages_have_no_wcag_violations(live_server, browser_page, language):
    offer = point(saturday=True, home_visits=True)
    today = timezone.localdate()
    slot = next(s for s in selectors.free_slots(offer, first=today + dt.timedelta(days=1),
                                                last=today + dt.timedelta(days=14)))
    booked = book(offer, slot.starts_at)
    pk = offer.service_point.pk
    for name, kwargs in (("appointments:public-directory", {}),
                         ("appointments:public-point", {"pk": pk}),
                         ("appointments:public-book", {"pk": pk, "offer_pk": offer.pk}),
                         ("appointments:public-home-visit", {"pk": pk, "offer_pk": offer.pk}),
                         ("appointments:public-manage", {"token": booked.token})):
        assert_accessible(browser_page, live_server.url + url_in(language, name, **kwargs))


def test_service_point_staff_pages_have_no_wcag_violations(live_server, browser_page):
    from django.conf import settings
    from django.test import Client

    from minfu.appointments.models import SpecialDay
    from minfu.org.models import Role
    from tests.org.factories import staff_user

    offer = point(saturday=True, home_visits=True)
    the_point = offer.service_point
    special = SpecialDay.objects.create(service_point=the_point,
                                        date=timezone.localdate() + dt.timedelta(days=3),
                                        closed=True, note_zh="整修")
    client = Client()
    client.force_login(staff_user(the_point.unit, Role.QUALITY_COORDINATOR))
    browser_page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                                       "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                                       "url": live_server.url}])
    pk = the_point.pk
    for name, kwargs in (("appointments:staff-points", {}),
                         ("appointments:staff-point-new", {}),
                         ("appointments:staff-point", {"pk": pk}),
                         ("appointments:staff-point-edit", {"pk": pk}),
                         ("appointments:staff-point-hours", {"pk": pk}),
                         ("appointments:staff-point-special-day", {"pk": pk}),
                         ("appointments:staff-point-special-day-remove",
                          {"pk": pk, "day_pk": special.pk}),
                         ("appointments:staff-point-offer", {"pk": pk}),
                         ("appointments:staff-point-offer-edit",
                          {"pk": pk, "offer_pk": offer.pk})):
        assert_accessible(browser_page, live_server.url + url_in("zh-hant", name, **kwargs))
