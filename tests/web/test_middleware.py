import pytest
from django.test import RequestFactory

from minfu.core.errors import Conflict, NotFound, PermissionDenied
from minfu.web.middleware import DomainErrorMiddleware


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
