import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from minfu.catalog.models import ServiceTypeVersion
from minfu.org.models import Role
from tests.catalog.factories import agency_with_unit, draft, published, tags
from tests.org.factories import staff_user, superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies():
    tags()
    ntbt, tpc = agency_with_unit("NTBT"), agency_with_unit("TPC")
    return ntbt, published(ntbt, "MINE"), published(tpc, "THEIRS")


def admin_user(unit):
    user = staff_user(unit, Role.AGENCY_ADMIN, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="catalog"))
    return user


def changelist(client, model):
    return client.get(reverse(f"admin:catalog_{model}_changelist"))


def test_non_superusers_see_only_their_organisations(client, two_agencies):
    ntbt, mine, theirs = two_agencies
    client.force_login(admin_user(ntbt))
    for model in ("servicetype", "servicetypeversion", "requireddocument"):
        response = changelist(client, model)
        assert response.status_code == 200, model
        shown = {str(obj) for obj in response.context["cl"].queryset}
        assert not any("THEIRS" in text for text in shown), model
    assert client.get(reverse("admin:catalog_servicetypeversion_change",
                              args=[theirs.pk])).status_code == 302  # not found: back to the list
    assert client.get(reverse("admin:catalog_servicetypeversion_change",
                              args=[mine.pk])).status_code == 200


def test_superusers_see_everything(client, two_agencies):
    client.force_login(superuser())
    response = changelist(client, "servicetypeversion")
    assert response.context["cl"].queryset.count() == 2


def test_publish_action_goes_through_the_service(client, two_agencies):
    ntbt, _mine, _theirs = two_agencies
    version = draft(ntbt, "NEW")
    client.force_login(admin_user(ntbt))
    client.post(reverse("admin:catalog_servicetypeversion_changelist"),
                {"action": "publish_today", "_selected_action": [version.pk]})
    version.refresh_from_db()
    assert version.status == ServiceTypeVersion.Status.PUBLISHED


def test_version_page_shows_its_questions_read_only(client):
    from tests.catalog.factories import sample_questions

    tags()
    unit = agency_with_unit("NTBT")
    version = published(unit, "Q", questions=sample_questions())
    client.force_login(admin_user(unit))
    response = client.get(reverse("admin:catalog_servicetypeversion_change", args=[version.pk]))
    assert response.status_code == 200
    assert "所得年度" in response.content.decode()
    inline = [formset for formset in response.context["inline_admin_formsets"]
              if formset.formset.model.__name__ == "ServiceQuestion"][0]
    assert not inline.has_add_permission and not inline.has_change_permission
