"""The states of a comment: moderated before publication it waits (pending); a
moderator publishes or hides it (with a reason); its author may withdraw it."""

from minfu.participation.models import CommentState as S
from minfu.records.workflow import StateMachine, Transition

PUBLISH, HIDE, WITHDRAW = "publish", "hide", "withdraw"

COMMENT_MACHINE = StateMachine(
    states=S.values, initial=S.PENDING, terminal=[S.WITHDRAWN],
    transitions=[
        Transition(PUBLISH, [S.PENDING, S.HIDDEN], S.PUBLISHED),
        Transition(HIDE, [S.PENDING, S.PUBLISHED], S.HIDDEN),
        Transition(WITHDRAW, [S.PENDING, S.PUBLISHED, S.HIDDEN], S.WITHDRAWN),
    ])
