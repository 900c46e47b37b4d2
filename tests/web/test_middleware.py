import pytest
from django.test import RequestFactory

from minfu.core.errors import Conflict, NotFound, PermissionDenied
from minfu.core.outages import CacheUnavailable
from minfu.web.middleware import DomainErrorMiddleware, server_error


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
