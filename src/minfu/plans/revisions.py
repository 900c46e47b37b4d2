"""What changed between two states of a plan. Pure: states are the plain dicts
`selectors.plan_snapshot` makes (and `PlanRevision.snapshot` keeps):

    {"plan": {field: text}, "nodes": [{"id", "parent", "position", "label", ...}],
     "indicators": [{"id", "label", ...}]}

Items and indicators are matched by id, so an item whose text was rewritten is a change
of that item, not a removal and an addition."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

# The fields of an item, an indicator and the plan that a change is reported on.
NODE_FIELDS = ("label", "level", "deadline", "units", "benefit")
INDICATOR_FIELDS = ("label", "node", "target", "weight", "definition")
PLAN_FIELDS = ("title", "objectives", "executing_units", "levels", "directives", "sections")


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"


class Subject(StrEnum):
    PLAN = "plan"
    ITEM = "item"
    INDICATOR = "indicator"


SUBJECT_LABELS = {Subject.PLAN: _("Plan"), Subject.ITEM: _("Item"),
                  Subject.INDICATOR: _("Key indicator")}
FIELD_LABELS = {
    "label": _("text"), "level": _("level"), "deadline": _("deadline"), "units": _("units"),
    "benefit": _("expected benefit"), "node": _("item measured"), "target": _("target"),
    "weight": _("weight"), "definition": _("definition"), "title": _("title"),
    "objectives": _("objectives"), "executing_units": _("executing units"),
    "levels": _("levels"), "directives": _("basis"), "sections": _("sections"),
}


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    subject: Subject
    label: str                                   # the item as it reads (after, if it is)
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, before, after)

    @property
    def subject_label(self) -> str:
        return str(SUBJECT_LABELS[self.subject])

    @property
    def field_rows(self) -> list[tuple[str, str, str]]:
        """(field as read, before, after)."""
        return [(str(FIELD_LABELS.get(name, name)), before, after)
                for name, before, after in self.fields]


def changes(before: dict, after: dict) -> list[Change]:
    """Every difference from `before` to `after`: the plan's own fields, then items and
    indicators in the order of `after` (removed ones last, in the order of `before`)."""
    found = _plan_changes(before.get("plan", {}), after.get("plan", {}))
    found += _record_changes(before.get("nodes", []), after.get("nodes", []), Subject.ITEM,
                             NODE_FIELDS, moved=_moved)
    found += _record_changes(before.get("indicators", []), after.get("indicators", []),
                             Subject.INDICATOR, INDICATOR_FIELDS)
    return found


def _plan_changes(before: dict, after: dict) -> list[Change]:
    fields = tuple((name, _text(before.get(name)), _text(after.get(name)))
                   for name in PLAN_FIELDS if _text(before.get(name)) != _text(after.get(name)))
    return [Change(ChangeKind.CHANGED, Subject.PLAN, "", fields)] if fields else []


def _record_changes(before: list[dict], after: list[dict], subject: Subject,
                    names: tuple[str, ...], moved=None) -> list[Change]:
    old = {record["id"]: record for record in before}
    new_ids = {record["id"] for record in after}
    found = []
    for record in after:
        previous = old.get(record["id"])
        if previous is None:
            found.append(Change(ChangeKind.ADDED, subject, record["label"]))
            continue
        fields = tuple((name, _text(previous.get(name)), _text(record.get(name)))
                       for name in names if _text(previous.get(name)) != _text(record.get(name)))
        if fields:
            found.append(Change(ChangeKind.CHANGED, subject, record["label"], fields))
        if moved is not None and moved(previous, record):
            found.append(Change(ChangeKind.MOVED, subject, record["label"]))
    found += [Change(ChangeKind.REMOVED, subject, record["label"]) for record in before
              if record["id"] not in new_ids]
    return found


def _moved(before: dict, after: dict) -> bool:
    return (before.get("parent"), before.get("position")) != (after.get("parent"),
                                                               after.get("position"))


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(_text(item) for item in value)
    return "" if value is None else str(value)
