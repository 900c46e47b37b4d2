import datetime as dt

import pytest
import time_machine

from minfu.catalog import selectors, services
from minfu.catalog.models import RequiredDocument, ServiceTypeVersion
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.org.models import Role
from tests.catalog.factories import content, draft, published, tags
from tests.org.factories import UnitFactory, staff_user

pytestmark = pytest.mark.django_db
Status = ServiceTypeVersion.Status
TODAY = dt.date(2025, 3, 5)


@pytest.fixture
def today():
    with time_machine.travel(dt.datetime(2025, 3, 5, 10, 0, tzinfo=dt.UTC), tick=False):
        yield TODAY


def republish(version, *, effective_from, **overrides):
    new = services.service_type_version_new_draft(service_type=version.service_type)
    if overrides:
        new = services.service_type_version_update(
            version=new, content=content(version.responsible_unit, **overrides),
            expected_version=new.version)
    return services.service_type_version_publish(version=new, expected_version=new.version,
                                                 effective_from=effective_from)


def test_create_makes_a_draft_with_its_checklist_and_audit_events():
    version = draft()
    assert version.status == Status.DRAFT and version.number == 1
    assert [d.name_zh for d in version.documents.all()] == ["申請書", "戶籍謄本", "委任書"]
    assert version.channels == ["online", "counter"]
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"catalog.service_type.created", "catalog.version.drafted"} <= actions


def test_publish_closes_the_previous_version_the_day_before(today):
    first = published(effective_from=dt.date(2024, 1, 1))
    second = republish(first, effective_from=dt.date(2025, 4, 1), period_value=3)
    first.refresh_from_db()
    assert first.status == Status.RETIRED
    assert first.effective_to == dt.date(2025, 3, 31)
    assert second.status == Status.PUBLISHED and second.effective_to is None
    assert second.published_at is not None


def test_version_in_force_is_what_a_case_records_on_each_day(today):
    first = published(effective_from=dt.date(2024, 1, 1))
    second = republish(first, effective_from=dt.date(2025, 4, 1), period_value=3)
    service_type = first.service_type
    assert selectors.version_in_force(service_type, on=dt.date(2023, 12, 31)) is None
    assert selectors.version_in_force(service_type, on=dt.date(2024, 1, 1)) == first
    assert selectors.version_in_force(service_type, on=dt.date(2025, 3, 31)) == first
    assert selectors.version_in_force(service_type, on=dt.date(2025, 4, 1)) == second
    assert selectors.version_in_force(service_type, on=dt.date(2030, 1, 1)) == second


def test_a_draft_is_never_in_force(today):
    version = draft()
    assert selectors.version_in_force(version.service_type, on=today) is None


def test_versions_never_overlap_after_many_publications(today):
    version = published(effective_from=dt.date(2024, 1, 1))
    for offset in (0, 1, 2, 30, 31):
        with time_machine.travel(dt.datetime(2025, 3, 5 + min(offset, 20), 12,
                                             tzinfo=dt.UTC), tick=False):
            version = republish(version, effective_from=TODAY + dt.timedelta(days=offset + 1))
    ranges = sorted(
        (v.effective_from, v.effective_to or dt.date.max)
        for v in version.service_type.versions.exclude(status=Status.DRAFT))
    for (_start, end), (next_start, _next_end) in zip(ranges, ranges[1:], strict=False):
        assert end < next_start
    assert version.service_type.versions.filter(status=Status.PUBLISHED).count() == 1


def test_a_new_version_cannot_start_on_or_before_the_current_one(today):
    first = published(effective_from=today)
    new = services.service_type_version_new_draft(service_type=first.service_type)
    with pytest.raises(ValidationFailed) as error:
        services.service_type_version_publish(version=new, expected_version=new.version,
                                              effective_from=today)
    assert error.value.code == "overlap"


def test_only_the_first_version_may_be_dated_back(today):
    first = published(effective_from=dt.date(2020, 1, 1))
    new = services.service_type_version_new_draft(service_type=first.service_type)
    with pytest.raises(ValidationFailed) as error:
        services.service_type_version_publish(version=new, expected_version=new.version,
                                              effective_from=dt.date(2025, 3, 4))
    assert error.value.code == "effective_in_past"


def test_publish_defaults_to_today(today):
    version = draft()
    version = services.service_type_version_publish(version=version,
                                                    expected_version=version.version)
    assert version.effective_from == today


def test_a_published_version_never_changes_in_place():
    version = published()
    with pytest.raises(Conflict) as error:
        services.service_type_version_update(version=version,
                                             content=content(version.responsible_unit),
                                             expected_version=version.version)
    assert error.value.code == "not_draft"
    with pytest.raises(Conflict):
        services.service_type_version_publish(version=version, expected_version=version.version)


