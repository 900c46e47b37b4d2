"""Assistance needs on applications and petitions: declared on the citizens' forms, at
the counter and through the API, shown to officers, respected in notices."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from minfu.cases.models import Case
from minfu.notify.models import MessageTemplate, OutboxMessage
from minfu.notify.services import templates_in_force
from minfu.records.assistance import Assistance
from minfu.voice import services as voice_services
from tests.cases.factories import at, officer, person, service, submit
from tests.cases.public_support import application_data, apply_url, fresh_token, travel

pytestmark = pytest.mark.django_db

SIGN_AND_EASY = Assistance.of(["sign_language", "easy_read"], note="請安排手語翻譯員")


def test_the_online_form_records_the_needs_the_citizen_ticks(client):
    version = service()
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(
            version, token, assistance_needs=["wheelchair", "interpreter"],
            assistance_language="Tiếng Việt"))
        receipt = client.get(response.url).content.decode()
    assert response.status_code == 302
    assert "Tiếng Việt" in receipt  # the receipt repeats what the citizen asked for
    case = Case.objects.get()
    assert case.assistance_needs == ["wheelchair", "interpreter"]
    assert case.assistance_language == "Tiếng Việt"


def test_an_interpreter_without_a_language_is_sent_back_to_the_form(client):
    version = service()
    with travel():
        token = fresh_token(client, version)
        response = client.post(apply_url(version), application_data(
            version, token, assistance_needs=["interpreter"]))
    assert response.status_code == 400
    assert "assistance_language" in response.context["form"].errors
    assert not Case.objects.exists()


def test_officers_see_the_needs_on_the_case_page_and_in_the_queue(client):
    version = service(period_value=5)
    with time_machine.travel(at(dt.date(2025, 3, 5)), tick=False):
        case, _code = submit(version, received_at=at(dt.date(2025, 3, 3)),
                             applicant=person(assistance=SIGN_AND_EASY))
        plain, _code = submit(version, received_at=at(dt.date(2025, 3, 3)))
        client.force_login(officer(case.unit))
        page = client.get(reverse("cases:staff-detail", args=[case.pk])).content.decode()
        queue = client.get(reverse("cases:staff-unit-queue")).content.decode()
        plain_page = client.get(reverse("cases:staff-detail", args=[plain.pk])).content.decode()
    assert 'class="assistance-needs"' in page and "請安排手語翻譯員" in page
    assert "手語" in page or "Sign language" in page
    assert queue.count("mark-assistance") == 1
    assert 'class="assistance-needs"' not in plain_page


def test_counter_intake_and_api_take_the_needs(client):
    version = service(period_value=5)
    clerk = officer(version.responsible_unit)
    client.force_login(clerk)
    client.post(reverse("cases:staff-intake"), {
        "request_key": "k1", "service": version.pk, "applicant_kind": "person",
        "applicant_name": "王小明", "applicant_id_number": "A123456789",
        "contact_phone": "02-1234-5678", "language": "zh-hant", "consent": "on",
        "assistance_needs": ["large_print"]})
    assert Case.objects.get().assistance_needs == ["large_print"]
    api = APIClient()
    api.force_authenticate(clerk)
    answer = api.post("/api/v1/cases/applications/", {
        "service_version": version.pk, "applicant_kind": "person", "applicant_name": "林",
        "applicant_id_number": "A123456789", "contact_email": "lin@example.tw",
        "consent": True, "assistance": {"needs": ["home_visit", "other"], "note": ""}},
        format="json")
    assert answer.status_code == 400  # "other" needs a note
    answer = api.post("/api/v1/cases/applications/", {
        "service_version": version.pk, "applicant_kind": "person", "applicant_name": "林",
        "applicant_id_number": "A123456789", "contact_email": "lin@example.tw",
        "consent": True, "assistance": {"needs": ["home_visit"]}}, format="json")
    assert answer.status_code == 201
    assert answer.json()["assistance"]["needs"] == ["home_visit"]
    listed = api.get(f"/api/v1/cases/applications/{answer.json()['id']}/").json()
    assert listed["assistance"]["needs"] == ["home_visit"]


def test_an_easy_read_reader_gets_the_easy_read_notice_where_there_is_one():
    version = service()
    easy, _code = submit(version, applicant=person(assistance=SIGN_AND_EASY))
    usual, _code = submit(version)
    assert OutboxMessage.objects.get(related_id=easy.pk).event == "case.received.easy_read"
    assert OutboxMessage.objects.get(related_id=usual.pk).event == "case.received"
    # without an easy-read template, the usual text goes
    MessageTemplate.objects.filter(event="case.received.easy_read").update(is_active=False)
    templates_in_force.forget()
    again, _code = submit(version, applicant=person(assistance=SIGN_AND_EASY))
    assert OutboxMessage.objects.get(related_id=again.pk).event == "case.received"


def test_petitions_carry_the_needs_and_officers_see_them(client):
    version = service()
    organisation = version.service_type.organisation
    petition, _code = voice_services.petition_submit(
        organisation=organisation, kind="suggestion", channel="web", subject="路燈",
        text="路燈不亮", consent_given=True,
        petitioner=voice_services.Petitioner(name="王小明", email="ming@example.tw",
                                             assistance=SIGN_AND_EASY))
    assert petition.assistance == SIGN_AND_EASY
    admin = get_user_model().objects.create_superuser("root", "root@example.tw", "x")
    client.force_login(admin)
    page = client.get(reverse("voice:staff-detail", args=[petition.pk])).content.decode()
    assert 'class="assistance-needs"' in page and "請安排手語翻譯員" in page
    queue = client.get(reverse("voice:staff-queue-view", args=["unit"])).content.decode()
    assert "mark-assistance" in queue
