"""API output shared by every record kind."""

from rest_framework import serializers


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
