"""Demo data of retention; `manage.py load_demo` calls `load()` last, which is safe to
run again.

A few closed applications and petitions of the demo are moved back in time past every
default retention period (their dates and their history, as if closed eleven years ago),
and one of them is put under a legal hold, so that `manage.py retention_run --dry-run`
and then a real run have something to count (docs/retention.md). Nothing moves once old
records exist; the statistics computed before stay as they were."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F
from django.utils import timezone

from minfu.records import retention
from minfu.records.anonymisation import retained_kinds
from minfu.records.events import event_model_for
from minfu.records.models import LegalHold

AGED_PER_KIND = 6
# Past the longest default period, whatever day the demo is loaded.
AGE = dt.timedelta(days=366 * (max(retention.DEFAULT_PERIODS.values()) + 1))
HOLD_REASON = "示範：訴願審理中，保留個人資料"


def load() -> None:
    for kind in retained_kinds():
        model = kind.model
        if model.objects.filter(closed_at__lt=timezone.now() - AGE / 2).exists():
            continue
        ids = list(model.objects.filter(closed_at__isnull=False, anonymised_at__isnull=True)
                   .order_by("closed_at", "pk").values_list("pk", flat=True)[:AGED_PER_KIND])
        if not ids:
            continue
        _move_back(model, ids)
        events = event_model_for(model)
        events.objects.filter(**{f"{events.record_field}__in": ids}).update(
            occurred_at=F("occurred_at") - AGE)
        LegalHold.objects.get_or_create(kind=kind.code, record_id=ids[0],
                                        defaults={"reason": HOLD_REASON})


def _move_back(model: type[models.Model], ids: list[int]) -> None:
    """Every date and moment of the rows, by AGE (dates by its days)."""
    moved = {}
    for field in model._meta.concrete_fields:
        if isinstance(field, models.DateTimeField):
            moved[field.name] = F(field.name) - AGE
        elif isinstance(field, models.DateField):
            moved[field.name] = F(field.name) - dt.timedelta(days=AGE.days)
    model.objects.filter(pk__in=ids).update(**moved)
