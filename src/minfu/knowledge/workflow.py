"""The life of a knowledge-base article, declared on `minfu.records.workflow`. Pure: no ORM.

    submit          draft                              -> in_review
    return          in_review                          -> draft      (the reviewer's notes)
    approve (now)   in_review                          -> published  (a new version)
    approve (later) in_review                          -> scheduled  (publish_at ahead)
    go_live         scheduled                          -> published  (the job, at publish_at)
    revise          published                          -> draft      (the published version stays public)
    archive         draft, in_review, scheduled, published -> archived (withdrawn from the public)
    restore         archived                           -> draft

The reviewer is never the author (services.py checks it: a rule about people, not
states). What the public sees is the article's current published version, whatever
state its next draft is in, until the article is archived."""

from __future__ import annotations

from enum import StrEnum

from minfu.records.workflow import StateMachine, Transition


class State(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Step(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    GO_LIVE = "go_live"
    REVISE = "revise"
    ARCHIVE = "archive"
    RESTORE = "restore"


class When(StrEnum):
    NOW = "now"
    LATER = "later"


# States whose content is being edited: the form may save.
EDITABLE = frozenset({State.DRAFT})

MACHINE = StateMachine(
    states=State, initial=State.DRAFT,
    transitions=[
        Transition(Step.SUBMIT, {State.DRAFT}, State.IN_REVIEW),
        Transition(Step.RETURN, {State.IN_REVIEW}, State.DRAFT),
        Transition(Step.APPROVE, {State.IN_REVIEW}, State.PUBLISHED, choice=When.NOW),
        Transition(Step.APPROVE, {State.IN_REVIEW}, State.SCHEDULED, choice=When.LATER),
        Transition(Step.GO_LIVE, {State.SCHEDULED}, State.PUBLISHED),
        Transition(Step.REVISE, {State.PUBLISHED}, State.DRAFT),
        Transition(Step.ARCHIVE, {State.DRAFT, State.IN_REVIEW, State.SCHEDULED,
                                  State.PUBLISHED}, State.ARCHIVED),
        Transition(Step.RESTORE, {State.ARCHIVED}, State.DRAFT),
    ])

# The staff list shows first what needs someone: review, then drafts, then what is
# scheduled, published, archived.
ATTENTION_ORDER = (State.IN_REVIEW, State.DRAFT, State.SCHEDULED, State.PUBLISHED,
                   State.ARCHIVED)
