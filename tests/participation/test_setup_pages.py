"""The staff pages that set up consultations and polls: a coordinator creates and
changes them; what comments and votes rely on cannot change; another agency's cannot be
opened; a clerk without the right has no such page."""

import pytest
from django.urls import reverse

from minfu.org.models import Role
from minfu.participation import services
from minfu.participation.models import Consultation, Poll
from tests.org.factories import UnitFactory, staff_user

from . import factories

pytestmark = pytest.mark.django_db


def _coordinator(client, organisation=None):
    unit = UnitFactory(organisation=organisation) if organisation else UnitFactory()
    client.force_login(staff_user(unit, Role.QUALITY_COORDINATOR))
    return unit.organisation


def _consultation_data(organisation, **overrides):
    data = {"organisation": organisation.pk, "title": "規費減免方案意見徵詢",
            "opens_at": "2026-12-01T09:00", "closes_at": "2026-12-31T17:00",
            "published": "on", "moderation": "after", "summary": "草案摘要",
            "code_of_conduct": "請勿人身攻擊。",
            "sections-TOTAL_FORMS": "3", "sections-INITIAL_FORMS": "0",
            "sections-MIN_NUM_FORMS": "0", "sections-MAX_NUM_FORMS": "30",
            "sections-0-heading": "一、適用對象", "sections-0-question": "範圍是否妥適？",
            "sections-1-heading": "二、申請方式"}
    data.update(overrides)
    return data


def test_a_coordinator_publishes_a_consultation_with_its_sections(client):
    organisation = _coordinator(client)
    response = client.post(reverse("participation:staff-consultation-new"),
                           _consultation_data(organisation))
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert [section.heading for section in consultation.sections.order_by("position")] == [
        "一、適用對象", "二、申請方式"]
    assert consultation.published and consultation.organisation == organisation
    public = client.get(reverse("participation:public-consultation", args=[consultation.pk]))
    assert "範圍是否妥適？" in public.content.decode()


def test_mistakes_are_shown_and_nothing_is_saved(client):
    organisation = _coordinator(client)
    response = client.post(reverse("participation:staff-consultation-new"), _consultation_data(
        organisation, closes_at="2026-11-01T09:00"))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Consultation.objects.exists()


def test_sections_with_comments_stay_and_a_stale_edit_is_refused(client):
    organisation = _coordinator(client)
    consultation = factories.consultation(organisation=organisation)
    services.comment_submit(consultation=consultation, participant=factories.participant(),
                            body="建議延長期間")
    url = reverse("participation:staff-consultation-edit", args=[consultation.pk])
    changed = client.post(url, _consultation_data(organisation, version=consultation.version))
    assert changed.status_code == 400   # the sections would change
    form = client.get(url).context["sections"]
    rows = {f"sections-{i}-{name}": value for i, row in enumerate(form.initial)
            for name, value in row.items()}
    kept = {**_consultation_data(organisation, version=consultation.version, title="新標題",
                                 **{"sections-TOTAL_FORMS": str(len(form.initial)),
                                    "sections-INITIAL_FORMS": str(len(form.initial))}),
            "sections-1-heading": "", **rows}
    kept_answer = client.post(url, kept)
    assert kept_answer.status_code == 302, (kept_answer.context["form"].errors, kept)
    assert Consultation.objects.get(pk=consultation.pk).title == "新標題"
    stale = client.post(url, dict(kept, title="再改", version=consultation.version))
    assert stale.status_code == 400
    assert Consultation.objects.get(pk=consultation.pk).title == "新標題"


def test_a_poll_is_set_up_with_one_option_a_line_and_its_options_stay_once_voted(client):
    organisation = _coordinator(client)
    data = {"organisation": organisation.pk, "title": "延長服務時段", "question": "您偏好哪個時段？",
            "options": "平日晚間\n週六上午\n", "opens_at": "2026-12-01T09:00",
            "closes_at": "2026-12-31T17:00", "published": "on"}
    assert client.post(reverse("participation:staff-poll-new"), data).status_code == 302
    poll = Poll.objects.get()
    assert [option.text for option in poll.options.order_by("position")] == ["平日晚間",
                                                                            "週六上午"]
    services.ballot_cast(poll=poll, participant=factories.participant(),
                         option_ids=[poll.options.first().pk])
    url = reverse("participation:staff-poll-edit", args=[poll.pk])
    refused = client.post(url, dict(data, options="平日晚間\n週日下午", version=poll.version))
    assert refused.status_code == 400
    assert [option.text for option in poll.options.order_by("position")] == ["平日晚間",
                                                                            "週六上午"]
    one = client.post(reverse("participation:staff-poll-new"), dict(data, options="只有一個"))
    assert one.status_code == 400 and Poll.objects.count() == 1


def test_another_agency_s_and_a_clerk_without_the_right_get_nothing(client):
    other = factories.consultation()
    _coordinator(client)
    url = reverse("participation:staff-consultation-edit", args=[other.pk])
    assert client.get(url).status_code == 404
    client.force_login(staff_user(UnitFactory(), Role.OFFICER))
    assert client.get(reverse("participation:staff-poll-new")).status_code == 404
