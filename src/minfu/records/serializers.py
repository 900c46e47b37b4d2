"""API output shared by every record kind."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from minfu.records.assistance import Assistance, AssistanceNeed
from minfu.records.due import Due
from minfu.records.timeline import timeline


class RecordListFilter(serializers.Serializer):
    """The list filter every kind's staff API takes; a kind's filter adds its own."""

    due = serializers.ChoiceField(
        choices=[due.value for due in Due], required=False,
        help_text="`overdue` (never a paused record), `today` or `soon` (within a few "
                  "working days).")


class TimelineEntryOutput(serializers.Serializer):
    """One step of a record's history (records.timeline.TimelineEntry)."""

    at = serializers.DateTimeField()
    action = serializers.CharField(help_text="`<thing>.<past participle>`, e.g. case.accepted.")
    label = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    state_label = serializers.CharField()
    note = serializers.CharField(help_text="The note to the citizen, in the request's language.")
    internal_note = serializers.CharField(help_text="Empty on the citizen's timeline.")
    actor_name = serializers.CharField(help_text="Empty on the citizen's timeline.")



@extend_schema_field(TimelineEntryOutput(many=True))
class TimelineField(serializers.Field):
    """A record's officer timeline (records.timeline), for its detail output."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        return TimelineEntryOutput(timeline(record), many=True).data


class AssistanceSerializer(serializers.Serializer):
    """The assistance needs declared on a record (records.assistance), in and out."""

    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=AssistanceNeed.choices), required=False,
        default=list, help_text="Codes: " + ", ".join(AssistanceNeed.values) + ".")
    language = serializers.CharField(required=False, allow_blank=True, default="",
                                     max_length=60,
                                     help_text="The language to interpret (with `interpreter`).")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    labels = serializers.ListField(child=serializers.CharField(), read_only=True,
                                   help_text="The needs in the request's language.")

    def validate(self, attrs):
        errors = Assistance.of(attrs["needs"], attrs["language"], attrs["note"]).errors()
        if errors:
            raise serializers.ValidationError(
                {key.removeprefix("assistance_"): value for key, value in errors.items()})
        return attrs

    @staticmethod
    def value(data: dict | None) -> Assistance:
        data = data or {}
        return Assistance.of(data.get("needs") or (), data.get("language", ""),
                             data.get("note", ""))
