"""Citizens' pages: token, open survey guards, counter QR, ratings and the kiosk."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from minfu.surveys import protection, services
from minfu.surveys.models import FollowUp, Rating, Response
from tests.org.factories import UnitFactory
from tests.surveys.factories import published_survey, wave

pytestmark = pytest.mark.django_db

FORM = {"q_overall": "4", "q_staff": "5", "q_visit": "no", "q_comment": "很好"}


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.MINFU_SURVEY_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def current():
    version, actor = published_survey()
    return wave(version, actor, starts_on=dt.date(2020, 1, 1),
                ends_on=dt.date(2099, 12, 31))


def _started(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)


def test_open_survey_is_accessible_and_answers_once_per_browser(client, current):
    url = reverse("surveys:public-open", args=[current.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "<fieldset" in html and "<legend>" in html
    assert protection.BROWSER_COOKIE in page.cookies
    started = re.search(r'name="started" value="([^"]+)"', html).group(1)
    answered = client.post(url, {**FORM, "started": started})
    assert answered.status_code == 302 and answered.url == reverse("surveys:public-thanks")
    again = client.post(url, {**FORM, "started": _started(client, url)})
    assert again.status_code == 409
    assert Response.objects.count() == 1


def test_honeypot_and_fast_forms_are_refused(client, current, settings):
    url = reverse("surveys:public-open", args=[current.pk])
    started = _started(client, url)
    trapped = client.post(url, {**FORM, "started": started, "website": "http://spam"})
    assert trapped.status_code == 200 and not Response.objects.exists()
    forged = client.post(url, {**FORM, "started": "12345"})
    assert forged.status_code == 200 and not Response.objects.exists()
    settings.MINFU_SURVEY_MIN_SECONDS = 60
    fast = client.post(url, {**FORM, "started": _started(client, url)})
    assert "too quickly" in fast.content.decode() or not Response.objects.exists()
    assert not Response.objects.exists()


def test_rate_limit_per_address(client, current, settings):
    settings.MINFU_SURVEY_RATE = "1/3600"
    url = reverse("surveys:public-open", args=[current.pk])
    client.post(url, {**FORM, "started": _started(client, url)})
    client.cookies.pop(protection.BROWSER_COOKIE)
    second = client.post(url, {**FORM, "started": _started(client, url)})
    assert second.status_code == 200 and Response.objects.count() == 1


def test_missing_required_answer_is_shown_on_the_field(client, current):
    url = reverse("surveys:public-open", args=[current.pk])
    response = client.post(url, {"q_staff": "5", "started": _started(client, url)})
    assert response.status_code == 200
    assert 'id="id_q_overall_error"' in response.content.decode()


def test_hidden_conditional_answer_is_dropped_on_the_web_form(client, current):
    url = reverse("surveys:public-open", args=[current.pk])
    client.post(url, {**FORM, "q_wait": "2", "started": _started(client, url)})
    keys = set(Response.objects.get().answers.values_list("question__key", flat=True))
    assert "wait" not in keys and "overall" in keys


def test_counter_qr_link_records_the_unit(client, current):
    unit = UnitFactory(organisation=current.survey.organisation)
    url = reverse("surveys:public-open", args=[current.pk]) + "?via=" + \
        protection.counter_token(wave_id=current.pk, unit_id=unit.pk)
    client.post(url, {**FORM, "started": _started(client, url)})
    response = Response.objects.get()
    assert response.channel == "counter" and response.unit == unit
    forged = client.get(reverse("surveys:public-open", args=[current.pk]) + "?via=x")
    assert forged.status_code == 404


def test_token_link_once_and_forged(client, current):
    _invitation, token = services.invitation_create(wave=current)
    url = reverse("surveys:public-token", args=[token])
    assert client.post(url, {**FORM, "started": _started(client, url)}).status_code == 302
    assert client.get(url).status_code == 410
    assert client.get(reverse("surveys:public-token", args=["forged"])).status_code == 404


def test_online_rating_double_submit_and_follow_up(client):
    from tests.cases.factories import service

    version = service()
    url = reverse("surveys:public-rate", args=[version.service_type.organisation.code,
                                               version.service_type.code])
    page = client.get(url)
    key = re.search(r'name="key" value="([^"]+)"', page.content.decode()).group(1)
    data = {"score": "1", "comment": "等太久", "key": key, "contact_consent": "on",
            "contact_details": "0912345678"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    rating = Rating.objects.get()
    assert rating.unit == version.responsible_unit and rating.channel == "online"
    assert FollowUp.objects.get().rating == rating


def test_kiosk_resets_after_submit_and_refuses_forged_links(client):
    unit = UnitFactory()
    url = reverse("surveys:public-kiosk",
                  args=[protection.kiosk_token(unit_id=unit.pk, service_type_id=None)])
    page = client.get(url)
    key = re.search(r'name="key" value="([^"]+)"', page.content.decode()).group(1)
    done = client.post(url, {"score": "5", "key": key})
    assert done.status_code == 302 and done.url.endswith("?thanks=1")
    thanks = client.get(done.url)
    assert 'http-equiv="refresh"' in thanks.content.decode()
    assert Rating.objects.get().channel == "tablet"
    assert client.get(reverse("surveys:public-kiosk", args=["forged"])).status_code == 404



def test_a_closed_wave_says_so_and_links_the_current_one(client):
    version, actor = published_survey()
    now = wave(version, actor, starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2099, 12, 31))
    old = wave(version, actor, name_zh="112年第1季", starts_on=dt.date(2023, 1, 1),
               ends_on=dt.date(2023, 3, 31))
    response = client.get("/en" + reverse("surveys:public-open", args=[old.pk]))
    page = response.content.decode()
    assert response.status_code == 410
    assert "is now closed" in page and "Page not found" not in page
    assert reverse("surveys:public-open", args=[now.pk]) in page


def test_a_wave_not_yet_open_says_when_it_opens(client):
    version, actor = published_survey()
    later = wave(version, actor, starts_on=dt.date(2100, 1, 1), ends_on=dt.date(2100, 3, 31))
    response = client.get("/en" + reverse("surveys:public-open", args=[later.pk]))
    assert response.status_code == 404 and "This survey opens on" in response.content.decode()
