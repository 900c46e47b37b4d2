"""Admin pieces every record kind shares."""

from django.contrib import admin

from minfu.org.admin_mixins import ReadOnlyAdminMixin


class RecordEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    """A record's history, read only (set `model` to the kind's event model)."""

    fields = ["occurred_at", "action", "from_state", "to_state", "actor_kind", "actor",
              "public_note_zh", "public_note_en", "internal_note_zh", "internal_note_en"]
    readonly_fields = fields
    extra = 0
