"""The Open311 server's OpenAPI description (docs/api/open311.yaml) is a valid OpenAPI 3
document and describes every route of the server."""

from pathlib import Path

import yaml
from drf_spectacular.validation import validate_schema

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "api" / "open311.yaml"


def _document() -> dict:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


def test_the_description_is_valid_openapi():
    validate_schema(_document())


def test_every_route_of_the_server_is_described():
    from minfu.open311 import urls_api

    described = set(_document()["paths"])
    named = {pattern.name for pattern in urls_api.urlpatterns if pattern.name}
    expected = {"discovery": "/discovery.json", "services": "/services.json",
                "service": "/services/{service_code}.json", "requests": "/requests.json",
                "request": "/requests/{service_request_id}.json",
                "token": "/tokens/{token}.json"}
    assert named - {"root"} == set(expected)
    assert set(expected.values()) <= described

