import pytest
from django.urls import reverse

from minfu.org.models import Role
from tests.org.factories import staff_user
from tests.plans.factories import action_under, agency_with_units, plan_for

pytestmark = pytest.mark.django_db


def test_admin_lists_only_plans_and_actions_in_scope(client):
    agency, units = agency_with_units()
    _other, other_units = agency_with_units()
    plan = plan_for(agency)
    other_plan = plan_for(_other)
    action_under(plan, None, "辦理", units[:1])
    action_under(other_plan, None, "他機關", other_units[:1])
    client.force_login(staff_user(units[0], Role.AGENCY_ADMIN, is_staff=True))
    response = client.get(reverse("admin:plans_plan_changelist"))
    assert list(response.context["cl"].queryset) == [plan]
    actions = client.get(reverse("admin:plans_action_changelist"))
    assert [a.plan for a in actions.context["cl"].queryset] == [plan]
    assert client.post(reverse("admin:plans_plan_change", args=[plan.pk]), {}).status_code == 403
