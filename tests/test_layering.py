"""The import direction of docs/architecture.md, beyond the contracts in pyproject.toml
that `make lint` checks: views hold no queries of their own, and the apps above the
records hear about them through the record hook instead of being imported."""

import ast
from pathlib import Path

import grimp

SRC = Path(__file__).resolve().parents[1] / "src" / "minfu"


def _view_modules() -> list[Path]:
    return sorted([*SRC.glob("*/views.py"), *SRC.glob("*/views/*.py")])


def _objects_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(SRC)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "objects"]


def test_views_query_only_through_selectors():
    assert _view_modules()
    assert [call for path in _view_modules() for call in _objects_calls(path)] == []


def test_applications_and_petitions_never_import_metrics():
    graph = grimp.build_graph("minfu", cache_dir=None)
    for app in ("minfu.cases", "minfu.voice"):
        importers = {(importer, imported)
                     for importer in graph.find_children(app) | graph.find_descendants(app)
                     for imported in graph.find_modules_directly_imported_by(importer)
                     if imported.startswith("minfu.metrics")}
        # Only the app's metric definitions, which stand on the registry's contract and
        # the day grouping every source shares (neither imports an app).
        assert importers <= {(f"{app}.metrics", "minfu.metrics.registry"),
                             (f"{app}.metrics", "minfu.metrics.sources")}
