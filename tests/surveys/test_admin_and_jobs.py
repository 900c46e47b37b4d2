"""Admin scoping and the daily invitation command."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from minfu.org.models import Role
from tests.org.factories import UnitFactory, staff_user
from tests.surveys.factories import published_survey

pytestmark = pytest.mark.django_db


def test_admin_lists_only_surveys_in_scope(client):
    version, coordinator = published_survey()
    published_survey(code="other")  # another agency's
    admin_user = staff_user(coordinator.memberships.first().unit, Role.AGENCY_ADMIN,
                            is_staff=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:surveys_survey_changelist"))
    assert list(response.context["cl"].queryset) == [version.survey]
    client.force_login(staff_user(UnitFactory(), Role.AGENCY_ADMIN, is_staff=True))
    response = client.get(reverse("admin:surveys_survey_changelist"))
    assert list(response.context["cl"].queryset) == []


def test_invitation_command_runs_for_a_day(capsys):
    call_command("send_survey_invitations", "--date", "2026-03-02")
    assert "0 invitation(s)" in capsys.readouterr().out
