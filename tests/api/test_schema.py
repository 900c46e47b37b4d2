"""The OpenAPI schema is committed (docs/api/openapi.yaml); this fails when the code's API
drifts from it. Regenerate with `make schema` and review the diff."""

from pathlib import Path

from django.core.management import call_command

from minfu.api.urls import APP_APIS

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
