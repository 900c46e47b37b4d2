"""Admin pieces every record kind shares."""

from minfu.org.admin_mixins import ReadOnlyInline


class RecordEventInline(ReadOnlyInline):
    """A record's history, read only (set `model` to the kind's event model)."""

    fields = ["occurred_at", "action", "from_state", "to_state", "actor_kind", "actor",
              "public_note_zh", "public_note_en", "internal_note_zh", "internal_note_en"]
