"""The ministry's page: for a year, which agencies under it published their plan by the
programme's deadline (end of January unless it says otherwise), and a reminder, through
the outbox, to those that have not."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.core.errors import PermissionDenied
from minfu.notify.models import OutboxMessage
from minfu.org.models import Role
from minfu.plans import notices, selectors, services
from minfu.plans.models import Programme
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user, superuser
from tests.plans.factories import coordinator, plan_for

pytestmark = pytest.mark.django_db


class Ministry:
    """A ministry with four agencies: one published on time, one late, one with a draft,
    one without a plan; a branch (which writes none) and another ministry's agency."""

    def __init__(self):
        self.ministry = OrganisationFactory.ministry(code="MIN")
        self.evaluator = staff_user(UnitFactory(organisation=self.ministry),
                                    Role.MINISTRY_EVALUATOR)
        self.programme = Programme.objects.create(organisation=self.ministry, code="min-prog",
                                                  title="提升服務實施計畫")
        self.agencies = [OrganisationFactory.agency(parent=self.ministry, code=code)
                         for code in ("ONTIME", "LATE", "DRAFT", "NONE")]
        self.coordinators = [coordinator(UnitFactory(organisation=agency))
                             for agency in self.agencies]
        OrganisationFactory.branch(parent=self.agencies[0])
        OrganisationFactory.agency(parent=OrganisationFactory.ministry())
        for agency, published_on in zip(self.agencies[:3],
                                        (dt.date(2025, 1, 20), dt.date(2025, 2, 5), None),
                                        strict=True):
            plan = plan_for(agency)
            if published_on:
                services.plan_publish(actor=superuser(), plan=plan,
                                      expected_version=plan.version, today=published_on)


def _states(ministry, today, year=2025):
    """In the agencies' order of creation (the page lists them by the organisation tree)."""
    found = {s.organisation.code: (s.organisation.code, s.state, s.overdue) for s in
             selectors.plan_submissions(ministry.programme, year, today=today)}
    return [found[agency.code] for agency in ministry.agencies]


def test_agencies_are_flagged_by_the_deadline_at_the_end_of_january():
    ministry = Ministry()
    assert ministry.programme.plans_due_on(2025) == dt.date(2025, 1, 31)
    assert _states(ministry, dt.date(2025, 1, 31)) == [
        ("ONTIME", "on_time", False), ("LATE", "late", False), ("DRAFT", "draft", False),
        ("NONE", "missing", False)]
    assert _states(ministry, dt.date(2025, 2, 1))[2:] == [("DRAFT", "draft", True),
                                                         ("NONE", "missing", True)]
    services.programme_deadline_set(actor=ministry.evaluator, programme=ministry.programme,
                                    month=2, day=15)
    assert _states(ministry, dt.date(2025, 2, 1))[1:] == [
        ("LATE", "on_time", False), ("DRAFT", "draft", False), ("NONE", "missing", False)]


def test_the_reminder_reaches_the_agencies_without_a_published_plan_once_a_day():
    ministry = Ministry()
    told = services.plans_missing_remind(actor=ministry.evaluator,
                                         programme=ministry.programme, year=2025,
                                         today=dt.date(2025, 2, 3))
    assert told == 2
    messages = OutboxMessage.objects.filter(event=notices.PLAN_MISSING)
    assert sorted(m.recipient for m in messages) == sorted(
        c.email for c in ministry.coordinators[2:])
    body = messages.first().body
    assert "114年1月31日" in body and "提升服務實施計畫" in body
    assert services.plans_missing_remind(actor=ministry.evaluator,
                                         programme=ministry.programme, year=2025,
                                         today=dt.date(2025, 2, 3)) == 0
    assert services.plans_missing_remind(actor=ministry.evaluator,
                                         programme=ministry.programme, year=2025,
                                         today=dt.date(2025, 2, 10)) == 2
    with pytest.raises(PermissionDenied):
        services.plans_missing_remind(actor=ministry.coordinators[3],
                                      programme=ministry.programme, year=2025)


def test_the_ministry_page_flags_a_missing_plan_after_31_january(client):
    ministry = Ministry()
    url = reverse("plans:staff-oversight")
    with time_machine.travel(dt.datetime(2025, 1, 30, 2, tzinfo=dt.UTC), tick=False):
        client.force_login(ministry.evaluator)   # staff sessions time out: sign in then
        before = client.get(url, {"year": 2025}).content.decode()
    with time_machine.travel(dt.datetime(2025, 2, 1, 2, tzinfo=dt.UTC), tick=False):
        client.force_login(ministry.evaluator)
        response = client.get(url, {"year": 2025})
        after = response.content.decode()
        assert response.status_code == 200, response
        client.post(reverse("plans:staff-oversight-remind", args=[ministry.programme.pk]),
                    {"year": 2025})
    assert "提升服務實施計畫" in before and "overdue" not in before
    assert after.count('class="submission-missing overdue"') == 1
    assert after.count('class="submission-draft overdue"') == 1
    assert OutboxMessage.objects.filter(event=notices.PLAN_MISSING).count() == 2
    client.force_login(ministry.coordinators[0])   # an agency sees no ministry page
    assert client.get(url).status_code == 403


def test_the_api_lists_submissions_and_reminds():
    ministry = Ministry()
    api = APIClient()
    api.force_authenticate(ministry.evaluator)
    programmes = api.get(reverse("api:plans-programme-list")).json()
    rows = programmes["results"] if isinstance(programmes, dict) else programmes
    assert [row["id"] for row in rows] == [ministry.programme.pk]
    with time_machine.travel(dt.datetime(2025, 2, 2, 2, tzinfo=dt.UTC), tick=False):
        found = api.get(reverse("api:plans-programme-submissions",
                                args=[ministry.programme.pk]), {"year": 2025}).json()
        told = api.post(reverse("api:plans-programme-remind", args=[ministry.programme.pk]),
                        {"year": 2025}, format="json").json()
    assert sorted((row["organisation"], row["state"], row["overdue"]) for row in found) == [
        ("DRAFT", "draft", True), ("LATE", "late", False), ("NONE", "missing", True),
        ("ONTIME", "on_time", False)]
    assert told == {"told": 2}
    outsider = APIClient()
    outsider.force_authenticate(ministry.coordinators[0])
    assert outsider.get(reverse("api:plans-programme-submissions",
                                args=[ministry.programme.pk])).status_code == 404
