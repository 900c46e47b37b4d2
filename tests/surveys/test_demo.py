"""The demo loads realistic data once and adds nothing when run again."""

import pytest

from minfu.org import demo as org_demo
from minfu.surveys import demo, selectors
from minfu.surveys.models import Rating, Response, Survey, Wave

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_shows_trends_and_peers():
    org_demo.load()
    demo.load()
    demo.load()
    assert Survey.objects.count() == 2
    assert Wave.objects.filter(survey__organisation__code="TPC").count() == 4
    assert 280 <= Response.objects.filter(organisation__code="TPC").count() <= 320
    assert Rating.objects.count() == 200
    from django.contrib.auth import get_user_model

    evaluator = get_user_model().objects.get(username="mof-evaluator")
    groups = selectors.peer_comparison(evaluator)
    codes = {org.code for _label, rows in groups for org, *_rest in rows}
    assert {"TPC", "NTBT"} <= codes
    coordinator = get_user_model().objects.get(username="tpc-coordinator")
    survey = Survey.objects.get(organisation__code="TPC")
    trend = selectors.overall_by(coordinator, survey, "quarter", selectors.AnalysisFilter())
    assert len(trend) == 4


def test_staff_pages_render_the_demo(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from minfu.surveys.models import FollowUp

    org_demo.load()
    demo.load()
    users = get_user_model().objects
    survey = Survey.objects.get(organisation__code="TPC")
    wave = survey.waves.order_by("-starts_on").first()
    client.force_login(users.get(username="tpc-coordinator"))
    for url in (reverse("surveys:staff-surveys"),
                reverse("surveys:staff-survey", args=[survey.pk]),
                reverse("surveys:staff-version", args=[survey.versions.get().pk]),
                reverse("surveys:staff-wave", args=[wave.pk]),
                reverse("surveys:staff-analysis", args=[survey.pk]),
                reverse("surveys:staff-ratings"),
                reverse("surveys:staff-follow-ups") + "?status=all"):
        assert client.get(url).status_code == 200, url
    analysis = client.get(reverse("surveys:staff-analysis", args=[survey.pk])).content.decode()
    assert "<svg" in analysis and "等候" in analysis
    client.force_login(users.get(username="mof-evaluator"))
    peers = client.get(reverse("surveys:staff-peers"))
    assert peers.status_code == 200
    html = peers.content.decode()
    assert "財政部關務署臺北關" in html and "財政部臺北國稅局" in html
    client.force_login(users.get(username="tpc-officer"))
    follow_up = FollowUp.objects.filter(unit__code="BUS1").first()
    if follow_up is not None:
        assert client.get(reverse("surveys:staff-follow-up",
                                  args=[follow_up.pk])).status_code == 200
    public = client.get(reverse("surveys:public-open", args=[wave.pk]))
    assert public.status_code == 200 and "<legend>" in public.content.decode()
