"""The life of a record as a declared table of steps. Pure: no ORM.

A record kind declares its `StateMachine` once: every step with the states it may start
from and the state it leads to. A step whose target depends on a choice (a decision's
outcome) is declared once per choice, each with its own from-states, so even "while
documents are missing the only decision is a refusal" is a row of the table.

Refusal has one shape everywhere: `StepRefused`, a `Conflict` (HTTP 409) with the code
"step_not_allowed" that names the step and the state. An unknown step, state or choice
is refused the same way: whoever asks gets an answer, never a KeyError."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from minfu.core.errors import Conflict


class StepRefused(Conflict):
    """The record's state does not allow the step (or the step is unknown)."""

    code = "step_not_allowed"

    def __init__(self, *, step: str, state: str, choice: str | None = None):
        self.step, self.state, self.choice = str(step), str(state), choice
        details = {"step": self.step, "state": self.state}
        if choice is not None:
            details["choice"] = str(choice)
        super().__init__(
            _("The step “%(step)s” is not possible while the record is “%(state)s”.")
            % {"step": self.step, "state": self.state}, details=details)


@dataclass(frozen=True)
class Transition:
    """One row of the table: `step` (with `choice`, when the step has variants) moves a
    record in one of `sources` to `target`."""

    step: str
    sources: frozenset[str]
    target: str
    choice: str | None = None

    def __init__(self, step: str, sources: Iterable[str], target: str,
                 choice: str | None = None):
        object.__setattr__(self, "step", str(step))
        object.__setattr__(self, "sources", frozenset(str(state) for state in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "choice", None if choice is None else str(choice))


class StateMachine:
    """The states of a record kind, its initial state and its table of transitions.
    Terminal states are declared, and checked: no step may leave them."""

    def __init__(self, *, states: Iterable[str], initial: str,
                 transitions: Iterable[Transition], terminal: Iterable[str] = ()):
        self.states = tuple(str(state) for state in states)
        self.initial = str(initial)
        self.transitions = tuple(transitions)
        self.terminal = frozenset(str(state) for state in terminal)
        self._rows: dict[tuple[str, str | None], Transition] = {}
        known = set(self.states)
        for row in self.transitions:
            if (row.step, row.choice) in self._rows:
                raise ValueError(f"step {row.step!r} ({row.choice}) is declared twice")
            if not row.sources <= known or row.target not in known:
                raise ValueError(f"step {row.step!r} names a state that is not declared")
            if row.sources & self.terminal:
                raise ValueError(f"step {row.step!r} leaves a terminal state")
            self._rows[(row.step, row.choice)] = row
        self.steps = tuple(dict.fromkeys(row.step for row in self.transitions))

    def next_state(self, state: str, step: str, *, choice: str | None = None) -> str:
        """The state `step` (with `choice`, for a step with variants) leads to from
        `state`; StepRefused when the table has no such row."""
        row = self._rows.get((str(step), None if choice is None else str(choice)))
        if row is None or str(state) not in row.sources:
            raise StepRefused(step=step, state=state, choice=choice)
        return row.target

    def allows(self, state: str, step: str) -> bool:
        """Whether `step` (for at least one of its choices) may start from `state`."""
        return any(row.step == str(step) and str(state) in row.sources
                   for row in self.transitions)

    def allowed_steps(self, state: str) -> frozenset[str]:
        return frozenset(row.step for row in self.transitions if str(state) in row.sources)

    def choices(self, state: str, step: str) -> frozenset[str]:
        """The choices of `step` that `state` allows (a decision's outcomes)."""
        return frozenset(row.choice for row in self.transitions
                         if row.step == str(step) and row.choice is not None
                         and str(state) in row.sources)

    def is_terminal(self, state: str) -> bool:
        return str(state) in self.terminal