def test_new_draft_copies_the_content_and_the_checklist():
    source = published()
    new = services.service_type_version_new_draft(service_type=source.service_type)
    assert new.number == 2 and new.status == Status.DRAFT
    assert new.name_zh == source.name_zh and new.topic_tag == source.topic_tag
    fields = ("order", "name_zh", "requirement", "condition_zh", "fetched_by_agency")
    assert list(new.documents.values_list(*fields)) == list(source.documents.values_list(*fields))
    assert RequiredDocument.objects.filter(version=source).count() == 3  # the source keeps its own


def test_only_one_draft_at_a_time():
    version = published()
    services.service_type_version_new_draft(service_type=version.service_type)
    with pytest.raises(Conflict) as error:
        services.service_type_version_new_draft(service_type=version.service_type)
    assert error.value.code == "draft_exists"


def test_a_stale_edit_is_refused():
    version = draft()
    read = version.version
    services.service_type_version_update(version=version, content=content(
        version.responsible_unit, name_zh="第一位"), expected_version=read)
    stale = ServiceTypeVersion.objects.get(pk=version.pk)
    with pytest.raises(Conflict):
        services.service_type_version_update(version=stale, content=content(
            version.responsible_unit, name_zh="第二位"), expected_version=read)
    assert ServiceTypeVersion.objects.get(pk=version.pk).name_zh == "第一位"


def test_publishing_a_draft_changed_since_it_was_read_or_naming_no_version_is_refused():
    version = draft()
    read = version.version
    services.service_type_version_update(version=version, content=content(
        version.responsible_unit, name_zh="第一位"), expected_version=read)
    for stale in (read, None):
        with pytest.raises(Conflict):
            services.service_type_version_publish(version=version, expected_version=stale)
    assert ServiceTypeVersion.objects.get(pk=version.pk).status == Status.DRAFT


def test_update_replaces_the_checklist():
    version = draft()
    services.service_type_version_update(
        version=version, expected_version=version.version,
        content=content(version.responsible_unit, documents=(
            services.DocumentItem(name_zh="新文件"),)))
    assert list(version.documents.values_list("name_zh", "order")) == [("新文件", 1)]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"norm_value": 5, "norm_unit": "working_days"}, "norm_value"),  # legal period is 4
    ({"norm_value": 2, "norm_unit": ""}, "norm_value"),
    ({"channels": ()}, "channels"),
    ({"applicant_kinds": ("robot",)}, "applicant_kinds"),
    ({"name_zh": "  "}, "name_zh"),
    ({"documents": (services.DocumentItem(name_zh="委任書", requirement="conditional"),)},
     "documents"),
])
def test_content_rules(overrides, field):
    unit = UnitFactory()
    with pytest.raises(ValidationFailed) as error:
        services.service_type_create(organisation=unit.organisation, code="X",
                                     content=content(unit, **overrides))
    assert field in error.value.details


def test_the_responsible_unit_belongs_to_the_organisation():
    unit, other = UnitFactory(), UnitFactory()
    with pytest.raises(ValidationFailed) as error:
        services.service_type_create(organisation=unit.organisation, code="X",
                                     content=content(other))
    assert "responsible_unit" in error.value.details


def test_a_tag_of_the_wrong_scheme_is_refused():
    unit = UnitFactory()
    with pytest.raises(ValidationFailed) as error:
        services.service_type_create(organisation=unit.organisation, code="X",
                                     content=content(unit, topic_tag=tags()["S08"]))
    assert "topic_tag" in error.value.details


def test_a_code_that_cannot_be_part_of_an_address_is_refused():
    unit = UnitFactory()
    with pytest.raises(ValidationFailed) as error:
        services.service_type_create(organisation=unit.organisation, code="稅 證明",
                                     content=content(unit))
    assert "code" in error.value.details


def test_codes_are_unique_within_an_organisation():
    version = draft()
    with pytest.raises(ValidationFailed):
        draft(version.responsible_unit)
    draft(UnitFactory(), code=version.service_type.code)  # another organisation may reuse it


def test_publishing_needs_legal_basis_and_the_three_tags():
    version = draft(legal_basis_zh="", service_tag=None)
    with pytest.raises(ValidationFailed) as error:
        services.service_type_version_publish(version=version, expected_version=version.version)
    assert set(error.value.details) == {"legal_basis_zh", "service_tag"}


def test_editing_needs_the_right_role_in_the_organisation():
    version = draft()
    unit = version.responsible_unit
    officer = staff_user(unit, Role.OFFICER)
    other_admin = staff_user(UnitFactory(), Role.AGENCY_ADMIN)
    for actor in (officer, other_admin):
        with pytest.raises(PermissionDenied):
            services.service_type_version_update(version=version, content=content(unit),
                                                 expected_version=version.version, actor=actor)
    coordinator = staff_user(unit, Role.QUALITY_COORDINATOR)
    services.service_type_version_publish(version=version, expected_version=version.version,
                                          actor=coordinator)
    version.refresh_from_db()
    assert version.published_by == coordinator


def test_tag_seed_is_idempotent():
    assert services.classification_tags_seed() > 0
    assert services.classification_tags_seed() == 0
