"""Applications and petitions kept their own number sequences; the kernel keeps one table
for every kind. Their rows move here so that numbering continues where it stopped."""

from django.db import migrations


def forwards(apps, schema_editor):
    RecordSequence = apps.get_model("records", "RecordSequence")
    for model_label, letter in (("cases.CaseSequence", ""), ("voice.PetitionSequence", "P")):
        model = apps.get_model(model_label)
        RecordSequence.objects.bulk_create(
            [RecordSequence(organisation_id=row.organisation_id, letter=letter, day=row.day,
                            last_value=row.last_value) for row in model.objects.iterator()],
            batch_size=2000)


def backwards(apps, schema_editor):
    RecordSequence = apps.get_model("records", "RecordSequence")
    for model_label, letter in (("cases.CaseSequence", ""), ("voice.PetitionSequence", "P")):
        model = apps.get_model(model_label)
        model.objects.bulk_create(
            [model(organisation_id=row.organisation_id, day=row.day, last_value=row.last_value)
             for row in RecordSequence.objects.filter(letter=letter).iterator()],
            batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_initial"),
        ("cases", "0003_indexes_for_queues_and_metrics"),
        ("voice", "0002_default_templates"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
