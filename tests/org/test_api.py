import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from minfu.org.models import Organisation, Role
from tests.org.factories import UserFactory, superuser

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    token, _created = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_token_authentication_and_me(api, world):
    body = as_user(api, world.tpc_admin).get(reverse("api:me-list")).json()
    assert body["username"] == "tpc-admin"
    assert body["roles"] == [Role.AGENCY_ADMIN]
    assert [m["organisation_code"] for m in body["memberships"]] == ["TPC"]
    assert set(body["visible_organisation_ids"]) == {world.tpc.pk, world.tpc_branch.pk}
    assert body["two_factor_enabled"] is False


def test_anonymous_and_non_staff_are_refused_with_the_error_body(api, world):
    response = api.get(reverse("api:organisation-list"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    response = as_user(api, UserFactory()).get(reverse("api:me-list"))
    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message", "details"}


def test_organisations_and_units_are_scoped(api, world):
    as_user(api, world.tpc_officer)
    assert [o["code"] for o in results(api.get(reverse("api:organisation-list")))] == ["TPC"]
    assert [u["code"] for u in results(api.get(reverse("api:unit-list")))] == ["BUS1"]
    for name, pk in [("api:organisation-detail", world.ntbt.pk),
                     ("api:unit-detail", world.units.ntbt_svc.pk),
                     ("api:membership-detail", world.ntbt_officer.memberships.get().pk)]:
        response = api.get(reverse(name, args=[pk]))
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_memberships_for_admins_cover_their_units(api, world):
    as_user(api, world.tpc_admin)
    usernames = {m["username"] for m in results(api.get(reverse("api:membership-list")))}
    assert usernames == {"tpc-admin", "tpc-officer"}
    as_user(api, world.tpc_officer)
    usernames = {m["username"] for m in results(api.get(reverse("api:membership-list")))}
    assert usernames == {"tpc-officer"}


def test_filters(api, world):
    as_user(api, superuser())
    kinds = {o["kind"] for o in results(api.get(reverse("api:organisation-list"),
                                                {"kind": "branch"}))}
    assert kinds == {"branch"}
    children = results(api.get(reverse("api:organisation-list"), {"parent": world.ministry.pk}))
    assert {o["code"] for o in children} == {"TPC", "NTBT"}
    units = results(api.get(reverse("api:unit-list"), {"organisation": world.ntbt.pk}))
    assert {u["code"] for u in units} == {"SVC", "SEC"}
    assert len(results(api.get(reverse("api:unit-list"), {"is_active": "false"}))) == 0
    response = api.get(reverse("api:organisation-list"), {"kind": "planet"})
    assert response.status_code == 400
    assert "kind" in response.json()["error"]["details"]


def test_read_only(api, world):
    as_user(api, world.tpc_admin)
    response = api.patch(reverse("api:organisation-detail", args=[world.tpc.pk]),
                         {"name_zh": "改"}, format="json")
    assert response.status_code == 405
    assert Organisation.objects.get(pk=world.tpc.pk).name_zh == world.tpc.name_zh


def test_session_needs_the_second_factor_when_required(api, world, settings):
    settings.MINFU_REQUIRE_2FA = True
    api.force_login(world.tpc_officer)  # a password-only session
    assert api.get(reverse("api:me-list")).status_code == 403
    api.logout()
    as_user(api, world.tpc_officer)  # a token is its own credential
    assert api.get(reverse("api:me-list")).status_code == 200
