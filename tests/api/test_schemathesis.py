"""Property-based tests of the whole API against its committed schema
(docs/api/openapi.yaml), with schemathesis, on the demo data: whatever a client sends,
valid or not, the API never answers with a server error, nor with a status or a body that
its schema does not describe.

- every operation as a staff member (the demo's superuser, whom every permission lets
  through to the services), with schemathesis's edge cases of each parameter and field
  (bounds, nulls, missing and wrong-typed values) and a few random requests;
- the public operations (those the schema lists without security) the same way, signed
  out;
- every other operation signed out, a few requests each: refused, in the error body.

Bounded and repeatable: derandomised, no example database, no shrinking. A failure names
the operation and prints the request that reproduces it."""

from pathlib import Path

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.api.conftest import token_header

pytestmark = pytest.mark.schemathesis

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
STAFF_USERNAME = "admin"
BOUNDED = settings(deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate],
                   suppress_health_check=list(HealthCheck))


def _schema(*, edge_cases: bool) -> schemathesis.BaseSchema:
    loaded = schemathesis.openapi.from_path(SCHEMA, config=schemathesis.Config.from_dict({
        "generation": {"deterministic": True},
        "phases": {"coverage": {"enabled": edge_cases}, "stateful": {"enabled": False}},
    }))
    loaded.app = WSGIHandler()
    return loaded


def _public(ctx) -> bool:
    return "security" not in ctx.operation.definition.raw


thorough = _schema(edge_cases=True)
brief = _schema(edge_cases=False)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def staff(demo_data, wsgi_requests):
    return token_header(get_user_model().objects.get(username=STAFF_USERNAME))


@pytest.fixture
def anonymous(demo_data, wsgi_requests):
    return {}


@thorough.parametrize()
@settings(BOUNDED, max_examples=10)
def test_every_operation_as_staff(case, staff):
    case.call_and_validate(headers=staff, checks=CHECKS)


@thorough.include(_public).parametrize()
@settings(BOUNDED, max_examples=10)
def test_public_operations_signed_out(case, anonymous):
    case.call_and_validate(headers=anonymous, checks=CHECKS)


@brief.exclude(_public).parametrize()
@settings(BOUNDED, max_examples=2)
def test_staff_operations_refuse_the_signed_out(case, anonymous):
    response = case.call_and_validate(headers=anonymous, checks=CHECKS)
    # 401; or 400 for input no request may carry, 404 for an address none has.
    assert 400 <= response.status_code < 500
