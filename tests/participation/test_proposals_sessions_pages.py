"""The pages of proposals and sessions: a citizen verifies by code, proposes, co-signs
(a double post is one signature), registers and cancels; staff take steps from the
proposal's page and manage a session; masked addresses only on public pages."""

import datetime as dt

import pytest
from django.urls import reverse

from minfu.core.errors import Conflict
from minfu.org.models import Role
from minfu.participation import proposals_services, services, sessions_services
from minfu.participation.models.proposals import Proposal, ProposalSignature
from minfu.participation.models.sessions import Registration
from minfu.participation.views.verify import verify_url
from tests.citizens.factories import citizen, sign_in
from tests.org.factories import staff_user

from .proposal_factories import agency_unit, open_proposal, participant, proposal, session
from .test_results_and_privacy import improvement_item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    settings.MINFU_SURVEY_MIN_SECONDS = 0


def verify(client, key: str, address: str, next_url: str = "/"):
    """What a citizen does on the verify pages: the address, then the code received."""
    url = verify_url(key, next_url)
    started = client.get(url).context["form"]["started"].value()
    client.post(url, {"address": address, "started": started})
    return client.post(url, {"code": "123456"})


def test_a_citizen_verifies_and_co_signs_once(client, fixed_code):
    opened = open_proposal(agency_unit(), threshold=5)
    page = reverse("participation:proposal-detail", args=[opened.pk])
    assert "verify" in client.get(page).content.decode()
    response = verify(client, f"proposal:{opened.pk}", "lin@example.org", page)
    assert response["Location"] == page
    sign = reverse("participation:proposal-sign", args=[opened.pk])
    client.post(sign)
    client.post(sign)  # a double click, a replay
    assert ProposalSignature.objects.filter(proposal=opened).count() == 1
    opened.refresh_from_db()
    assert opened.signature_count == 1
    assert "Withdraw" in client.get(page).content.decode() or "撤回" in client.get(
        page).content.decode()
    client.post(reverse("participation:proposal-withdraw", args=[opened.pk]))
    opened.refresh_from_db()
    assert opened.signature_count == 0


def test_a_signed_in_citizen_co_signs_without_a_code_and_once(client, fixed_code):
    opened = open_proposal(agency_unit(), threshold=5)
    sign_in(client, citizen(email="lin@example.org"))
    page = reverse("participation:proposal-detail", args=[opened.pk])
    assert client.get(page).context["participant"] is not None
    sign = reverse("participation:proposal-sign", args=[opened.pk])
    client.post(sign)
    client.logout()
    client.cookies.clear()  # the same person again, by code in another browser
    verify(client, f"proposal:{opened.pk}", "lin@example.org", page)
    client.post(sign)
    opened.refresh_from_db()
    assert ProposalSignature.objects.get(proposal=opened).participant == participant(
        "lin@example.org")
    assert opened.signature_count == 1


def test_a_signed_in_citizen_proposes_and_registers_without_a_code(client):
    unit = agency_unit()
    sign_in(client, citizen(email="wu@example.org"))
    new = reverse("participation:proposal-new", args=[unit.organisation.code])
    form = client.get(new)
    assert form.status_code == 200
    client.post(new, {"title": "延長夜間服務", "form_token": form.context["form"]["form_token"].value(),
                      "text": "希望每週至少一天延長服務至晚上八點，方便上班族辦理。"})
    assert Proposal.objects.get().proposer == participant("wu@example.org")
    event = session(unit)
    client.post(reverse("participation:session-register", args=[event.pk]), {"name": "吳"})
    assert Registration.objects.get().participant == participant("wu@example.org")


def test_the_public_page_shows_the_proposer_masked(client):
    opened = open_proposal(agency_unit(), proposer=participant("chen.daming@example.tw"))
    content = client.get(reverse("participation:proposal-detail", args=[opened.pk])
                         ).content.decode()
    assert "chen.daming@example.tw" not in content
    assert opened.proposer.masked in content


def test_a_proposal_being_screened_is_not_public(client):
    created, _code = proposal(agency_unit())
    assert client.get(reverse("participation:proposal-detail", args=[created.pk])
                      ).status_code == 404
    assert created.title not in client.get(reverse("participation:proposal-list")
                                           ).content.decode()


def test_a_citizen_proposes_and_gets_a_receipt_once(client, fixed_code):
    unit = agency_unit()
    new = reverse("participation:proposal-new", args=[unit.organisation.code])
    assert client.get(new)["Location"].startswith(reverse("participation:verify"))
    verify(client, f"proposal_new:{unit.organisation.pk}", "0912345678", new)
    form = client.get(new)
    token = form.context["form"]["form_token"].value()
    data = {"title": "夜間服務", "text": "希望每週三延長服務時間到晚上八點，方便上班族。",
            "form_token": token}
    response = client.post(new, data)
    again = client.post(new, data)  # the same form sent twice
    assert Proposal.objects.count() == 1
    assert response["Location"] == again["Location"]
    receipt = client.get(response["Location"]).content.decode()
    assert Proposal.objects.get().number in receipt


