"""Letterheads, wordings and document numbers: who may change them, what is refused,
numbers issued once per document and never twice the same."""

import datetime as dt
import threading

import pytest
from django.db import connection

from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.documents import selectors, services
from minfu.documents.kinds import DEFAULTS, DocumentKind
from minfu.documents.models import DocumentWording, IssuedDocument, Letterhead
from minfu.org.models import Role
from tests.org.factories import OrganisationFactory, UnitFactory, staff_user

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 3, 5)


@pytest.fixture
def agency():
    return OrganisationFactory.agency(name_zh="財政部關務署臺北關", address_zh="臺北市塔城街13號",
                                      phone="02-2550-5500")


@pytest.fixture
def admin(agency):
    return staff_user(UnitFactory(organisation=agency), Role.AGENCY_ADMIN)


def _letterhead(agency, **fields):
    return Letterhead(organisation=agency, **fields)


def test_numbers_follow_the_pattern_and_count_per_year(agency, admin):
    services.letterhead_save(letterhead=_letterhead(agency, number_pattern="北關業字第{year}{serial}號"),
                             actor=admin)
    first = services.document_issue(organisation=agency, kind=DocumentKind.DECISION,
                                    subject="case:1", on=DAY)
    second = services.document_issue(organisation=agency, kind=DocumentKind.RECEIPT,
                                     subject="case:2", on=DAY)
    next_year = services.document_issue(organisation=agency, kind=DocumentKind.RECEIPT,
                                        subject="case:3", on=dt.date(2026, 1, 2))
    assert [first.number, second.number, next_year.number] == [
        "北關業字第1140000001號", "北關業字第1140000002號", "北關業字第1150000001號"]


def test_a_document_keeps_its_number(agency):
    first = services.document_issue(organisation=agency, kind=DocumentKind.DECISION,
                                    subject="case:1", on=DAY)
    again = services.document_issue(organisation=agency, kind=DocumentKind.DECISION,
                                    subject="case:1", on=dt.date(2025, 4, 1))
    assert again.pk == first.pk and IssuedDocument.objects.count() == 1
    assert first.number == "第1140000001號"  # the default pattern


def test_agencies_count_their_own_serials(agency):
    other = OrganisationFactory.agency()
    numbers = [services.document_issue(organisation=organisation, kind=DocumentKind.RECEIPT,
                                       subject=f"case:{index}", on=DAY).serial
               for index, organisation in enumerate([agency, other, agency])]
    assert numbers == [1, 1, 2]


@pytest.mark.django_db(transaction=True)
def test_racing_requests_for_one_document_get_one_number(agency):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    results, barrier = [], threading.Barrier(4)

    def issue():
        barrier.wait()
        try:
            results.append(services.document_issue(
                organisation=agency, kind=DocumentKind.DECISION, subject="case:9", on=DAY).number)
        finally:
            connection.close()
    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and IssuedDocument.objects.count() == 1


def test_only_the_agency_admin_changes_the_letterhead(agency, admin):
    clerk = staff_user(UnitFactory(organisation=agency), Role.OFFICER)
    with pytest.raises(PermissionDenied):
        services.letterhead_save(letterhead=_letterhead(agency), actor=clerk)
    stranger = staff_user(UnitFactory(), Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        services.letterhead_save(letterhead=_letterhead(agency), actor=stranger)
    services.letterhead_save(letterhead=_letterhead(agency, title_zh="關務署臺北關"), actor=admin)
    assert selectors.letter_parts(agency).title == "關務署臺北關"


def test_a_bad_pattern_is_refused_on_its_field(agency, admin):
    with pytest.raises(ValidationFailed) as refused:
        services.letterhead_save(letterhead=_letterhead(agency, number_pattern="第{year}號",
                                                        serial_digits=0), actor=admin)
    assert set(refused.value.details) == {"number_pattern", "serial_digits"}


def test_a_stale_letterhead_edit_is_refused(agency, admin):
    head = services.letterhead_save(letterhead=_letterhead(agency), actor=admin)
    first, second = (Letterhead.objects.get(pk=head.pk) for _ in range(2))
    first.fax = "02-1111"
    services.letterhead_save(letterhead=first, actor=admin, expected_version=1)
    second.fax = "02-2222"
    with pytest.raises(Conflict):
        services.letterhead_save(letterhead=second, actor=admin, expected_version=1)


def test_letter_parts_fall_back_on_the_organisation_and_its_parent(agency):
    branch = OrganisationFactory.branch(parent=agency, name_zh="分關")
    parts = selectors.letter_parts(agency)
    assert parts.title == "財政部關務署臺北關" and parts.appeal_days == 30
    assert [value for _label, value in parts.contact] == ["臺北市塔城街13號", "02-2550-5500"]
    assert selectors.letter_parts(branch).appeal_authority == "財政部關務署臺北關"


def test_a_wording_is_checked_saved_and_reset(agency, admin):
    wording = DocumentWording(organisation=agency, kind=DocumentKind.DECISION,
                              subject_zh="{% if %}")
    with pytest.raises(ValidationFailed) as refused:
        services.wording_save(wording=wording, actor=admin)
    assert "subject_zh" in refused.value.details
    wording.subject_zh = "本案{{ outcome }}"
    services.wording_save(wording=wording, actor=admin)
    assert selectors.wording_of(agency, DocumentKind.DECISION).subject_zh == "本案{{ outcome }}"
    with pytest.raises(Conflict):
        services.wording_reset(wording=wording, actor=admin, expected_version=7)
    services.wording_reset(wording=wording, actor=admin, expected_version=1)
    assert selectors.wording_of(agency, DocumentKind.DECISION) == DEFAULTS[DocumentKind.DECISION]


def test_a_second_new_letterhead_is_a_conflict_not_an_error(agency, admin):
    services.letterhead_save(letterhead=_letterhead(agency), actor=admin)
    with pytest.raises(Conflict):
        services.letterhead_save(letterhead=_letterhead(agency), actor=admin)


def test_a_second_new_wording_of_the_same_kind_is_a_conflict(agency, admin):
    services.wording_save(wording=DocumentWording(organisation=agency, kind="receipt",
                                                  subject_zh="甲"), actor=admin)
    with pytest.raises(Conflict):
        services.wording_save(wording=DocumentWording(organisation=agency, kind="receipt",
                                                      subject_zh="乙"), actor=admin)


def test_another_agency_admin_cannot_change_a_wording(agency):
    stranger = staff_user(UnitFactory(), Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        services.wording_save(wording=DocumentWording(organisation=agency, kind="receipt",
                                                      subject_zh="甲"), actor=stranger)
