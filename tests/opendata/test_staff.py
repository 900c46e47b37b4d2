"""Staff pages: an agency administrator registers a dataset, edits its metadata (a stale
version is refused) and publishes it now; another agency's administrator cannot see or
change it; an officer reads only."""

import pytest
from django.urls import reverse

from minfu.core.models import AuditEvent
from minfu.opendata import services
from minfu.opendata.models import Dataset, Publication
from minfu.org.models import Role
from tests.org.factories import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(data):
    return services.dataset_register(actor=None, organisation=data.agency_a, kind="catalogue",
                                     contact_phone="02-1234-5678",
                                     contact_email="open@example.gov.tw")


def metadata(dataset, **changes):
    values = {name: getattr(dataset, name) for name in services.METADATA_FIELDS}
    values = {name: ("on" if value is True else value) for name, value in values.items()
              if value is not False}
    return values | {"version": dataset.version} | changes


def test_agency_admin_edits_the_metadata(client, data, dataset):
    client.force_login(staff_user(data.unit_a1, Role.AGENCY_ADMIN))
    address = reverse("opendata:staff-edit", args=[dataset.pk])
    assert client.get(address).status_code == 200
    response = client.post(address, metadata(dataset, title_zh="新標題", frequency="weekly"))
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.title_zh == "新標題" and dataset.version == 2
    assert AuditEvent.objects.filter(action="dataset.saved").count() == 1


def test_a_stale_version_is_refused(client, data, dataset):
    client.force_login(staff_user(data.unit_a1, Role.AGENCY_ADMIN))
    address = reverse("opendata:staff-edit", args=[dataset.pk])
    stale = metadata(dataset, title_zh="甲")
    client.post(address, metadata(dataset, title_zh="乙"))
    response = client.post(address, stale)
    assert response.status_code == 200
    dataset.refresh_from_db()
    assert dataset.title_zh == "乙"


def test_bad_input_is_shown_on_the_form(client, data, dataset):
    client.force_login(staff_user(data.unit_a1, Role.AGENCY_ADMIN))
    response = client.post(reverse("opendata:staff-edit", args=[dataset.pk]),
                           metadata(dataset, contact_email="not an address", frequency="x"))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"contact_email", "frequency"}


def test_another_agencys_admin_can_neither_see_nor_change_it(client, data, dataset):
    client.force_login(staff_user(data.unit_b1, Role.AGENCY_ADMIN))
    assert client.get(reverse("opendata:staff-edit", args=[dataset.pk])).status_code == 404
    response = client.post(reverse("opendata:staff-edit", args=[dataset.pk]),
                           metadata(dataset, title_zh="搶改"))
    assert response.status_code == 404
    response = client.post(reverse("opendata:staff-publish", args=[dataset.pk]),
                           {"version": dataset.version})
    assert response.status_code == 404
    assert dataset.slug not in client.get(reverse("opendata:staff-list")).content.decode()
    dataset.refresh_from_db()
    assert dataset.title_zh != "搶改" and not Publication.objects.exists()


def test_another_agencys_admin_is_refused_by_the_service(data, dataset):
    from minfu.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.dataset_save(actor=staff_user(data.unit_b1, Role.AGENCY_ADMIN),
                              dataset=dataset, expected_version=1, title_zh="搶改")
    with pytest.raises(PermissionDenied):
        services.dataset_register(actor=staff_user(data.unit_b1, Role.AGENCY_ADMIN),
                                  organisation=data.agency_a, kind="plan")


def test_an_officer_reads_but_does_not_edit(client, data, dataset):
    client.force_login(staff_user(data.unit_a1, Role.OFFICER))
    response = client.get(reverse("opendata:staff-edit", args=[dataset.pk]))
    assert response.status_code == 200 and not response.context["may_manage"]
    client.post(reverse("opendata:staff-edit", args=[dataset.pk]),
                metadata(dataset, title_zh="改"))
    dataset.refresh_from_db()
    assert dataset.title_zh != "改"
    response = client.post(reverse("opendata:staff-publish", args=[dataset.pk]),
                           {"version": dataset.version})
    assert response.status_code == 302 and not Publication.objects.exists()


def test_register_and_publish_now_from_the_staff_pages(client, data):
    client.force_login(staff_user(data.unit_a1, Role.AGENCY_ADMIN))
    missing = client.post(reverse("opendata:staff-list"),
                          {"organisation": data.agency_a.pk, "kind": "periods"})
    assert missing.status_code == 200 and "contact_phone" in missing.context["form"].errors
    form = {"organisation": data.agency_a.pk, "kind": "periods",
            "contact_phone": "02-2222-3333", "contact_email": "od@example.gov.tw"}
    first = client.post(reverse("opendata:staff-list"), form)
    second = client.post(reverse("opendata:staff-list"), form)  # a double submit
    assert first.status_code == second.status_code == 302
    dataset = Dataset.objects.get(organisation=data.agency_a, kind="periods")
    assert client.post(reverse("opendata:staff-list"),
                       {"organisation": data.agency_b.pk, "kind": "periods"}
                       ).status_code == 200
    assert not Dataset.objects.filter(organisation=data.agency_b).exists()
    publish = reverse("opendata:staff-publish", args=[dataset.pk])
    assert client.post(publish, {"version": dataset.version}).status_code == 302
    assert client.post(publish, {"version": dataset.version}).status_code == 302
    assert Publication.objects.filter(dataset=dataset).count() == 1
    assert client.post(publish, {"version": 99}).status_code == 302  # stale: refused
    assert client.post(publish, {}).status_code == 302
    assert Publication.objects.filter(dataset=dataset).count() == 1
    assert client.get(reverse("opendata:staff-list")).status_code == 200
