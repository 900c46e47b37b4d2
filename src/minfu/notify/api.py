"""REST API of notifications (staff): the outbox messages of the user's organisations,
read-only, each with its delivery attempts, and `POST .../resend/` to queue a failed,
sent or cancelled message again. `routes` is read by minfu.api.urls.
Errors are {"error": {"code", "message", "details"}} (minfu.api.errors)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from minfu.notify import selectors, services
from minfu.notify.models import Channel, DeliveryAttempt, Language, OutboxMessage
from minfu.org.api_permissions import ScopedViewSetMixin, StaffAPIMixin


class DeliveryAttemptOutput(serializers.Serializer):
    attempted_at = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=DeliveryAttempt.Outcome.choices)
    error = serializers.CharField()


class OutboxMessageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    event = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    recipient = serializers.CharField()
    language = serializers.ChoiceField(choices=Language.choices)
    subject = serializers.CharField()
    body = serializers.CharField(help_text="The text as staff may read it: a secret of the "
                                 "recipient (an access code) is replaced by a placeholder.")
    withholds_secret = serializers.BooleanField(
        help_text="The recipient's copy carries a secret that this text leaves out.")
    organisation = serializers.CharField(source="organisation.code")
    related_type = serializers.CharField()
    related_id = serializers.CharField()
    status = serializers.ChoiceField(choices=OutboxMessage.Status.choices)
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField()
    last_error = serializers.CharField()
    sent_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class OutboxMessageDetailOutput(OutboxMessageOutput):
    delivery_attempts = DeliveryAttemptOutput(many=True, source="delivery_attempts.all")
    secret_kept = serializers.SerializerMethodField(
        help_text="The next delivery still carries the secret (only the first delivery, "
                  "within MINFU_NOTIFY_SECRET_HOURS, does).")

    def get_secret_kept(self, message) -> bool:
        return selectors.secret_kept(message)


@extend_schema_view(
    list=extend_schema(parameters=[
        OpenApiParameter("status", str, enum=OutboxMessage.Status.values)]),
    retrieve=extend_schema(responses=OutboxMessageDetailOutput),
)
class OutboxMessageViewSet(StaffAPIMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Outbox messages of the user's organisations, newest first; filter with `status`."""

    serializer_class = OutboxMessageOutput

    def get_queryset(self):
        return selectors.outbox_messages_for(
            self.request.user, status=self.request.query_params.get("status", ""))

    get_for = selectors.outbox_message_for

    def retrieve(self, request, pk=None):
        return Response(OutboxMessageDetailOutput(self.get_object()).data)

    @extend_schema(request=None, responses=OutboxMessageDetailOutput)
    @action(detail=True, methods=["post"])
    def resend(self, request, pk=None):
        """Queue the message again from scratch (attempts start at zero). 409 while it is
        pending or being sent."""
        message = services.outbox_message_resend(message=self.get_object(), actor=request.user)
        return Response(OutboxMessageDetailOutput(
            selectors.outbox_message_for(request.user, message.pk)).data)


routes = [("messages", OutboxMessageViewSet, "notify-message")]