def test_staff_open_a_proposal_from_its_page(client):
    unit = agency_unit()
    created, _code = proposal(unit)
    officer = staff_user(unit)
    client.force_login(officer)
    page = reverse("participation:staff-proposal-detail", args=[created.pk])
    assert "open_signing-threshold" in client.get(page).content.decode()
    response = client.post(reverse("participation:staff-proposal-action",
                                   args=[created.pk, "open_signing"]),
                           {"open_signing-version": created.version,
                            "open_signing-threshold": 50, "open_signing-signing_days": 30})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.state == "signing" and created.threshold == 50
    queue = client.get(reverse("participation:staff-proposal-queue")).content.decode()
    assert created.number in queue


def test_staff_of_another_agency_get_404(client):
    created, _code = proposal(agency_unit())
    client.force_login(staff_user(agency_unit()))
    assert client.get(reverse("participation:staff-proposal-detail", args=[created.pk])
                      ).status_code == 404


def test_a_citizen_registers_and_cancels(client, fixed_code):
    event = session(agency_unit(), capacity=1)
    page = reverse("participation:session-detail", args=[event.pk])
    verify(client, f"session:{event.pk}", "wu@example.org", page)
    client.post(reverse("participation:session-register", args=[event.pk]), {"name": "吳"})
    registration = Registration.objects.get()
    assert registration.status == "confirmed" and registration.name == "吳"
    assert "Cancel" in client.get(page).content.decode() or "取消" in client.get(
        page).content.decode()
    client.post(reverse("participation:session-unregister", args=[event.pk]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_staff_schedule_a_session_and_record_a_decision(client):
    unit = agency_unit()
    client.force_login(staff_user(unit))
    starts = dt.datetime.now() + dt.timedelta(days=5)
    response = client.post(reverse("participation:staff-session-new"), {
        "organisation": unit.organisation.pk, "format": "forum", "title_zh": "座談會",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "會議室", "capacity": 10, "published": "on"})
    assert response.status_code == 302, response.context["form"].errors
    detail = response["Location"]
    pk = int(detail.rstrip("/").split("/")[-1])
    response = client.post(reverse("participation:staff-session-action", args=[pk, "decision"]),
                           {"decision-text_zh": "增設線上報名"})
    assert response.status_code == 302
    assert "增設線上報名" in client.get(reverse("participation:session-detail", args=[pk])
                                    ).content.decode()


def test_public_lists(client):
    opened = open_proposal(agency_unit())
    proposals_services.proposal_sign(proposal=opened, participant=participant())
    event = session(agency_unit())
    assert opened.title in client.get(reverse("participation:proposal-list")).content.decode()
    assert event.title_zh in client.get(reverse("participation:session-list")).content.decode()


def test_an_adopted_proposal_and_a_decision_show_their_linked_items_progress(client):
    unit = agency_unit()
    opened = open_proposal(unit, threshold=1)
    proposals_services.proposal_sign(proposal=opened, participant=participant())
    opened.refresh_from_db()
    manager = staff_user(unit, Role.QUALITY_COORDINATOR)
    answered = proposals_services.proposal_respond(
        actor=manager, proposal=opened, outcome="adopted", text="採納",
        expected_version=opened.version)
    item = improvement_item(unit.organisation)
    client.force_login(manager)
    response = client.post(reverse("participation:staff-proposal-link", args=[answered.pk]),
                           {"improvement_item": item.pk, "note": "夜間服務"})
    assert response.status_code == 302
    page = client.get(reverse("participation:proposal-detail", args=[answered.pk]))
    assert item.title in page.content.decode()
    assert item.get_status_display() in page.content.decode()

    event = session(unit)
    decision = sessions_services.decision_add(actor=manager, session=event, text_zh="增設說明")
    services.result_link(source=decision, actor=manager, improvement_item=item)
    page = client.get(reverse("participation:session-detail", args=[event.pk]))
    assert item.title in page.content.decode()


def test_a_proposal_not_adopted_cannot_be_linked():
    unit = agency_unit()
    opened = open_proposal(unit, threshold=1)
    proposals_services.proposal_sign(proposal=opened, participant=participant())
    opened.refresh_from_db()
    manager = staff_user(unit, Role.QUALITY_COORDINATOR)
    answered = proposals_services.proposal_respond(
        actor=manager, proposal=opened, outcome="not_adopted", text="不採納",
        expected_version=opened.version)
    with pytest.raises(Conflict):
        services.result_link(source=answered, actor=manager,
                             improvement_item=improvement_item(unit.organisation))
