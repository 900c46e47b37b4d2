"""How the apps' data migrations add their default message templates (every
organisation, every service type), and later change them. The texts stay frozen in each
migration; this only inserts them, each where no default exists yet, or replaces a
default still as it was shipped, so an administrator's change is left alone. Used by
migrations: keep it working on the historical models it is given."""

from collections.abc import Mapping

from django.db import migrations

# (event, channel): (subject_zh, body_zh, subject_en, body_en)
Templates = Mapping[tuple[str, str], tuple[str, str, str, str]]


def create_defaults(apps, templates: Templates) -> None:
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for (event, channel), (subject_zh, body_zh, subject_en, body_en) in templates.items():
        exists = MessageTemplate.objects.filter(
            event=event, channel=channel, organisation__isnull=True,
            service_type__isnull=True).exists()
        if not exists:
            MessageTemplate.objects.create(
                event=event, channel=channel, subject_zh=subject_zh, body_zh=body_zh,
                subject_en=subject_en, body_en=body_en, is_active=True)


def replace_defaults(apps, old: Templates, new: Templates) -> None:
    """Give each default template of `new` its new texts where it still has the `old`
    ones, as shipped."""
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for (event, channel), (subject_zh, body_zh, subject_en, body_en) in new.items():
        shipped_zh, shipped_body_zh, shipped_en, shipped_body_en = old[event, channel]
        MessageTemplate.objects.filter(
            event=event, channel=channel, organisation__isnull=True,
            service_type__isnull=True, subject_zh=shipped_zh, body_zh=shipped_body_zh,
            subject_en=shipped_en, body_en=shipped_body_en,
        ).update(subject_zh=subject_zh, body_zh=body_zh, subject_en=subject_en,
                 body_en=body_en)


def add_defaults(templates: Templates) -> migrations.RunPython:
    """The migration operation that adds `templates` (nothing to undo on the way back)."""
    return migrations.RunPython(lambda apps, schema_editor: create_defaults(apps, templates),
                                migrations.RunPython.noop)
