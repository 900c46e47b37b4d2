import pytest
from django.urls import reverse

from minfu.participation import verification
from minfu.participation.models import ParticipantVerification

from .conftest import KEY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    settings.MINFU_SURVEY_MIN_SECONDS = 0


def url(next_url="/somewhere/"):
    return f"{reverse('participation:verify')}?activity={KEY}&next={next_url}"


def started(client):
    page = client.get(url())
    return page.context["form"]["started"].value()


def test_address_then_code_proves_the_browser(client, activity, fixed_code):
    response = client.post(url(), {"address": "lin@example.org", "started": started(client)})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "l***@example.org" in page.content.decode()
    response = client.post(url(), {"code": "123456"})
    assert response.status_code == 302 and response["Location"] == "/somewhere/"
    participant = verification.verified_participant(response.wsgi_request, KEY)
    assert participant is not None
    # The browser now carries the proof: the page sends it straight on.
    assert client.get(url())["Location"] == "/somewhere/"


def test_wrong_code_shows_the_error_on_the_field(client, activity, fixed_code):
    client.post(url(), {"address": "lin@example.org", "started": started(client)})
    page = client.post(url(), {"code": "999999"})
    assert page.status_code == 400
    assert page.context["form"].errors["code"]


def test_honeypot_refuses_and_sends_nothing(client, activity):
    page = client.post(url(), {"address": "lin@example.org", "started": started(client),
                               "website": "http://spam"})
    assert page.status_code == 400 and not ParticipantVerification.objects.exists()


def test_form_sent_too_fast_is_refused(client, activity, settings):
    settings.MINFU_SURVEY_MIN_SECONDS = 60
    page = client.post(url(), {"address": "lin@example.org", "started": started(client)})
    assert page.status_code == 400 and not ParticipantVerification.objects.exists()


def test_next_must_stay_on_this_site(client, activity, fixed_code):
    client.post(url("https://evil.example/"),
                {"address": "lin@example.org", "started": started(client)})
    response = client.post(url("https://evil.example/"), {"code": "123456"})
    assert response["Location"] == "/somewhere/"


def test_unknown_activity_is_404(client, db):
    assert client.get(f"{reverse('participation:verify')}?activity=x:1").status_code == 404
