"""Writes of open data: registering a dataset, editing its metadata (versioned), and
publishing it (the files in the default storage and a Publication row).

A publication is at most one a day per dataset, under `opendata/<slug>/<YYYY-MM-DD>/`:
publishing again the same day replaces that day's files, and a dataset whose data did not
change since its last publication is not published again (`force` publishes anyway).
Files are written before the row, and the row is written in a transaction that holds
the dataset's lock, so two publishers of one dataset never interleave."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minfu.core import audit
from minfu.core.errors import Conflict, ValidationFailed
from minfu.core.replica import reads_from_replica
from minfu.core.services import save_with_version
from minfu.opendata import actions, package, registry
from minfu.opendata.models import Category, Dataset, Frequency, Publication
from minfu.opendata.selectors import MANAGE, datasets_to_publish
from minfu.org.models import Organisation
from minfu.org.permissions import require

logger = logging.getLogger(__name__)

METADATA_FIELDS = ("title_zh", "title_en", "description_zh", "description_en",
                   "contact_name", "contact_phone", "contact_email", "frequency", "category",
                   "keywords_zh", "keywords_en", "is_listed")


def _snapshot(dataset: Dataset) -> dict:
    return {name: getattr(dataset, name) for name in METADATA_FIELDS}


def _kind(code: str) -> registry.DatasetKind:
    try:
        return registry.kind(code)
    except KeyError:
        raise ValidationFailed(_("Unknown kind of dataset."), code="unknown_kind",
                               details={"kind": [_("Unknown kind of dataset.")]}) from None


def _validate(dataset: Dataset) -> None:
    errors: dict[str, list[str]] = {}
    for name in ("title_zh", "description_zh", "contact_name", "contact_phone",
                 "contact_email"):
        if not (getattr(dataset, name) or "").strip():
            errors[name] = [_("This field is required.")]
    if dataset.frequency not in Frequency.values:
        errors["frequency"] = [_("Choose an update frequency from the list.")]
    if dataset.category not in Category.values:
        errors["category"] = [_("Choose a category from the list.")]
    if errors:
        raise ValidationFailed(_("Please correct the metadata."), code="invalid",
                               details=errors)


def dataset_register(*, actor, organisation: Organisation, kind: str, contact_name: str = "",
                     contact_phone: str = "", contact_email: str = "") -> Dataset:
    """Register the organisation's dataset of this kind with the kind's default metadata;
    the contact defaults to the organisation's name, telephone and e-mail. Registering it
    again returns the one there is (a double submit creates nothing)."""
    spec = _kind(kind)
    require(actor, MANAGE, organisation=organisation)
    existing = Dataset.objects.filter(organisation=organisation, kind=kind).first()
    if existing is not None:
        return existing
    with translation.override("en"):
        name_en = organisation.name_en or organisation.name_zh
    dataset = Dataset(
        organisation=organisation, kind=kind,
        slug=f"{organisation.code.lower()}-{spec.slug}",
        title_zh=spec.title_zh.format(organisation=organisation.name_zh),
        title_en=spec.title_en.format(organisation=name_en),
        description_zh=spec.description_zh, description_en=spec.description_en,
        contact_name=(contact_name or organisation.name_zh).strip(),
        contact_phone=(contact_phone or organisation.phone).strip(),
        contact_email=(contact_email or organisation.email).strip(),
        frequency=spec.frequency, keywords_zh=spec.keywords_zh, keywords_en=spec.keywords_en)
    _validate(dataset)
    try:
        with transaction.atomic():
            save_with_version(dataset, expected_version=None)
            audit.record(actor=actor, action=actions.DATASET_REGISTERED, obj=dataset,
                         after=_snapshot(dataset) | {"kind": kind, "slug": dataset.slug})
    except IntegrityError:
        # Registered meanwhile by another request (or the slug is taken).
        existing = Dataset.objects.filter(organisation=organisation, kind=kind).first()
        if existing is None:
            raise Conflict(_("Another dataset already uses this identifier.")) from None
        return existing
    return dataset


@transaction.atomic
def dataset_save(*, actor, dataset: Dataset, expected_version: int | None, **changes
                 ) -> Dataset:
    """Change the metadata (METADATA_FIELDS) of a dataset; a stale version is Conflict."""
    require(actor, MANAGE, organisation=dataset.organisation)
    unknown = set(changes) - set(METADATA_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed: %(names)s.")
                               % {"names": ", ".join(sorted(unknown))}, code="invalid")
    before = _snapshot(dataset)
    for name, value in changes.items():
        setattr(dataset, name, value.strip() if isinstance(value, str) else value)
    _validate(dataset)
    save_with_version(dataset, expected_version=expected_version)
    audit.record(actor=actor, action=actions.DATASET_SAVED, obj=dataset, before=before,
                 after=_snapshot(dataset))
    return dataset


def metadata_of(dataset: Dataset) -> package.Metadata:
    spec = registry.kind(dataset.kind)
    return package.Metadata(
        slug=dataset.slug, title_zh=dataset.title_zh, title_en=dataset.title_en,
        description_zh=dataset.description_zh, description_en=dataset.description_en,
        provider=dataset.organisation.name_zh, contact_name=dataset.contact_name,
        contact_phone=dataset.contact_phone, contact_email=dataset.contact_email,
        frequency=dataset.frequency,
        keywords=tuple(dataset.all_keywords),
        note=" ".join(text for text in (spec.note_zh, spec.note_en) if text))


@dataclass(frozen=True)
class PublishResult:
    publication: Publication
    changed: bool  # False: the data were the same as the last publication's


def dataset_publish(*, actor, dataset: Dataset, expected_version: int | None = None,
                    force: bool = False, now: dt.datetime | None = None) -> PublishResult:
    """Build the dataset's tables and publish them as today's version. A person
    (`actor`) needs opendata.manage and names the version they read; the worker passes
    no actor."""
    if actor is not None:
        require(actor, MANAGE, organisation=dataset.organisation)
        if expected_version is not None and expected_version != dataset.version:
            raise Conflict(details={"expected_version": expected_version,
                                    "current_version": dataset.version})
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    spec = registry.kind(dataset.kind)
    # The tables read the replica when there is one (a night's figures tolerate lag).
    with translation.override("zh-hant"), reads_from_replica():
        tables = spec.build(dataset.organisation, today)
    files, digest = package.build_files(metadata_of(dataset), tables, published_at=now)
    with transaction.atomic():
        locked = Dataset.objects.select_for_update().get(pk=dataset.pk)
        if actor is not None and expected_version is not None \
                and locked.version != expected_version:
            raise Conflict(details={"expected_version": expected_version,
                                    "current_version": locked.version})
        latest = locked.publications.order_by("-published_on").first()
        if latest is not None and latest.digest == digest and not force:
            return PublishResult(latest, changed=False)
        publication = (locked.publications.filter(published_on=today).first()
                       or Publication(dataset=locked, published_on=today))
        publication.dataset = locked
        folder = publication.folder
        for old in publication.files:
            default_storage.delete(f"{folder}/{old['name']}")
        described = []
        for name, content in sorted(files.items()):
            path = f"{folder}/{name}"
            if default_storage.exists(path):
                default_storage.delete(path)
            default_storage.save(path, ContentFile(content))
            described.append({"name": name, "format": package.format_of(name),
                              "media_type": package.media_type(name), "bytes": len(content),
                              "sha256": package.sha256(content)})
        publication.published_at = now
        publication.published_by = actor if getattr(actor, "is_authenticated", False) else None
        publication.rows = sum(len(table.rows) for table in tables)
        publication.digest = digest
        publication.files = described
        publication.save()
        audit.record(actor=actor, action=actions.DATASET_PUBLISHED, obj=locked,
                     after={"published_on": today.isoformat(), "digest": digest,
                            "rows": publication.rows})
    return PublishResult(publication, changed=True)


@dataclass(frozen=True)
class RunResult:
    published: int
    unchanged: int
    failed: int


def datasets_publish_all(*, force: bool = False) -> RunResult:
    """The scheduled publication: every listed dataset whose data changed. One failing
    dataset is logged and does not stop the others."""
    published = unchanged = failed = 0
    for dataset in datasets_to_publish():
        try:
            result = dataset_publish(actor=None, dataset=dataset, force=force)
        except Exception:
            logger.exception("opendata: publishing %s failed", dataset.slug)
            failed += 1
            continue
        if result.changed:
            published += 1
        else:
            unchanged += 1
    logger.info("opendata: %s published, %s unchanged, %s failed", published, unchanged,
                failed)
    return RunResult(published, unchanged, failed)
