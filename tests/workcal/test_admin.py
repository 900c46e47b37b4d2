"""Admin: read-only office days and imports; closures scoped and written through the
services."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation

from minfu.core.models import AuditEvent
from minfu.org.models import Locality, Role
from minfu.workcal.models import Closure, OfficeDay
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user, superuser
from tests.workcal.factories import ClosureFactory

pytestmark = pytest.mark.django_db


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:workcal_{model}_{action}", args=args)


def staff_admin(locality):
    return staff_user(UnitFactory(organisation=OrganisationFactory(locality=locality)),
                      Role.AGENCY_ADMIN, is_staff=True)


def test_office_days_are_read_only(client):
    client.force_login(superuser())
    day = OfficeDay.objects.get(date=dt.date(2025, 2, 8))
    assert client.get(admin_url("officeday")).status_code == 200
    assert client.get(admin_url("officeday", "add")).status_code == 403
    client.post(admin_url("officeday", "change", day.pk), {"is_day_off": "on"})
    assert not OfficeDay.objects.get(pk=day.pk).is_day_off


@pytest.mark.parametrize("model", ["officeday", "importbatch"])
def test_the_office_calendar_lists_say_which_years_are_loaded(client, model):
    OfficeDay.objects.filter(date__year=2021).delete()
    client.force_login(superuser())
    with translation.override("en"):
        page = client.get(admin_url(model), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'<li class="info">Office calendar years loaded: 2019-2020 \(ROC 108-109\), '
                     r"2022-2027 \(ROC 111-116\)\. Deadlines that touch any other year", page)


def test_closures_are_scoped_to_the_staff_members_localities(client):
    taipei = ClosureFactory(date=dt.date(2025, 7, 7))
    ClosureFactory(date=dt.date(2025, 7, 7), locality=Locality.KAOHSIUNG)
    client.force_login(staff_admin(Locality.TAIPEI))
    listed = client.get(admin_url("closure")).context["cl"].queryset
    assert list(listed) == [taipei]
    form = client.get(admin_url("closure", "add")).context["adminform"].form
    assert [value for value, _label in form.fields["locality"].choices if value] == ["taipei"]


def test_an_admin_save_goes_through_the_service(client):
    client.force_login(staff_admin(Locality.TAIPEI))
    response = client.post(admin_url("closure", "add"), {
        "locality": "taipei", "date": "2025-07-07", "notice_reference": "臺北市政府 公告",
        "note": ""})
    assert response.status_code == 302
    closure = Closure.objects.get()
    assert AuditEvent.objects.filter(action="closure.created", object_id=str(closure.pk)).exists()
    stale = client.post(admin_url("closure", "change", closure.pk), {
        "locality": "taipei", "date": "2025-07-08", "notice_reference": "更正", "note": "",
        "expected_version": 0})
    assert stale.status_code == 200
    assert Closure.objects.get().date == dt.date(2025, 7, 7)
