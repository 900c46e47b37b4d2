"""REST API of public participation, under /api/v1/participation/.

Public, no sign-in:
- `verifications`: `POST` {activity, address} sends a one-time code;
  `POST verifications/confirm/` {activity, address, code} answers a `participation_token`
  (a signed proof of that activity's verification for a day, the API's citizen cookie);
- `consultations`: published consultations with their sections and shown comments
  (authors masked; hidden ones as their reason); `POST consultations/<id>/comments/`
  {participation_token, body, section, parent} comments (repeat the `Idempotency-Key`
  header on a retry);
- `polls`: published polls, results when visible; `POST polls/<id>/vote/`
  {participation_token, options} votes once (a second vote answers the first ballot).
Staff (scoped like the pages): `staff-comments/<id>/publish|hide|answer/`, each with
`expected_version`.
Errors are {"error": {"code", "message", "details"}} (minfu.api.errors)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from minfu.core.api import (
    IDEMPOTENCY_PARAMETER,
    DetailSerializerMixin,
    created_or_repeated,
    idempotency_key,
    read_input,
)
from minfu.core.client_ip import client_ip
from minfu.participation import selectors, services, verification
from minfu.participation.models import CommentState, HiddenReason, Verdict

# Output ---------------------------------------------------------------------------------


class SectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    heading = serializers.CharField()
    text = serializers.CharField()
    question = serializers.CharField()


class PublicCommentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    section = serializers.IntegerField(source="section_id", allow_null=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    author = serializers.CharField(source="participant.masked",
                                   help_text="The verified address, masked.")
    state = serializers.CharField(help_text="published or hidden.")
    body = serializers.SerializerMethodField(help_text="Empty when hidden.")
    hidden_reason = serializers.CharField()
    hidden_note = serializers.CharField()
    answer = serializers.CharField(help_text="The agency's public answer.")
    verdict = serializers.CharField(help_text="adopted, partly, not_adopted, noted or empty.")
    created_at = serializers.DateTimeField()

    def get_body(self, comment) -> str:
        return comment.body if comment.state == CommentState.PUBLISHED else ""


class ConsultationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    title = serializers.CharField()
    summary = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    is_open = serializers.SerializerMethodField()
    moderation = serializers.CharField(help_text="before or after publication.")
    report_published_at = serializers.DateTimeField(allow_null=True)

    def get_is_open(self, consultation) -> bool:
        return consultation.is_open()


class ConsultationDetailOutput(ConsultationOutput):
    sections = SectionOutput(many=True, source="sections.all")
    comments = serializers.SerializerMethodField()

    @extend_schema_field(PublicCommentOutput(many=True))
    def get_comments(self, consultation) -> list:
        shown = []
        for comment in selectors.public_thread(consultation):
            shown += [comment, *comment.shown_replies]
        return PublicCommentOutput(shown, many=True).data


class ResultRowOutput(serializers.Serializer):
    option = serializers.CharField()
    count = serializers.IntegerField()
    share = serializers.FloatField()
    low = serializers.FloatField(help_text="Wilson 95% interval, lower end.")
    high = serializers.FloatField(help_text="Wilson 95% interval, upper end.")


class OptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class PollOutput(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.CharField(source="organisation.code")
    title = serializers.CharField()
    question = serializers.CharField()
    multiple = serializers.BooleanField()
    max_choices = serializers.IntegerField(allow_null=True)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    options = OptionOutput(many=True, source="options.all")
    ballots = serializers.SerializerMethodField(help_text="Null while results are hidden.")
    results = serializers.SerializerMethodField(help_text="Null while results are hidden.")

    def get_ballots(self, poll) -> int | None:
        return selectors.poll_results(poll).ballots if poll.results_visible() else None

    @extend_schema_field(ResultRowOutput(many=True, allow_null=True))
    def get_results(self, poll) -> list | None:
        if not poll.results_visible():
            return None
        return ResultRowOutput(selectors.poll_results(poll).rows, many=True).data


# Input ----------------------------------------------------------------------------------

class StartInput(serializers.Serializer):
    activity = serializers.CharField(max_length=60, help_text='e.g. "consultation:12".')
    address = serializers.CharField(max_length=254, help_text="E-mail or mobile number.")


class ConfirmInput(StartInput):
    code = serializers.CharField(max_length=12)


class TokenOutput(serializers.Serializer):
    participation_token = serializers.CharField()
    participant = serializers.CharField(help_text="The verified address, masked.")


class CommentInput(serializers.Serializer):
    participation_token = serializers.CharField()
    body = serializers.CharField(max_length=5000)
    section = serializers.IntegerField(required=False, allow_null=True, default=None)
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)


class CommentCreatedOutput(PublicCommentOutput):
    access_code = serializers.CharField(
        allow_null=True, help_text="Shown once; null when a retry found the comment.")


class VoteInput(serializers.Serializer):
    participation_token = serializers.CharField()
    options = serializers.ListField(child=serializers.IntegerField(), min_length=1)


class BallotOutput(serializers.Serializer):
    poll = serializers.IntegerField(source="poll_id")
    options = serializers.SerializerMethodField(help_text="The chosen options' ids.")
    created_at = serializers.DateTimeField()


    def get_options(self, ballot) -> list[int]:
        return sorted(option.pk for option in ballot.options.all())


class VersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField()


class HideInput(VersionInput):
    reason = serializers.ChoiceField(choices=HiddenReason.choices)
    note = serializers.CharField(max_length=300, required=False, default="")


class AnswerInput(VersionInput):
    answer = serializers.CharField()
    verdict = serializers.ChoiceField(choices=Verdict.choices, required=False, default="")


class StaffCommentOutput(PublicCommentOutput):
    consultation = serializers.IntegerField(source="consultation_id")
    body = serializers.CharField()
    version = serializers.IntegerField()


# Views ----------------------------------------------------------------------------------

class VerificationViewSet(viewsets.GenericViewSet):
    """One-time codes for taking part without an account."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = StartInput

    @extend_schema(auth=[], request=StartInput, responses={202: None})
    def create(self, request):
        data = read_input(StartInput, request)
        verification.verification_start(activity_key=data["activity"],
                                        address=data["address"], client=client_ip(request),
                                        language=request.LANGUAGE_CODE)
        return Response(status=202)

    @extend_schema(auth=[], request=ConfirmInput, responses=TokenOutput)
    @action(detail=False, methods=["post"])
    def confirm(self, request):
        data = read_input(ConfirmInput, request)
        participant = verification.verification_confirm(
            activity_key=data["activity"], address=data["address"], code=data["code"])
        return Response({"participation_token": verification.participant_token(
            data["activity"], participant), "participant": participant.masked})


