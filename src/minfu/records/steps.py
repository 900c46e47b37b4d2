"""The steps staff take on a citizen record, declared once per record kind.

A `Step` names everything the staff page, the API and the tests need: its name (the
page's URL slug and form prefix; the API's `POST .../<name>/` with dashes), the button
label people read, the page's input form, the API's input serializer, the permission
action that shows the button, the workflow step it performs (its state must allow it)
and the service it runs. `register(RecordSteps(...))` makes a kind's steps known;
`steps_for(kind)` lists them. The staff detail views render and dispatch through
`minfu.records.step_views`, the API generates one route per step with
`minfu.records.step_api`: adding a step is one declaration.

A form or serializer whose fields are not the service's keyword arguments as they stand
(a checklist ticked as boxes, an agency named by its code) says what it means with a
`step_arguments()` method; otherwise its cleaned data, minus the version, is passed on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from minfu.records.kinds import kind_for_label
from minfu.records.workflow import StateMachine


def _always(record, user) -> bool:
    return True


def _no_options(record, user) -> dict:
    return {}


@dataclass(frozen=True)
class Step:
    name: str
    label: Any  # a lazy gettext string: the button and its heading
    form: type
    permission: str
    run: Callable[..., Any]  # the service: run(<record>=, actor=, expected_version=, **arguments)
    done: Any  # the success message on the page, or a function of what `run` returned
    api_input: type | None = None  # None: the step is offered on the page only
    api_name: str | None = None  # the API's own older name ("pause" for pause_start)
    workflow_step: str | None = None  # None: a step that keeps the state (a pause, an extension)
    offered_when: Callable[[Any, Any], bool] = _always  # more than state and permission
    form_options: Callable[[Any, Any], dict] = _no_options  # extra form arguments
    help: Any = ""  # a paragraph under the heading on the page, or a function of the record
    description: str = ""  # what the step does, for the API documentation
    # False for the exceptions (a withdrawal, a transfer, an extension): the page leads
    # with the usual next steps and keeps these one click away.
    usual: bool = True

    @property
    def api_path(self) -> str:
        return (self.api_name or self.name).replace("_", "-")


@dataclass(frozen=True)
class RecordSteps:
    """The steps of one record kind. `record_argument` is the keyword its services take
    the record by ("case"); `may(user, action, record)` checks a permission on a record
    (its unit or organisation, and any rule of its own, like the mailbox of petitions);
    `get_for(user, pk)` and `list_for(user)` (the kind's scoped selectors: NotFound
    outside what the user sees, and the queryset of what they see) let other apps ask
    about records they only know by model and id, like the notifications about them."""

    kind: str
    record_argument: str
    machine: StateMachine
    may: Callable[[Any, str, Any], bool]
    steps: tuple[Step, ...] = field(default=())
    get_for: Callable[[Any, Any], Any] | None = None
    list_for: Callable[[Any], Any] | None = None

    def __post_init__(self):
        names = [step.name for step in self.steps]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.kind}: a step name is declared twice")
        for step in self.steps:
            if step.workflow_step is not None and step.workflow_step not in self.machine.steps:
                raise ValueError(f"{self.kind}.{step.name}: no workflow step "
                                 f"{step.workflow_step!r}")

    def get(self, name: str) -> Step | None:
        return next((step for step in self.steps if step.name == name), None)

    def state_allows(self, step: Step, record) -> bool:
        return step.workflow_step is None or self.machine.allows(record.state,
                                                                 step.workflow_step)

    def offered(self, record, user) -> list[Step]:
        """The steps the record's state allows and the user may take, in declared order."""
        return [step for step in self.steps
                if self.state_allows(step, record) and self.may(user, step.permission, record)
                and step.offered_when(record, user)]

    def form(self, step: Step, record, user, data=None, files=None, **kwargs):
        return step.form(data, files, prefix=step.name, **step.form_options(record, user),
                         **kwargs)

    def perform(self, step: Step, record, user, *, expected_version: int, arguments: dict):
        return step.run(**{self.record_argument: record}, actor=user,
                        expected_version=expected_version, **arguments)


def arguments_of(bound) -> dict:
    """The service's keyword arguments from a valid form or serializer, minus the
    version it carries."""
    if hasattr(bound, "step_arguments"):
        return bound.step_arguments()
    data = dict(bound.cleaned_data if hasattr(bound, "cleaned_data") else bound.validated_data)
    data.pop("version", None)
    data.pop("expected_version", None)
    return data


_REGISTRY: dict[str, RecordSteps] = {}


def register(record_steps: RecordSteps) -> RecordSteps:
    _REGISTRY[record_steps.kind] = record_steps
    return record_steps


def steps_for(kind: str) -> RecordSteps:
    """The registered steps of a record kind (records.kinds: "case", "petition")."""
    return _REGISTRY[kind]


def kinds() -> list[str]:
    return sorted(_REGISTRY)


def registered() -> tuple[RecordSteps, ...]:
    """The steps of every registered kind."""
    return tuple(_REGISTRY.values())


def kind_of_model(label: str) -> RecordSteps | None:
    """The steps of the record kind whose records are rows of `label` ("voice.petition"),
    if any (records.kinds knows which model each kind is)."""
    kind = kind_for_label(label)
    return _REGISTRY.get(kind.code) if kind is not None else None
