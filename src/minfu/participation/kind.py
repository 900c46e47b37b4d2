"""Consultation comments as a kind of citizen record (records.kinds): numbered
KL-C1151206-0001, with an access code and a history."""

from django.urls import reverse

from minfu.participation import actions
from minfu.participation.models import CommentState
from minfu.records.kinds import RecordKind, register

COMMENT = register(RecordKind(
    code="comment", model_label="participation.Comment", letter="C",
    access_purpose=b"minfu.participation.comment-code.v1",
    progress_url=lambda comment: reverse(
        "participation:public-consultation",
        kwargs={"pk": comment.consultation_id}) + f"#comment-{comment.pk}",
    states=CommentState, timeline_labels=actions.TIMELINE_LABELS,
    public_actions=actions.PUBLIC_ACTIONS,
))