@extend_schema_view(list=extend_schema(auth=[]), retrieve=extend_schema(auth=[]))
class ConsultationViewSet(DetailSerializerMixin, viewsets.ReadOnlyModelViewSet):
    """Published consultations."""

    permission_classes = [AllowAny]
    serializer_class = ConsultationOutput
    detail_serializer_class = ConsultationDetailOutput

    def get_queryset(self):
        return selectors.public_consultations().order_by("-opens_at", "-pk")

    def get_object(self):
        return selectors.public_consultation(self.kwargs["pk"])

    @extend_schema(auth=[], request=CommentInput, responses=CommentCreatedOutput,
                   parameters=[IDEMPOTENCY_PARAMETER])
    @action(detail=True, methods=["post"], authentication_classes=[])
    def comments(self, request, pk=None):
        consultation = self.get_object()
        data = read_input(CommentInput, request)
        participant = verification.participant_from_token(data["participation_token"],
                                                          consultation.activity_key)
        comment, code = services.comment_submit(
            consultation=consultation, participant=participant, body=data["body"],
            section_id=data["section"], parent_id=data["parent"],
            idempotency_key=idempotency_key(request, caller=f"p{participant.pk}") or "")
        body = CommentCreatedOutput(comment).data | {"access_code": code}
        return created_or_repeated(body, created=code is not None)


@extend_schema_view(list=extend_schema(auth=[]), retrieve=extend_schema(auth=[]))
class PollViewSet(viewsets.ReadOnlyModelViewSet):
    """Published polls."""

    permission_classes = [AllowAny]
    serializer_class = PollOutput

    def get_queryset(self):
        return selectors.public_polls().order_by("-opens_at", "-pk")

    def get_object(self):
        return selectors.public_poll(self.kwargs["pk"])

    @extend_schema(auth=[], request=VoteInput, responses=BallotOutput)
    @action(detail=True, methods=["post"], authentication_classes=[])
    def vote(self, request, pk=None):
        poll = self.get_object()
        data = read_input(VoteInput, request)
        participant = verification.participant_from_token(data["participation_token"],
                                                          poll.activity_key)
        already = poll.ballots.filter(participant=participant).exists()
        ballot = services.ballot_cast(poll=poll, participant=participant,
                                      option_ids=data["options"])
        return created_or_repeated(BallotOutput(ballot).data, created=not already)


def _moderation(name: str, service, input_class, **fields):
    def step(self, request, pk=None):
        data = read_input(input_class, request)
        comment = service(comment=self.get_object(), actor=request.user,
                          expected_version=data["expected_version"],
                          **{field: data[field] for field in fields})
        return Response(StaffCommentOutput(comment).data)
    step.__name__ = name
    step.__doc__ = (service.__doc__ or "").split("\n\n")[0] or f"{name} a comment."
    return action(detail=True, methods=["post"])(
        extend_schema(request=input_class, responses=StaffCommentOutput)(step))


class StaffCommentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Comments of the consultations of the user's organisations."""

    serializer_class = StaffCommentOutput

    @property
    def permission_classes(self):
        from minfu.org.api_permissions import IsStaffMember

        return [IsStaffMember]

    def get_queryset(self):
        return selectors.comments_for(self.request.user)

    def get_object(self):
        return selectors.comment_for(self.request.user, self.kwargs["pk"])

    publish = _moderation("publish", services.comment_publish, VersionInput)
    hide = _moderation("hide", services.comment_hide, HideInput, reason=None, note=None)
    answer = _moderation("answer", services.comment_answer, AnswerInput, answer=None,
                         verdict=None)


routes: list = [
    ("verifications", VerificationViewSet, "participation-verification"),
    ("consultations", ConsultationViewSet, "participation-consultation"),
    ("polls", PollViewSet, "participation-poll"),
    ("staff-comments", StaffCommentViewSet, "participation-staff-comment"),
]
