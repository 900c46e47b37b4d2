import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from minfu.core.errors import Conflict, NotFound, PermissionDenied
from minfu.core.outages import CacheUnavailable
from minfu.web.middleware import ControlCharacterMiddleware, DomainErrorMiddleware, server_error


@pytest.fixture
def handle():
    middleware = DomainErrorMiddleware(lambda request: None)
    request = RequestFactory().get("/somewhere/")
    return lambda error: middleware.process_exception(request, error)


@pytest.mark.parametrize(
    ("error", "status"),
    [(NotFound(), 404), (PermissionDenied(), 403), (Conflict("Someone else saved it"), 409)],
)
def test_domain_errors_become_pages_with_their_status(handle, error, status):
    response = handle(error)
    assert response.status_code == status


def test_the_message_of_an_unhandled_domain_error_is_shown(handle):
    response = handle(Conflict("Someone else saved it"))
    assert "Someone else saved it" in response.content.decode()


def test_other_exceptions_are_left_alone(handle):
    assert handle(ValueError("boom")) is None


def test_an_outage_is_a_503_page_with_retry_after(handle):
    response = handle(CacheUnavailable("refused"))
    assert response.status_code == 503 and int(response["Retry-After"]) > 0


def test_an_outage_outside_a_view_is_a_503_page_too():
    """handler500 sees what failed in a middleware; anything else stays Django's 500."""
    request = RequestFactory().get("/somewhere/")
    try:
        raise CacheUnavailable("refused")
    except CacheUnavailable:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"]
    try:
        raise ValueError("boom")
    except ValueError:
        assert server_error(request).status_code == 500
@pytest.fixture
def refuse():
    return ControlCharacterMiddleware(lambda request: HttpResponse("through"))


@pytest.mark.parametrize("request_", [
    RequestFactory().get("/services/", {"q": "\x00"}),
    RequestFactory().get("/services/", {"\x00": "x"}),
    RequestFactory().get("/services/a\x00b/"),
    RequestFactory().post("/staff/org/", "name_zh=a%1Fb",
                          content_type="application/x-www-form-urlencoded"),
    RequestFactory().post("/staff/org/", {"name_zh": "a\x01b"}),  # multipart
])
def test_control_characters_in_the_address_or_a_form_are_a_400_page(refuse, request_):
    response = refuse(request_)
    assert response.status_code == 400 and b"through" not in response.content


def test_control_characters_in_an_api_address_are_a_400_in_the_error_body(refuse):
    response = refuse(RequestFactory().get("/api/v1/catalog/services/", {"q": "\x00"}))
    assert response.status_code == 400
    assert json.loads(response.content)["error"]["code"] == "control_character"


@pytest.mark.parametrize("request_", [
    RequestFactory().get("/services/", {"q": "戶籍\t謄本\r\n"}),
    RequestFactory().post("/api/v1/voice/submit/", {"subject": "a\x01b"},
                          content_type="application/json"),  # minfu.api.parsers' part
])
def test_other_text_goes_through(refuse, request_):
    assert refuse(request_).content == b"through"
