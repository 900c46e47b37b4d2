"""The staff home's "your work": counts of what each person has to do, each linking to
exactly those records, and nothing of another agency."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from minfu.cases.models import Case
from minfu.voice.models import Petition
from tests.cases.factories import officer, service
from tests.cases.factories import submit as submit_case
from tests.voice.factories import submit as submit_petition

pytestmark = pytest.mark.django_db


def _counts(response) -> dict[tuple[str, str], object]:
    return {(str(section.title), str(count.label)): count
            for section in response.context["work"] for count in section.counts}


def _numbers_listed(client, url) -> set[str]:
    page = client.get(url).content.decode()
    return {number for number in Case.objects.values_list("number", flat=True)
            if number in page} | {number for number in
                                  Petition.objects.values_list("number", flat=True)
                                  if number in page}


def test_the_home_counts_my_applications_by_due_date_and_links_to_exactly_them(client):
    version = service()
    clerk = officer(version.responsible_unit)
    today = timezone.localdate()
    late, on_the_day, far = (submit_case(version)[0] for _ in range(3))
    Case.objects.filter(pk=late.pk).update(legal_due_date=today - dt.timedelta(days=1),
                                           assigned_officer=clerk)
    Case.objects.filter(pk=on_the_day.pk).update(legal_due_date=today, assigned_officer=clerk)
    Case.objects.filter(pk=far.pk).update(legal_due_date=today + dt.timedelta(days=60))
    client.force_login(clerk)

    counts = _counts(client.get("/en" + reverse("web:staff-home")))
    overdue = counts[("Applications assigned to me", "Overdue")]
    assert overdue.count == 1 and overdue.urgent
    assert counts[("Applications assigned to me", "Due today")].count == 1
    assert counts[("Applications I can see", "Due within three working days")].count == 0
    assert _numbers_listed(client, overdue.url) == {late.number}
    assert _numbers_listed(
        client, counts[("Applications I can see", "Due today")].url) == {on_the_day.number}


def test_petitions_to_draft_are_counted_for_their_officer(client):
    version = service()
    clerk = officer(version.responsible_unit)
    petition = submit_petition(version.responsible_unit)[0]
    Petition.objects.filter(pk=petition.pk).update(state="in_progress", assigned_officer=clerk)
    client.force_login(clerk)
    counts = _counts(client.get("/en" + reverse("web:staff-home")))
    to_draft = counts[("My petitions", "Replies to draft")]
    assert to_draft.count == 1
    assert _numbers_listed(client, to_draft.url) == {petition.number}
    assert ("My petitions", "Replies awaiting my approval") not in counts  # not a supervisor


def test_another_agencys_records_are_not_counted(client):
    ours, theirs = service(), service(code="OTHER")
    Case.objects.filter(pk=submit_case(theirs)[0].pk).update(
        legal_due_date=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(officer(ours.responsible_unit))
    counts = _counts(client.get("/en" + reverse("web:staff-home")))
    assert counts[("Applications I can see", "Overdue")].count == 0
