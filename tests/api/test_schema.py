"""The OpenAPI schema is committed (docs/api/openapi.yaml); this fails when the code's API
drifts from it. Regenerate with `make schema` and review the diff."""

from pathlib import Path

import schemathesis
import yaml
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from schemathesis.specs.openapi.checks import response_schema_conformance

from minfu.api.urls import APP_APIS
from minfu.plans.services import indicator_save
from tests.api.conftest import token_header
from tests.org.factories import superuser
from tests.plans.factories import agency_with_units, coordinator, plan_for

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.yaml"


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--lang", "en", "--file", str(generated), "--fail-on-warn")
    assert generated.read_text() == COMMITTED.read_text(), (
        "docs/api/openapi.yaml is out of date: run `make schema` and commit it"
    )


def test_every_app_api_is_under_its_own_prefix():
    text = COMMITTED.read_text()
    paths = [line.strip().rstrip(":") for line in text.splitlines() if line.startswith("  /api/")]
    assert paths
    prefixes = {prefix for prefix, _api in APP_APIS}
    assert all(path.split("/")[3] in prefixes for path in paths), paths


def test_me_and_key_indicators_answer_as_published(wsgi_requests):
    """Both once answered another shape than the schema's: `me` an object where the
    schema said a list, the indicators a plain list where it said a page."""
    _agency, units = agency_with_units()
    plan = plan_for(units[0].organisation)
    indicator_save(actor=superuser(), plan=plan, name="提案數", targets={2025: 5})
    schema = schemathesis.openapi.from_path(COMMITTED)
    schema.app = WSGIHandler()
    headers = token_header(coordinator(units[0]))
    for path in ("/api/v1/org/me/", "/api/v1/plans/indicators/"):
        case = schema[path]["GET"].Case()
        response = case.call(headers=headers)
        assert response.status_code == 200
        case.validate_response(response, checks=[response_schema_conformance])


def test_a_field_that_may_not_be_blank_says_so():
    """voice/submit refused an empty subject that the schema allowed."""
    components = yaml.safe_load(COMMITTED.read_text())["components"]["schemas"]
    subject = components["VoicePublicSubmitInputRequest"]["properties"]["subject"]
    assert subject["minLength"] == 1
    assert "minLength" not in components["VoiceSubmitOutput"]["properties"]["number"]
