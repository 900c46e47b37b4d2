"""The officers' workbench: queues, case page actions, bulk assignment, counter intake."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from minfu.cases.models import Case, CaseEvent, CaseExtension, CasePause, DeficiencyNotice
from minfu.org.models import Role
from tests.cases.factories import at, officer, service, submit
from tests.org.factories import UnitFactory, staff_user

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)
TODAY = at(dt.date(2025, 3, 5), 11)


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def version():
    return service(period_value=5)


@pytest.fixture
def case(version):
    return submit(version, received_at=at(MONDAY))[0]


@pytest.fixture
def clerk(case):
    return officer(case.unit)


def _post(client, case, action, **data):
    payload = {f"{action}-{key}": value for key, value in data.items()}
    payload.setdefault(f"{action}-version", case.version)
    return client.post(reverse("cases:staff-action", args=[case.pk, action]), payload)


def _fresh(case):
    return Case.objects.get(pk=case.pk)


# ----- queues and scoping --------------------------------------------------------------

def test_unit_queue_lists_the_units_cases_with_marks(client, version, clerk):
    overdue, _code = submit(version, received_at=at(dt.date(2025, 2, 3)))
    soon, _code = submit(version, received_at=at(dt.date(2025, 2, 28)))
    client.force_login(clerk)
    response = client.get(reverse("cases:staff-unit-queue"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [case.pk for case, _mark in rows][:2] == [overdue.pk, soon.pk]
    marks = {case.pk: mark for case, mark in rows}
    assert marks[overdue.pk] == "overdue"
    assert marks[soon.pk] == "due_soon"
    html = response.content.decode()
    assert "Overdue" in html or "逾期" in html


def test_my_queue_keeps_only_cases_assigned_to_me(client, case, version):
    supervisor = staff_user(case.unit, Role.SUPERVISOR)
    clerk = officer(case.unit)
    other, _code = submit(version, received_at=at(MONDAY))
    from minfu.cases import services
    services.case_assign(cases=[case], officer=clerk, actor=supervisor)
    client.force_login(clerk)
    rows = client.get(reverse("cases:staff-queue")).context["rows"]
    assert [row_case.pk for row_case, _mark in rows] == [case.pk]
    assert other.pk not in [row_case.pk for row_case, _mark in rows]


def test_filters_narrow_the_queue(client, case, clerk):
    client.force_login(clerk)
    url = reverse("cases:staff-unit-queue")
    assert len(client.get(url, {"state": "received"}).context["rows"]) == 1
    assert len(client.get(url, {"state": "accepted"}).context["rows"]) == 0
    assert len(client.get(url, {"channel": "counter"}).context["rows"]) == 0
    service_type = case.service_type_version.service_type_id
    assert len(client.get(url, {"service_type": service_type}).context["rows"]) == 1


def test_the_queue_shows_open_cases_unless_asked_for_all(client, case, version, clerk):
    done, _code = submit(version, received_at=at(MONDAY))
    Case.objects.filter(pk=done.pk).update(state="closed")
    client.force_login(clerk)
    url = reverse("cases:staff-unit-queue")
    assert [row.pk for row, _mark in client.get(url).context["rows"]] == [case.pk]
    everything = client.get(url, {"state": ""}).context["rows"]
    assert {row.pk for row, _mark in everything} == {case.pk, done.pk}
    service_types = client.get(url).context["filters"].fields["service_type"].queryset
    assert list(service_types) == [version.service_type]


def test_another_agencys_officer_sees_nothing_and_gets_404(client, case):
    stranger = officer(UnitFactory())
    client.force_login(stranger)
    assert client.get(reverse("cases:staff-unit-queue")).context["rows"] == []
    assert client.get(reverse("cases:staff-detail", args=[case.pk])).status_code == 404
    response = _post(client, case, "accept")
    assert response.status_code == 404
    assert _fresh(case).state == "received"


def test_queue_query_count_does_not_grow_with_rows(client, version, clerk,
                                                    django_assert_max_num_queries):
    client.force_login(clerk)
    url = reverse("cases:staff-unit-queue")
    for _ in range(4):
        submit(version, received_at=at(MONDAY))
    client.get(url)  # warm the calendar cache and the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(25):
        submit(version, received_at=at(MONDAY))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 25


def test_the_case_page_asks_nothing_twice(client, case, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(clerk)
    url = reverse("cases:staff-detail", args=[case.pk])
    client.get(url)  # warm the calendar cache and the session
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200
    selects = [query["sql"] for query in page.captured_queries
               if query["sql"].startswith("SELECT")]
    assert len(selects) == len(set(selects))


# ----- bulk assignment -----------------------------------------------------------------

def test_supervisor_assigns_in_bulk(client, case, version):
    second, _code = submit(version, received_at=at(MONDAY))
    supervisor = staff_user(case.unit, Role.SUPERVISOR)
    clerk = officer(case.unit)
    client.force_login(supervisor)
    response = client.post(reverse("cases:staff-assign"),
                           {"cases": [case.pk, second.pk], "officer": clerk.pk})
    assert response.status_code == 302
    assert set(Case.objects.filter(assigned_officer=clerk)) == {case, second}


def test_officer_may_not_assign(client, case, clerk):
    client.force_login(clerk)
    response = client.post(reverse("cases:staff-assign"),
                           {"cases": [case.pk], "officer": clerk.pk})
    assert response.status_code in (302, 403)
    assert _fresh(case).assigned_officer is None


# ----- actions -------------------------------------------------------------------------

def test_detail_shows_the_allowed_actions(client, case, clerk):
    client.force_login(clerk)
    response = client.get(reverse("cases:staff-detail", args=[case.pk]))
    assert response.status_code == 200
    forms = response.context["action_forms"]
    assert {"accept", "request_supplement", "transfer", "pause_start"} <= set(forms)
    assert "decide" not in forms and "close" not in forms
    assert "extend" not in forms  # an officer may not approve extensions


def test_accept_start_review_decide_close(client, case, clerk):
    client.force_login(clerk)
    assert _post(client, case, "accept").status_code == 302
    case = _fresh(case)
    assert case.state == "accepted"
    _post(client, case, "start_review")
    case = _fresh(case)
    assert case.state == "in_review"
    _post(client, case, "decide", outcome="approved", public_note_zh="核准",
          public_note_en="Approved")
    case = _fresh(case)
    assert case.state == "decided_approved"
    _post(client, case, "close")
    case = _fresh(case)
    assert case.state == "closed"
    assert case.working_days_used is not None


def test_stale_version_is_refused_not_overwritten(client, case, clerk):
    client.force_login(clerk)
    stale = case.version
    _post(client, case, "accept")
    response = _post(client, _fresh(case), "transfer", version=stale,
                     to_organisation_name="Other agency", reason="not ours")
    assert response.status_code == 409
    assert _fresh(case).state == "accepted"
    assert "changed" in response.content.decode() or response.context["messages"]


def test_deficiency_notice_form_needs_a_reason_the_second_time(client, case, clerk):
    client.force_login(clerk)
    items = [str(doc.pk) for doc in case.service_type_version.documents.all()]
    response = _post(client, case, "request_supplement", items=items[:2],
                     supplement_due_date="2025-03-20", note="Please bring both")
    assert response.status_code == 302
    notice = DeficiencyNotice.objects.get(case=case)
    assert [item["document_id"] for item in notice.items] == [int(pk) for pk in items[:2]]
    assert _fresh(case).state == "awaiting_supplement"
    # back in review after the supplement, a second notice needs its reason
    from minfu.cases import services
    from tests.cases.factories import document
    services.case_supplement_receive(case=_fresh(case), documents=[document()])
    response = _post(client, _fresh(case), "request_supplement", items=items[:1],
                     supplement_due_date="2025-03-25")
    assert response.status_code == 400
    assert DeficiencyNotice.objects.filter(case=case).count() == 1
    response = _post(client, _fresh(case), "request_supplement", items=items[:1],
                     supplement_due_date="2025-03-25", reason_for_repeat="copy was unreadable")
    assert response.status_code == 302
    assert DeficiencyNotice.objects.filter(case=case).count() == 2


def test_pause_and_resume_for_another_authority(client, case, clerk):
    client.force_login(clerk)
    response = _post(client, case, "pause_start", reason="", legal_basis="")
    assert response.status_code == 400
    _post(client, case, "pause_start", reason="Land registry record",
          legal_basis="Administrative Procedure Act §51")
    assert CasePause.objects.filter(case=case, ended_at__isnull=True).exists()
    _post(client, _fresh(case), "pause_end")
    assert not CasePause.objects.filter(case=case, ended_at__isnull=True).exists()


def test_supervisor_extends_once_and_is_the_approver(client, case):
    supervisor = staff_user(case.unit, Role.SUPERVISOR)
    client.force_login(supervisor)
    before = case.legal_due_date
    response = _post(client, case, "extend", reason="Site visit needed", extra_value=3)
    assert response.status_code == 302
    extension = CaseExtension.objects.get(case=case)
    assert extension.approved_by == supervisor
    assert _fresh(case).legal_due_date > before
    detail = client.get(reverse("cases:staff-detail", args=[case.pk]))
    assert "extend" not in detail.context["action_forms"]


def test_officer_cannot_extend(client, case, clerk):
    client.force_login(clerk)
    response = _post(client, case, "extend", reason="Site visit", extra_value=3)
    assert response.status_code == 403
    assert not CaseExtension.objects.filter(case=case).exists()


def test_transfer_and_withdraw(client, case, version, clerk):
    client.force_login(clerk)
    _post(client, case, "transfer", to_organisation_name="Taipei City Government",
          reason="Local matter")
    assert _fresh(case).state == "transferred"
    other, _code = submit(version, received_at=at(MONDAY))
    _post(client, other, "withdraw")
    assert _fresh(other).state == "withdrawn"


def test_unknown_action_is_404(client, case, clerk):
    client.force_login(clerk)
    assert _post(client, case, "explode").status_code == 404


# ----- counter intake ------------------------------------------------------------------

def _intake_data(version, **overrides):
    data = {"request_key": "k1", "service": version.pk, "applicant_kind": "person",
            "applicant_name": "王小明", "applicant_id_number": "A123456789",
            "contact_phone": "02-1234-5678", "language": "zh-hant", "consent": "on"}
    data.update(overrides)
    return data


def test_counter_intake_shows_the_code_once(client, version):
    clerk = officer(version.responsible_unit)
    client.force_login(clerk)
    response = client.post(reverse("cases:staff-intake"), _intake_data(version))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == "counter"
    receipt = client.get(response["Location"])
    assert receipt.context["access_code"]
    assert case.number in receipt.content.decode()
    again = client.get(response["Location"])
    assert again.context["access_code"] is None
    # a double submission gives the same case
    client.post(reverse("cases:staff-intake"), _intake_data(version))
    assert Case.objects.count() == 1


def test_counter_intake_on_behalf_of_another_unit(client, version):
    clerk = officer(version.responsible_unit)
    other_unit = UnitFactory(organisation=version.service_type.organisation)
    client.force_login(clerk)
    response = client.post(reverse("cases:staff-intake"),
                           _intake_data(version, on_behalf_of_unit=other_unit.pk))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.unit == other_unit
    assert CaseEvent.objects.get(case=case, action="case.submitted").actor == clerk



def test_a_case_keyed_for_a_unit_the_officer_does_not_see_still_gets_its_receipt(
        client, version):
    clerk = officer(version.responsible_unit)
    elsewhere = UnitFactory(organisation=version.service_type.organisation)
    client.force_login(clerk)
    response = client.post(reverse("cases:staff-intake"),
                           _intake_data(version, on_behalf_of_unit=elsewhere.pk))
    case = Case.objects.get()
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200 and receipt.context["access_code"]
    assert not receipt.context["may_open"]
    assert client.get(reverse("cases:staff-receipt-pdf", args=[case.pk])).status_code == 200
    # The case stays out of the officer's reach otherwise, and out of other sessions'.
    assert client.get(reverse("cases:staff-detail", args=[case.pk])).status_code == 404
    client.force_login(officer(version.responsible_unit))
    assert client.get(reverse("cases:staff-receipt", args=[case.pk])).status_code == 404


def test_counter_intake_reports_invalid_id_on_the_form(client, version):
    clerk = officer(version.responsible_unit)
    client.force_login(clerk)
    response = client.post(reverse("cases:staff-intake"),
                           _intake_data(version, applicant_id_number="A123456780"))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Case.objects.exists()


def test_counter_intake_service_rule_single_window_within_the_organisation(version):
    """An officer may receive for any unit of an organisation where they handle cases,
    never for another agency's units."""
    from minfu.cases import services
    from minfu.core.errors import PermissionDenied
    from tests.cases.factories import person

    organisation = version.service_type.organisation
    counter_clerk = officer(UnitFactory(organisation=organisation))
    case, _code = services.case_submit(
        organisation=organisation, channel="counter", applicant=person(), consent_given=True,
        service_type_version=version, actor=counter_clerk)
    assert case.unit == version.responsible_unit
    outsider = officer(UnitFactory())
    with pytest.raises(PermissionDenied):
        services.case_submit(
            organisation=organisation, channel="counter", applicant=person(),
            consent_given=True, service_type_version=version, actor=outsider)


def test_the_page_leads_with_the_usual_steps_and_keeps_the_exceptions_one_click_away(
        client, case, clerk):
    client.force_login(clerk)
    page = client.get(reverse("cases:staff-detail", args=[case.pk])).content.decode()
    steps = page[page.index('id="next-steps-heading"'):]
    assert page.index('id="next-steps-heading"') < page.index("<h2>" + "申請人")
    usual, other = steps.split('<details class="case-action"', 1)
    assert 'id="action-accept"' in usual and 'id="action-request_supplement"' in usual
    assert 'id="action-transfer"' in other and 'id="action-pause_start"' in other


def test_a_refused_step_opens_its_form_with_an_error_summary_linking_the_field(
        client, case, clerk):
    client.force_login(clerk)
    response = _post(client, case, "transfer", to_organisation_name="")
    page = response.content.decode()
    assert response.status_code == 400
    assert '<details class="case-action" open>' in page
    summary = page[page.index('class="form-errors error-summary"'):]
    assert 'autofocus' in summary.split(">", 1)[0]
    assert 'href="#id_transfer-' in summary
