"""Issue 19's officers' pages in a real browser, checked by axe-core: a case page and a
queue with assistance needs and a lapsed supply-by date, the hand-over pages of
cross-agency intake and the catalogue's cross-agency form."""

import datetime as dt

import pytest
from django.utils import timezone

from minfu.cases import services
from minfu.cases.models import DeficiencyNotice
from minfu.catalog import services as catalog_services
from minfu.org.models import Role
from minfu.records.assistance import Assistance
from tests.cases.factories import person, service, submit
from tests.cases.test_browser_a11y import sign_in_as
from tests.catalog.factories import agency_with_unit
from tests.org.factories import staff_user
from tests.web.test_browser_a11y import LANGUAGES, assert_accessible, url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_issue_19_staff_pages(live_server, browser_page, language):
    version = service(period_value=20)
    owner = staff_user(version.responsible_unit, Role.AGENCY_ADMIN)
    clerk = staff_user(version.responsible_unit, Role.SUPERVISOR)
    case, _code = submit(version, applicant=person(assistance=Assistance.of(
        ["sign_language", "interpreter"], "Tiếng Việt", "請安排一樓櫃檯")))
    case = services.case_assign(cases=[case], officer=clerk, actor=clerk)[0]
    notice = services.deficiency_notice_issue(
        case=case, items=[version.documents.first().pk], actor=clerk,
        supplement_due_date=timezone.localdate() + dt.timedelta(days=7))
    DeficiencyNotice.objects.filter(pk=notice.pk).update(
        supplement_due_date=timezone.localdate() - dt.timedelta(days=10))
    counter = agency_with_unit("RCV")
    catalog_services.cross_agency_openings_set(
        service_type=version.service_type, organisations=[counter.organisation], actor=owner)
    handed, _code = services.case_submit(
        organisation=version.service_type.organisation, channel="counter",
        applicant=person(), consent_given=True, service_type_version=version,
        actor=staff_user(counter), received_by=counter.organisation)
    page, base = browser_page, live_server.url
    sign_in_as(page, live_server, clerk)
    for address in (url_in(language, "cases:staff-queue"),
                    url_in(language, "cases:staff-detail", pk=case.pk),
                    url_in(language, "cases:staff-detail", pk=handed.pk),
                    url_in(language, "cases:staff-handover", pk=handed.pk)):
        assert_accessible(page, base + address)
    assert page.get_by_text(handed.number).count() >= 1  # the hand-over page, last opened
    sign_in_as(page, live_server, owner)
    assert_accessible(page, base + url_in(language, "catalog:staff-detail",
                                          pk=version.service_type.pk))
    sign_in_as(page, live_server, staff_user(counter))
    assert_accessible(page, base + url_in(language, "cases:staff-handovers"))
