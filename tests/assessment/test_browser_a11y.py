"""axe-core on the published inspection results (public list and detail), the inspection page
with its sign-off steps and the award pages (public results, honour roll; the convener's
stage page and a judge's entry page), in both languages, in the system Chromium (see
tests/conftest.py). Fails on any WCAG 2.0/2.1 A or AA violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils.translation import override

from minfu.assessment import demo, inspection_signoff
from minfu.assessment.models import AwardAssignment, AwardRound
from minfu.org import demo as org_demo
from minfu.org.demo import DEMO_PASSWORD
from tests.assessment.factories import World, sign_off
from tests.assessment.test_inspection_signoff import _inspection
from tests.org.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()


def address(live_server, language, name, *args):
    with override(language):
        return live_server.url + reverse(name, args=args)


def assert_accessible(page):
    violations = AXE.run(page, options={
        "runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"],
    }).response["violations"]
    report = "\n".join(f"- {v['id']}: {v['help']} at "
                       + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                       for v in violations)
    assert not violations, f"WCAG A/AA violations on {page.url}:\n{report}"
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_inspection_result_pages(live_server, browser_page, language):
    world = World()
    approved = sign_off(world, _inspection(world))
    publication = inspection_signoff.inspection_publication_save(
        actor=world.coordinator, inspection=approved, expected_version=None,
        title_zh="考核結果", title_en="Inspection result", show_sections=True,
        strengths_zh="服務親切", strengths_en="Courteous service")
    inspection_signoff.inspection_publish(actor=world.coordinator, publication=publication,
                                          expected_version=publication.version)
    planned = _inspection(world)  # the convener sees the submit form
    page = browser_page
    for name, args in [("assessment:public-inspection-results", ()),
                       ("assessment:public-inspection-result", (publication.pk,))]:
        response = page.goto(address(live_server, language, name, *args))
        assert response is not None and response.ok, name
        assert_accessible(page)
    page.goto(address(live_server, language, "web:staff-login"))
    page.fill("#id_username", world.coordinator.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("main button[type=submit]")
    for name, args in [("assessment:staff-inspection", (approved.pk,)),
                       ("assessment:staff-inspection", (planned.pk,)),
                       ("assessment:staff-inspection-publication", (approved.pk,)),
                       ("assessment:staff-inspections", ())]:
        response = page.goto(address(live_server, language, name, *args))
        assert response is not None and response.ok, name
        assert_accessible(page)
def sign_in(page, live_server, language, username):
    page.context.clear_cookies()
    page.goto(address(live_server, language, "web:staff-login"))
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_award_pages(live_server, browser_page, language):
    org_demo.load()
    demo.load()
    award_round = AwardRound.objects.get()
    page = browser_page
    for name, args in [("assessment:public-awards", ()),
                       ("assessment:public-award", (award_round.pk,)),
                       ("assessment:public-honour-roll", ())]:
        response = page.goto(address(live_server, language, name, *args))
        assert response is not None and response.ok, name
        assert_accessible(page)
    sign_in(page, live_server, language, "mof-evaluator")
    pages = [("assessment:staff-awards", ()), ("assessment:staff-award", (award_round.pk,))]
    pages += [("assessment:staff-award-stage", (award_round.pk, stage.pk))
              for stage in award_round.stages.all()]
    for name, args in pages:
        response = page.goto(address(live_server, language, name, *args))
        assert response is not None and response.ok, name
        assert_accessible(page)
    sign_in(page, live_server, language, "mof-judge-1")
    assignment = AwardAssignment.objects.filter(judge__username="mof-judge-1").last()
    response = page.goto(address(live_server, language, "assessment:staff-award-judging",
                                 assignment.pk))
    assert response is not None and response.ok
    assert_accessible(page)
