"""The staff pages and services of Open311: services opened, keys issued (shown once,
stored hashed) and revoked, concurrent edits refused, and no reach into another agency."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.models import AuditEvent
from minfu.open311 import selectors, services
from minfu.open311.models import ApiKey, Open311Service
from minfu.org.models import Role
from tests.open311.factories import admin_of, agency, key_for, petition_service
from tests.org.factories import staff_user
from tests.voice.factories import category

pytestmark = pytest.mark.django_db


def test_an_admin_issues_a_key_shown_once_and_stored_hashed(client):
    unit = agency("TPC")
    admin = admin_of(unit)
    client.force_login(admin)
    response = client.post(reverse("open311-staff:key-issue"), {
        "key-organisation": unit.organisation.pk, "key-name": "市民通報 App",
        "key-contact": "dev@example.org", "key-rate_per_hour": "100"})
    assert response.status_code == 200
    key = ApiKey.objects.get()
    page = response.content.decode()
    plaintext = page.split('id="api-key" type="text" readonly size="60" value="')[1].split('"')[0]
    assert plaintext.startswith("m311_") and key.key_hash == selectors.key_hash(plaintext)
    assert plaintext not in str(list(ApiKey.objects.values()))
    detail = client.get(reverse("open311-staff:key-detail", args=[key.pk])).content.decode()
    assert plaintext not in detail and key.prefix in detail
    assert AuditEvent.objects.filter(action="georeport_key.issued").exists()


def test_bad_key_form_is_400_with_errors(client):
    unit = agency("TPC")
    client.force_login(admin_of(unit))
    response = client.post(reverse("open311-staff:key-issue"), {
        "key-organisation": unit.organisation.pk, "key-name": "",
        "key-rate_per_hour": "99999999999999999999"})
    assert response.status_code == 400 and ApiKey.objects.count() == 0


def test_revoke_from_the_page_and_a_stale_page_is_refused(client):
    unit = agency("TPC")
    key, _plaintext = key_for(unit)
    admin = admin_of(unit)
    client.force_login(admin)
    url = reverse("open311-staff:key-revoke", args=[key.pk])
    client.post(url, {"version": key.version})
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == admin
    other, _ = key_for(unit, name="Second")
    with pytest.raises(Conflict):
        services.api_key_revoke(actor=admin, key=other, expected_version=other.version + 1)


def test_another_agencys_admin_can_neither_see_nor_revoke_a_key(client):
    tpc, ntbt = agency("TPC"), agency("NTBT")
    key, _plaintext = key_for(tpc)
    stranger = admin_of(ntbt)
    client.force_login(stranger)
    assert client.get(reverse("open311-staff:key-detail", args=[key.pk])).status_code == 404
    assert client.post(reverse("open311-staff:key-revoke", args=[key.pk]),
                       {"version": key.version}).status_code == 404
    assert "City app" not in client.get(reverse("open311-staff:home")).content.decode()
    with pytest.raises(PermissionDenied):
        services.api_key_revoke(actor=stranger, key=key, expected_version=key.version)
    with pytest.raises(PermissionDenied):
        services.api_key_issue(actor=stranger, organisation=tpc.organisation, name="x")
    key.refresh_from_db()
    assert key.revoked_at is None
    assert client.get(f"/admin/open311/apikey/{key.pk}/change/").status_code in {302, 404}


def test_only_admins_manage_keys_and_officers_see_nothing(client):
    unit = agency("TPC")
    coordinator = staff_user(unit, Role.QUALITY_COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.api_key_issue(actor=coordinator, organisation=unit.organisation, name="x")
    client.force_login(coordinator)
    assert client.get(reverse("open311-staff:home")).status_code == 200
    client.force_login(staff_user(unit, Role.OFFICER))
    assert client.get(reverse("open311-staff:home")).status_code == 403


def test_open_a_category_from_the_page_and_edit_it_with_its_version(client):
    unit = agency("TPC")
    cat = category(unit, code="noise")
    admin = admin_of(unit)
    client.force_login(admin)
    response = client.post(reverse("open311-staff:service-add"), {
        "service-organisation": unit.organisation.pk, "service-code": "noise",
        "service-kind": "petition", "service-petition_category": cat.pk,
        "service-petition_kind": "complaint", "service-type": "realtime",
        "service-active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Open311Service.objects.get()
    url = reverse("open311-staff:service-edit", args=[service.pk])
    data = {"service-code": "noise", "service-kind": "petition",
            "service-petition_category": cat.pk, "service-petition_kind": "suggestion",
            "service-type": "batch", "service-active": "on",
            "service-version": service.version}
    assert client.post(url, data).status_code == 302
    service.refresh_from_db()
    assert service.type == "batch" and service.version == 2
    assert client.post(url, data).status_code == 400  # the version read is stale now
    duplicate = client.post(reverse("open311-staff:service-add"), {
        "service-organisation": unit.organisation.pk, "service-code": "noise",
        "service-kind": "petition", "service-petition_category": cat.pk,
        "service-petition_kind": "complaint", "service-type": "realtime"})
    assert duplicate.status_code == 400 and Open311Service.objects.count() == 1


def test_a_service_names_a_target_of_its_own_agency():
    tpc, ntbt = agency("TPC"), agency("NTBT")
    foreign = category(ntbt, code="other")
    with pytest.raises(ValidationFailed) as refused:
        services.open311_service_save(actor=admin_of(tpc), service=Open311Service(
            organisation=tpc.organisation, code="x", kind="petition",
            petition_category=foreign))
    assert "petition_category" in refused.value.details
    with pytest.raises(ValidationFailed):
        services.open311_service_save(actor=admin_of(tpc), service=Open311Service(
            organisation=tpc.organisation, code="y", kind="application"))
    target = category(tpc, code="w")
    with pytest.raises(PermissionDenied):
        services.open311_service_save(actor=admin_of(ntbt), service=Open311Service(
            organisation=tpc.organisation, code="w", kind="petition",
            petition_category=target))


def test_another_agencys_services_are_not_listed_for_its_staff(client):
    tpc, ntbt = agency("TPC"), agency("NTBT")
    service = petition_service(tpc)
    stranger = admin_of(ntbt)
    assert not selectors.services_for(stranger).exists()
    client.force_login(stranger)
    assert client.get(reverse("open311-staff:service-edit",
                              args=[service.pk])).status_code == 404


def test_staff_pages_render_in_english(client):
    unit = agency("TPC")
    petition_service(unit)
    key_for(unit)
    client.force_login(admin_of(unit))
    page = client.get("/en" + reverse("open311-staff:home")).content.decode()
    assert "Client application keys" in page and "streetlight" in page


def test_the_admin_lists_own_keys_and_revokes_through_the_service(client):
    tpc, ntbt = agency("TPC"), agency("NTBT")
    own, _plaintext = key_for(tpc)
    foreign, _plaintext = key_for(ntbt)
    admin = admin_of(tpc)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    listing = client.get("/admin/open311/apikey/")
    assert listing.status_code == 200
    assert own.prefix in listing.content.decode()
    assert foreign.prefix not in listing.content.decode()
    assert client.get(f"/admin/open311/apikey/{foreign.pk}/change/").status_code == 404
    client.post("/admin/open311/apikey/", {"action": "revoke",
                                           "_selected_action": [own.pk, foreign.pk]})
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.revoked_at is not None and foreign.revoked_at is None


def test_the_daily_job_forgets_old_key_uses():
    import datetime as dt

    from django.utils import timezone

    from minfu.open311 import jobs
    from minfu.open311.models import ApiKeyUse

    key, _plaintext = key_for(agency("TPC"))
    old = services.api_key_use_log(key=key, method="GET", endpoint="services", status=200)
    ApiKeyUse.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=400))
    services.api_key_use_log(key=key, method="GET", endpoint="services", status=200)
    assert jobs.daily_jobs_run()["open311_key_uses_pruned"].queued == 1
    assert ApiKeyUse.objects.count() == 1
    assert jobs.daily_jobs_run()["open311_key_uses_pruned"].queued == 0
