"""Load the official office calendar files shipped in workcal/data/ so that a fresh
database counts deadlines correctly. Later re-issues go through the import service."""

import hashlib
from pathlib import Path

from django.db import migrations
from django.utils import timezone

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def import_shipped_files(apps, schema_editor):
    from minfu.workcal import calendar_file

    ImportBatch = apps.get_model("workcal", "ImportBatch")
    OfficeDay = apps.get_model("workcal", "OfficeDay")
    now = timezone.now()
    for path in sorted(DATA_DIR.glob("*.csv")):
        content = path.read_bytes()
        parsed = calendar_file.parse(content)
        if OfficeDay.objects.filter(date__year__in=parsed.years).exists():
            continue
        batch = ImportBatch.objects.create(
            file_name=path.name, sha256=hashlib.sha256(content).hexdigest(),
            years=list(parsed.years), days_total=len(parsed.days), days_added=len(parsed.days))
        OfficeDay.objects.bulk_create(
            OfficeDay(date=day.day, is_day_off=day.is_day_off, note=day.note,
                      source_file=path.name, imported_at=now, batch=batch)
            for day in parsed.days)


def remove_shipped_files(apps, schema_editor):
    ImportBatch = apps.get_model("workcal", "ImportBatch")
    OfficeDay = apps.get_model("workcal", "OfficeDay")
    names = [path.name for path in DATA_DIR.glob("*.csv")]
    OfficeDay.objects.filter(source_file__in=names).delete()
    ImportBatch.objects.filter(file_name__in=names, imported_by__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("workcal", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(import_shipped_files, remove_shipped_files),
    ]
