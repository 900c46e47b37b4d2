"""Sign-in through a real OpenID Connect provider: oidc-provider-mock (built on Authlib's
server) runs in a thread of the test process and answers over HTTP; the browser's part
(the provider's consent form) is played with plain HTTP requests. Nothing of the client
is mocked: discovery, the code exchange, the ID token's signature and nonce are real."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from minfu.citizens.models import Citizen, CitizenIdentity
from tests.citizens.factories import citizen, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def provider_url():
    from oidc_provider_mock import run_server_in_thread  # imported here: it warns on import

    with run_server_in_thread(require_nonce=True) as server:  # Authlib sends one
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def provider(provider_url, settings):
    settings.MINFU_OIDC_DISCOVERY_URL = f"{provider_url}/.well-known/openid-configuration"
    settings.MINFU_OIDC_CLIENT_ID = "minfu-test"
    settings.MINFU_OIDC_CLIENT_SECRET = "not-a-secret"
    settings.MINFU_OIDC_LABEL = "Test ID"
    settings.MINFU_SITE_URL = "http://testserver"  # the test client's host
    return provider_url


def _provider_user(provider, sub: str, **claims) -> None:
    requests.put(f"{provider}/users/{sub}", json=claims, timeout=5).raise_for_status()


def _through_provider(client, provider, sub: str, *, action: str = "", start_path: str =
                      "/citizen/sign-in/provider/", next_url: str = ""):
    """Start at Minfu, answer the provider's form as `sub`, bring its answer back."""
    started = client.get(start_path, {"next": next_url} if next_url else {})
    assert started.status_code == 302
    assert started["Location"].startswith(f"{provider}/oauth2/authorize?")
    form = {"sub": sub} | ({"action": action} if action else {})
    answered = requests.post(started["Location"], data=form, allow_redirects=False, timeout=5)
    assert answered.status_code == 302
    back = urlsplit(answered.headers["Location"])
    assert back.path == "/citizen/oidc/callback/"
    return client.get(f"{back.path}?{back.query}"), parse_qs(back.query)


def test_the_sign_in_page_offers_the_configured_provider(client, provider):
    page = client.get("/citizen/sign-in/")
    assert "Test ID" in page.content.decode()


def test_no_provider_no_button_and_no_start(client, settings):
    settings.MINFU_OIDC_DISCOVERY_URL = ""
    assert "citizen/sign-in/provider/" not in client.get("/citizen/sign-in/").content.decode()
    assert client.get("/citizen/sign-in/provider/").status_code == 404


def test_first_sign_in_makes_an_account_and_shows_my_records(client, provider):
    _provider_user(provider, "A123456789-sub", email="hua@example.tw", email_verified=True,
                   name="林小華")
    done, answer = _through_provider(client, provider, "A123456789-sub")
    assert "code" in answer
    assert done.status_code == 302 and done["Location"] == "/my/"
    identity = CitizenIdentity.objects.get()
    assert (identity.issuer, identity.subject) == (provider, "A123456789-sub")
    assert identity.citizen.email == "hua@example.tw" and identity.citizen.email_verified
    page = client.get("/my/")
    assert page.status_code == 200 and "林小華" in page.content.decode()


def test_the_same_identity_signs_in_the_same_account_again(client, provider):
    _provider_user(provider, "again", name="再來")
    _through_provider(client, provider, "again")
    client.post("/citizen/sign-out/")
    assert client.get("/my/").status_code == 302
    done, _ = _through_provider(client, provider, "again")
    assert done.status_code == 302
    assert Citizen.objects.count() == 1 and CitizenIdentity.objects.count() == 1
    assert client.get("/my/").status_code == 200


def test_a_start_on_another_host_of_the_site_moves_to_the_callbacks_host(client, provider,
                                                                         settings):
    settings.MINFU_SITE_URL = "http://127.0.0.1:8000"
    started = client.get("/citizen/sign-in/provider/", {"next": "/my/"}, HTTP_HOST="localhost")
    # The login's state lives in the session of the host the provider sends the citizen
    # back to; starting on another would always fail at the callback.
    assert started.status_code == 302
    assert started["Location"] == "http://127.0.0.1:8000/citizen/sign-in/provider/?next=%2Fmy%2F"


def test_an_english_start_comes_back_in_english(client, provider):
    done, _ = _through_provider(client, provider, "english", start_path="/en/citizen/sign-in/provider/",
                                next_url="/en/my/")
    assert done["Location"] == "/en/my/"


def test_a_refusal_at_the_provider_signs_nobody_in(client, provider):
    done, answer = _through_provider(client, provider, "someone", action="deny")
    assert answer["error"] == ["access_denied"]
    assert done.status_code == 400
    assert Citizen.objects.count() == 0
    assert client.get("/my/").status_code == 302


def test_an_answer_this_browser_did_not_ask_for_is_refused(client, provider):
    started = client.get("/citizen/sign-in/provider/")
    answered = requests.post(started["Location"], data={"sub": "victim"},
                             allow_redirects=False, timeout=5)
    back = urlsplit(answered.headers["Location"])
    other_browser = type(client)()
    assert other_browser.get(f"{back.path}?{back.query}").status_code == 400
    assert Citizen.objects.count() == 0


def test_a_signed_in_citizen_adds_an_identity_to_their_account(client, provider):
    account = citizen()
    sign_in(client, account)
    _through_provider(client, provider, "second-way")
    assert CitizenIdentity.objects.get().citizen == account
    assert Citizen.objects.count() == 1
