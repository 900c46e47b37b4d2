"""URL helpers every app's urls.py shares."""

from collections.abc import Callable

from django.urls import URLPattern, path


def thing_routes(prefix: str, name: str, *, plural: str | None = None,
                 index: Callable | None = None, new: Callable | None = None,
                 detail: Callable | None = None, **steps: Callable) -> list[URLPattern]:
    """The pages of one kind of thing under `prefix` ("staff/assessment/items/"): its list
    (`index`) at `prefix` (URL name `plural`, by default `name` + "s"), `new/` (`<name>-new`), one
    thing at `<int:pk>/` (`name`) and each of `steps` at `<int:pk>/<step>/`
    (`<name>-<step>`; an underscore in the keyword is a hyphen in both), in that order."""
    routes = []
    if index is not None:
        routes.append(path(prefix, index, name=plural or f"{name}s"))
    if new is not None:
        routes.append(path(f"{prefix}new/", new, name=f"{name}-new"))
    if detail is not None:
        routes.append(path(f"{prefix}<int:pk>/", detail, name=name))
    for step, view in steps.items():
        slug = step.replace("_", "-")
        routes.append(path(f"{prefix}<int:pk>/{slug}/", view, name=f"{name}-{slug}"))
    return routes
