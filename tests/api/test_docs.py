"""The API docs page is served from Minfu's own static files under the site's Content
Security Policy, and MINFU_API_SCHEMA_PUBLIC decides who may read the schema and the page."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.org.factories import UserFactory, staff_user

DOCS, SCHEMA = "/api/docs/", "/api/schema/"


def referenced_urls(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]*)"', page)


@pytest.mark.django_db
def test_the_docs_page_loads_only_same_origin_static_files_and_no_inline_code(client):
    response = client.get(DOCS)
    page = response.content.decode()

    urls = referenced_urls(page)
    assert len(urls) == 5  # favicon, stylesheet, two Swagger UI scripts, the start-up script
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        assert url.startswith(settings.STATIC_URL) or url == f"{DOCS}?script=", url
        if url.startswith(settings.STATIC_URL):
            assert finders.find(url.removeprefix(settings.STATIC_URL)), f"{url} is not shipped"
    assert "<style" not in page
    assert all(tag.endswith(" src") or " src=" in tag for tag in re.findall(r"<script[^>]*", page))
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_start_up_script_is_javascript_that_fetches_our_schema(client):
    response = client.get(DOCS, {"script": ""})
    assert response["Content-Type"].startswith("application/javascript")
    script = response.content.decode()
    assert f'"{SCHEMA}"' in script
    assert "://" not in script


@pytest.mark.django_db
def test_a_public_schema_and_its_page_are_open_to_anyone(client, settings):
    settings.MINFU_API_SCHEMA_PUBLIC = True
    assert client.get(SCHEMA).status_code == 200
    assert client.get(DOCS).status_code == 200


@pytest.mark.django_db
def test_a_private_schema_needs_a_signed_in_staff_member(client, settings):
    settings.MINFU_API_SCHEMA_PUBLIC = False

    schema = client.get(SCHEMA, {"format": "json"})
    assert schema.status_code == 401
    assert schema.json()["error"]["code"] == "not_authenticated"
    page = client.get(DOCS)
    assert page.status_code == 302
    assert page["Location"] == f"{reverse('web:staff-login')}?next={DOCS}"

    client.force_login(UserFactory())  # signed in, but no membership: not staff
    assert client.get(SCHEMA).status_code == 403
    assert client.get(DOCS).status_code == 403

    officer = staff_user()
    client.force_login(officer)
    assert client.get(SCHEMA).status_code == 200
    assert client.get(DOCS).status_code == 200
    assert client.get(DOCS, {"script": ""}).status_code == 200

    token = Token.objects.create(user=officer)
    client.logout()
    assert client.get(SCHEMA, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_runs_under_the_content_security_policy(live_server, browser_page):
    errors = []
    browser_page.on("console", lambda message: errors.append(message.text)
                    if message.type == "error" else None)
    requested = []
    browser_page.on("request", lambda request: requested.append(request.url))

    # Swagger UI draws only the operations in view: a tall window shows them all.
    browser_page.set_viewport_size({"width": 1280, "height": 10_000})
    browser_page.goto(live_server.url + DOCS)
    # The operations render a few at a time: wait for them all (a loaded machine is slow;
    # the page's CSP forbids evaluating a condition in it, so ask from here).
    operations = browser_page.locator(".opblock-summary")
    operations.first.wait_for(timeout=30_000)
    for _ in range(120):
        if operations.count() > 50:
            break
        browser_page.wait_for_timeout(500)
    assert operations.count() > 50  # the operations rendered
    assert errors == []  # a CSP refusal would show here
    assert all(url.startswith(live_server.url) for url in requested), requested
