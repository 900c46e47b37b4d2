import pytest
from django.urls import reverse

from minfu.org.models import Role
from tests.cases.factories import service, submit
from tests.org.factories import UnitFactory, staff_user

pytestmark = pytest.mark.django_db


def test_admin_lists_only_the_cases_in_scope_and_changes_nothing(client):
    case, _code = submit(service(period_value=5))
    other, _code = submit(service(period_value=5, code="OTHER"))
    client.force_login(staff_user(case.unit, Role.SUPERVISOR, is_staff=True))
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [case]
    assert client.get(reverse("admin:cases_case_change", args=[other.pk])).status_code == 302
    detail = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert detail.status_code == 200 and case.access_code_hmac not in detail.content.decode()
    assert client.post(reverse("admin:cases_case_change", args=[case.pk]),
                       {}).status_code == 403


def test_staff_of_another_agency_see_no_cases_in_the_admin(client):
    submit(service(period_value=5))
    client.force_login(staff_user(UnitFactory(), Role.AGENCY_ADMIN, is_staff=True))
    response = client.get(reverse("admin:cases_case_changelist"))
    assert list(response.context["cl"].queryset) == []
