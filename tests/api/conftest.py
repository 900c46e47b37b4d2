import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.authtoken.models import Token


@pytest.fixture
def wsgi_requests(db):
    """Requests sent through the WSGI handler (schemathesis) run inside the test's
    transaction: the handler would close the database connection after each request,
    which Django's own test client prevents in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def token_header(user) -> dict[str, str]:
    token, _created = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}
