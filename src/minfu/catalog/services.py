"""Every write to the catalogue. Each function is one transaction that also appends the
audit event.

Rules:
- only a draft is edited; a published version never changes in place, so a case keeps
  exactly the version it was received under. To change a published service, start a new
  draft from it (the checklist is copied) and publish that;
- publishing sets the date the version takes effect and closes the previous version the
  day before, so the versions of a service type never overlap;
- a new version cannot take effect in the past (cases received since then recorded the
  old one); only the very first version of a service type may be dated back, because
  nothing can have been received under a version that did not exist;
- when `actor` is given, the actor must be allowed to edit (or publish) the catalogue of
  the organisation; `actor=None` is the system itself (demo data, management commands).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.catalog import actions, selectors, tag_seed
from minfu.catalog import questions as question_rules
from minfu.catalog.models import (
    ApplicantKind,
    Channel,
    ClassificationTag,
    CrossAgencyOpening,
    RequiredDocument,
    ServiceQuestion,
    ServiceType,
    ServiceTypeVersion,
)
from minfu.catalog.periods import norm_exceeds_period
from minfu.catalog.search import SOURCE as SEARCH_SOURCE
from minfu.catalog.spreadsheet import ParsedWorkbook, RowError, ServiceRow
from minfu.core import audit
from minfu.core.errors import Conflict, PermissionDenied, ValidationFailed
from minfu.core.models import INTEGER_MAX
from minfu.core.services import save_with_version, version_missing
from minfu.org.models import Organisation, Unit
from minfu.org.permissions import require
from minfu.search.index import document_changed
from minfu.workcal.periods import MAX_VALUE as MAX_PERIOD
from minfu.workcal.periods import Period, PeriodUnit

Status = ServiceTypeVersion.Status


@dataclass(frozen=True)
class DocumentItem:
    name_zh: str
    name_en: str = ""
    notes_zh: str = ""
    notes_en: str = ""
    requirement: str = RequiredDocument.Requirement.MANDATORY
    condition_zh: str = ""
    condition_en: str = ""
    fetched_by_agency: bool = False


@dataclass(frozen=True)
class VersionContent:
    """Everything a draft says. Documents are listed in their order on the checklist."""

    name_zh: str
    responsible_unit: Unit
    period_value: int
    period_unit: str
    channels: tuple[str, ...]
    applicant_kinds: tuple[str, ...]
    name_en: str = ""
    description_zh: str = ""
    description_en: str = ""
    legal_basis_zh: str = ""
    legal_basis_en: str = ""
    norm_value: int | None = None
    norm_unit: str = ""
    fee_amount: int | None = None
    fee_zh: str = ""
    fee_en: str = ""
    where_to_apply_zh: str = ""
    where_to_apply_en: str = ""
    topic_tag: ClassificationTag | None = None
    policy_tag: ClassificationTag | None = None
    service_tag: ClassificationTag | None = None
    documents: tuple[DocumentItem, ...] = ()
    # The application form's own questions; None leaves a draft's questions as they are
    # (the spreadsheet import does not carry them).
    questions: tuple[question_rules.Question, ...] | None = None


_PLAIN_FIELDS = (
    "name_zh", "name_en", "description_zh", "description_en", "legal_basis_zh",
    "legal_basis_en", "period_value", "period_unit", "norm_value", "norm_unit", "fee_amount",
    "fee_zh", "fee_en", "where_to_apply_zh", "where_to_apply_en", "responsible_unit",
    "topic_tag", "policy_tag", "service_tag",
)
_COPIED_FIELDS = _PLAIN_FIELDS + (
    "offered_online", "offered_at_counter", "offered_by_mail", "for_persons", "for_businesses",
)
_DOCUMENT_FIELDS = ("name_zh", "name_en", "notes_zh", "notes_en", "requirement",
                    "condition_zh", "condition_en", "fetched_by_agency")
_QUESTION_FIELDS = ("code", "kind", "label_zh", "label_en", "help_zh", "help_en", "required",
                    "choices", "min_value", "max_value")
_PERIOD_UNITS = frozenset(unit.value for unit in PeriodUnit)
_TAG_SCHEMES = {"topic_tag": ClassificationTag.Scheme.TOPIC,
                "policy_tag": ClassificationTag.Scheme.POLICY,
                "service_tag": ClassificationTag.Scheme.SERVICE}


# Checks ---------------------------------------------------------------------------------

def _content_errors(content: VersionContent, organisation: Organisation) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message) -> None:
        errors.setdefault(name, []).append(str(message))

    if not content.name_zh.strip():
        add("name_zh", _("The Chinese name is required."))
    if content.responsible_unit.organisation_id != organisation.pk:
        add("responsible_unit", _("The responsible unit must belong to the organisation."))
    if not content.channels or set(content.channels) - set(Channel.values):
        add("channels", _("Choose at least one channel: online, counter or mail."))
    if not content.applicant_kinds or set(content.applicant_kinds) - set(ApplicantKind.values):
        add("applicant_kinds", _("Choose who may apply: persons, businesses or both."))
    if content.period_unit not in _PERIOD_UNITS or not 1 <= content.period_value <= MAX_PERIOD:
        add("period_value", _("Give the processing period as a number from 1 to %(max)d and "
                              "a unit.") % {"max": MAX_PERIOD})
    if (content.norm_value is None) != (not content.norm_unit):
        add("norm_value", _("Give both the service norm and its unit, or neither."))
    elif content.norm_value is not None:
        if content.norm_unit not in _PERIOD_UNITS or not 1 <= content.norm_value <= MAX_PERIOD:
            add("norm_value", _("Give the service norm as a number from 1 to %(max)d and a "
                                "unit.") % {"max": MAX_PERIOD})
        elif "period_value" not in errors and norm_exceeds_period(
                Period(content.norm_value, PeriodUnit(content.norm_unit)),
                Period(content.period_value, PeriodUnit(content.period_unit))):
            add("norm_value", _("The service norm is longer than the legal processing period."))
    if content.fee_amount is not None and not 0 <= content.fee_amount <= INTEGER_MAX:
        add("fee_amount", _("The fee must be a number from 0 to %(max)d.") % {"max": INTEGER_MAX})
    for name, scheme in _TAG_SCHEMES.items():
        tag = getattr(content, name)
        if tag is not None and tag.scheme != scheme:
            add(name, _("The tag belongs to another classification."))
    for position, document in enumerate(content.documents, start=1):
        if not document.name_zh.strip():
            add("documents", _("Document %(n)d needs a Chinese name.") % {"n": position})
        if document.requirement not in RequiredDocument.Requirement.values:
            add("documents", _("Document %(n)d: choose mandatory or conditional.") % {"n": position})
        elif (document.requirement == RequiredDocument.Requirement.CONDITIONAL
              and not document.condition_zh.strip()):
            add("documents", _("Document %(n)d: say when it is needed.") % {"n": position})
    for key, problems in question_rules.definitions_errors(content.questions or ()).items():
        position = key.split(":", 1)[0]
        for problem in problems:
            add("questions", _("Question %(n)s: %(problem)s") % {"n": position,
                                                                  "problem": problem})
    return errors


def _validate(content: VersionContent, organisation: Organisation) -> None:
    errors = _content_errors(content, organisation)
    if errors:
        raise ValidationFailed(details=errors)


def _publication_errors(version: ServiceTypeVersion) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not version.legal_basis_zh.strip():
        errors["legal_basis_zh"] = [str(_("The published period table needs the legal basis."))]
    for name in _TAG_SCHEMES:
        if getattr(version, f"{name}_id") is None:
            errors[name] = [str(_("The national portal needs all three classification tags."))]
    return errors


# Writing content ------------------------------------------------------------------------

def _apply(version: ServiceTypeVersion, content: VersionContent) -> None:
    for name in _PLAIN_FIELDS:
        setattr(version, name, getattr(content, name))
    version.offered_online = Channel.ONLINE in content.channels
    version.offered_at_counter = Channel.COUNTER in content.channels
    version.offered_by_mail = Channel.MAIL in content.channels
    version.for_persons = ApplicantKind.PERSON in content.applicant_kinds
    version.for_businesses = ApplicantKind.BUSINESS in content.applicant_kinds


def _replace_documents(version: ServiceTypeVersion, documents: Sequence[DocumentItem]) -> None:
    version.documents.all().delete()
    RequiredDocument.objects.bulk_create(
        RequiredDocument(version=version, order=position,
                         **{name: getattr(item, name) for name in _DOCUMENT_FIELDS})
        for position, item in enumerate(documents, start=1)
    )


def _question_row(version: ServiceTypeVersion, position: int,
                  question: question_rules.Question) -> ServiceQuestion:
    choices = [{"code": c.code, "label_zh": c.label_zh, "label_en": c.label_en}
               for c in question.choices]
    return ServiceQuestion(
        version=version, position=position, code=question.code, kind=question.kind,
        label_zh=question.label_zh.strip(), label_en=question.label_en.strip(),
        help_zh=question.help_zh.strip(), help_en=question.help_en.strip(),
        required=question.required, choices=choices, min_value=question.min_value,
        max_value=question.max_value)


def _replace_questions(version: ServiceTypeVersion,
                       questions: Sequence[question_rules.Question] | None) -> None:
    if questions is None:
        return
    version.questions.all().delete()
    ServiceQuestion.objects.bulk_create(
        _question_row(version, position, question)
        for position, question in enumerate(questions, start=1))


def _summary(version: ServiceTypeVersion) -> dict:
    return {
        "service_type": str(version.service_type), "number": version.number,
        "status": version.status, "name_zh": version.name_zh,
        "effective_from": version.effective_from.isoformat() if version.effective_from else None,
        "effective_to": version.effective_to.isoformat() if version.effective_to else None,
        "period": f"{version.period_value} {version.period_unit}",
        "norm": f"{version.norm_value} {version.norm_unit}" if version.norm_value else None,
        "documents": version.documents.count(),
        "questions": list(version.questions.values_list("code", flat=True)),
    }


@transaction.atomic
def service_type_create(*, organisation: Organisation, code: str, content: VersionContent,
                        actor=None) -> ServiceTypeVersion:
    """A new service type with its first draft."""
    require(actor, "catalog.edit", organisation=organisation)
    code = code.strip()
    if not code:
        raise ValidationFailed(details={"code": [str(_("The code is required."))]})
    if ServiceType.objects.filter(organisation=organisation, code=code).exists():
        message = _("The organisation already has a service with this code.")
        raise ValidationFailed(message, code="duplicate_code", details={"code": [str(message)]})
    _validate(content, organisation)
    service_type = ServiceType(organisation=organisation, code=code)
    try:
        service_type.full_clean(exclude=["organisation"], validate_constraints=False)
    except DjangoValidationError as error:
        raise ValidationFailed(details={name: [str(message) for message in messages]
                                        for name, messages in error.message_dict.items()}) from error
    service_type.save()
    version = ServiceTypeVersion(service_type=service_type, number=1, status=Status.DRAFT)
    _apply(version, content)
    save_with_version(version, expected_version=None)
    _replace_documents(version, content.documents)
    _replace_questions(version, content.questions)
    audit.record(actor=actor, action=actions.SERVICE_TYPE_CREATED, obj=service_type,
                 after={"organisation": organisation.code, "code": code})
    audit.record(actor=actor, action=actions.VERSION_DRAFTED, obj=version,
                 after=_summary(version), organisation=version.service_type.organisation_id)
    return version


@transaction.atomic
def service_type_update(*, service_type: ServiceType, is_active: bool, actor=None) -> ServiceType:
    """List or withdraw a service type in the public catalogue."""
    require(actor, "catalog.edit", organisation=service_type.organisation)
    before = {"is_active": ServiceType.objects.get(pk=service_type.pk).is_active}
    service_type.is_active = is_active
    service_type.save(update_fields=["is_active", "updated_at"])
    selectors.note_catalogue_change()
    document_changed(source=SEARCH_SOURCE, key=str(service_type.pk))
    audit.record(actor=actor, action=actions.SERVICE_TYPE_UPDATED, obj=service_type,
                 before=before, after={"is_active": is_active})
    return service_type


@transaction.atomic
def cross_agency_openings_set(*, service_type: ServiceType,
                              organisations: Sequence[Organisation], actor=None) -> list[int]:
    """Open `service_type` for cross-agency intake (跨機關通辦) at the counters of exactly
    `organisations` (other agencies; an empty list closes it). Returns their ids."""
    require(actor, "catalog.edit", organisation=service_type.organisation)
    wanted = {organisation.pk for organisation in organisations}
    if service_type.organisation_id in wanted:
        raise ValidationFailed(details={"organisations": [str(_(
            "The owning agency receives its own services; choose other agencies."))]})
    openings = service_type.cross_agency_openings
    before = sorted(openings.values_list("receiving_organisation_id", flat=True))
    openings.exclude(receiving_organisation_id__in=wanted).delete()
    CrossAgencyOpening.objects.bulk_create(
        [CrossAgencyOpening(service_type=service_type, receiving_organisation_id=pk,
                            opened_by=actor) for pk in sorted(wanted - set(before))])
    audit.record(actor=actor, action=actions.CROSS_AGENCY_OPENED, obj=service_type,
                 before={"receivers": before}, after={"receivers": sorted(wanted)})
    return sorted(wanted)


@transaction.atomic
def service_type_version_update(*, version: ServiceTypeVersion, content: VersionContent,
                                expected_version: int | None, actor=None) -> ServiceTypeVersion:
    """Change a draft. `expected_version` is the lock version the editor read; a draft
    saved by someone else since then is refused (Conflict)."""
    organisation = version.service_type.organisation
    require(actor, "catalog.edit", organisation=organisation)
    if not version.is_draft:
        raise Conflict(_("Only a draft can be changed; start a new draft from this version."),
                       code="not_draft")
    _validate(content, organisation)
    before = _summary(version)
    _apply(version, content)
    save_with_version(version, expected_version=expected_version)
    _replace_documents(version, content.documents)
    _replace_questions(version, content.questions)
    audit.record(actor=actor, action=actions.VERSION_UPDATED, obj=version, before=before,
                 after=_summary(version), organisation=version.service_type.organisation_id)
    return version


def _locked_service_type(service_type: ServiceType) -> ServiceType:
    """Serialise publishing and drafting per service type (PostgreSQL row lock)."""
    return ServiceType.objects.select_for_update().select_related("organisation").get(
        pk=service_type.pk)


@transaction.atomic
def service_type_version_publish(*, version: ServiceTypeVersion, expected_version: int | None,
                                 effective_from: dt.date | None = None,
                                 actor=None) -> ServiceTypeVersion:
    """Publish a draft from `effective_from` (today when not given) and close the version
    in force before it on the day before."""
    service_type = _locked_service_type(version.service_type)
    require(actor, "catalog.publish", organisation=service_type.organisation)
    version.refresh_from_db()
    if not version.is_draft:
        raise Conflict(_("Only a draft can be published."), code="not_draft")
    if expected_version is None:
        raise version_missing()
    if version.version != expected_version:
        raise Conflict(details={"expected_version": expected_version})
    errors = _publication_errors(version)
    if errors:
        raise ValidationFailed(_("The draft is not complete enough to publish."), details=errors)
    today = timezone.localdate()
    effective_from = effective_from or today
    previous = (service_type.versions.exclude(status=Status.DRAFT)
                .order_by("-effective_from", "-number").first())
    if previous is not None:
        if effective_from < today:
            raise ValidationFailed(
                _("A new version cannot take effect in the past: cases already received keep "
                  "the version that was in force."),
                code="effective_in_past", details={"effective_from": [effective_from.isoformat()]})
        if effective_from <= previous.effective_from:
            raise ValidationFailed(
                _("The new version must take effect after the current one (from %(day)s).")
                % {"day": previous.effective_from.isoformat()},
                code="overlap", details={"effective_from": [effective_from.isoformat()]})
        _retire(previous, until=effective_from - dt.timedelta(days=1), actor=actor)
    before = _summary(version)
    version.status = Status.PUBLISHED
    version.effective_from = effective_from
    version.effective_to = None
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    save_with_version(version, expected_version=version.version)
    selectors.note_catalogue_change()
    document_changed(source=SEARCH_SOURCE, key=str(service_type.pk))
    audit.record(actor=actor, action=actions.VERSION_PUBLISHED, obj=version, before=before,
                 after=_summary(version), organisation=version.service_type.organisation_id)
    return version


def _retire(previous: ServiceTypeVersion, *, until: dt.date, actor) -> None:
    before = _summary(previous)
    effective_to = until if previous.effective_to is None else min(previous.effective_to, until)
    # Bump the lock version too, so that any form still open on it is refused.
    ServiceTypeVersion.objects.filter(pk=previous.pk).update(
        status=Status.RETIRED, effective_to=effective_to, version=F("version") + 1,
        updated_at=timezone.now())
    previous.refresh_from_db()
    audit.record(actor=actor, action=actions.VERSION_RETIRED, obj=previous, before=before,
                 after=_summary(previous), organisation=previous.service_type.organisation_id)


@transaction.atomic
def service_type_version_new_draft(*, service_type: ServiceType,
                                   source: ServiceTypeVersion | None = None,
                                   actor=None) -> ServiceTypeVersion:
    """A new draft copied from `source` (the latest published version when not given),
    checklist and questions included."""
    service_type = _locked_service_type(service_type)
    require(actor, "catalog.edit", organisation=service_type.organisation)
    if service_type.versions.filter(status=Status.DRAFT).exists():
        raise Conflict(_("This service already has a draft; edit that one."),
                       code="draft_exists")
    if source is None:
        source = (service_type.versions.exclude(status=Status.DRAFT)
                  .order_by("-effective_from", "-number").first())
    if source is None or source.service_type_id != service_type.pk or source.is_draft:
        raise ValidationFailed(_("A new draft starts from a published version."),
                               code="no_source")
    number = (service_type.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = ServiceTypeVersion(service_type=service_type, number=number, status=Status.DRAFT)
    for name in _COPIED_FIELDS:
        setattr(draft, name, getattr(source, name))
    save_with_version(draft, expected_version=None)
    RequiredDocument.objects.bulk_create(
        RequiredDocument(version=draft, order=document.order,
                         **{name: getattr(document, name) for name in _DOCUMENT_FIELDS})
        for document in source.documents.all()
    )
    ServiceQuestion.objects.bulk_create(
        ServiceQuestion(version=draft, position=question.position,
                        **{name: getattr(question, name) for name in _QUESTION_FIELDS})
        for question in source.questions.all()
    )
    audit.record(actor=actor, action=actions.VERSION_DRAFTED, obj=draft,
                 before={"copied_from": source.number}, after=_summary(draft),
                 organisation=draft.service_type.organisation_id)
    return draft


# Classification tags --------------------------------------------------------------------

@transaction.atomic
def classification_tag_save(*, tag: ClassificationTag, actor=None) -> ClassificationTag:
    if actor is not None and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only the installation administrator maintains the tags."))
    tag.full_clean()
    tag.save()
    selectors.note_catalogue_change()
    audit.record(actor=actor, action=actions.TAG_SAVED, obj=tag,
                 after={"scheme": tag.scheme, "code": tag.code, "name_zh": tag.name_zh})
    return tag


@transaction.atomic
def classification_tags_seed(*, actor=None) -> int:
    """Add the starting tags of tag_seed.py that are missing; returns how many."""
    existing = set(ClassificationTag.objects.values_list("scheme", "code"))
    created = 0
    for scheme, code, name_zh, name_en in tag_seed.TAGS:
        if (scheme, code) in existing:
            continue
        classification_tag_save(
            tag=ClassificationTag(scheme=scheme, code=code, name_zh=name_zh, name_en=name_en),
            actor=actor)
        created += 1
    return created


# Spreadsheet import ---------------------------------------------------------------------

@dataclass
class ImportReport:
    """What an import did, or (dry run) would do. Nothing is written when there are
    errors."""

    errors: list[RowError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _resolve(row: ServiceRow, units: dict[str, Unit],
             tags: dict[tuple[str, str], ClassificationTag], errors: list[RowError],
             sheet: str, documents: tuple[DocumentItem, ...]) -> VersionContent | None:
    found_errors = len(errors)
    unit = units.get(row.responsible_unit)
    if unit is None:
        errors.append(RowError(sheet, row.row, "responsible_unit",
                               str(_("The organisation has no active unit with this code."))))
    resolved_tags = {}
    for name, scheme in _TAG_SCHEMES.items():
        code = getattr(row, name)
        resolved_tags[name] = tags.get((scheme, code)) if code else None
        if code and resolved_tags[name] is None:
            errors.append(RowError(sheet, row.row, name,
                                   str(_("There is no such classification tag."))))
    if len(errors) > found_errors:
        return None
    return VersionContent(
        name_zh=row.name_zh, name_en=row.name_en, description_zh=row.description_zh,
        description_en=row.description_en, responsible_unit=unit,
        channels=row.channels, applicant_kinds=row.applicant_kinds,
        legal_basis_zh=row.legal_basis_zh, legal_basis_en=row.legal_basis_en,
        period_value=row.period_value, period_unit=row.period_unit,
        norm_value=row.norm_value, norm_unit=row.norm_unit, fee_amount=row.fee_amount,
        fee_zh=row.fee_zh, fee_en=row.fee_en, where_to_apply_zh=row.where_to_apply_zh,
        where_to_apply_en=row.where_to_apply_en, documents=documents, **resolved_tags,
    )


def _documents_for(parsed: ParsedWorkbook, code: str, current: ServiceTypeVersion | None):
    if parsed.documents is not None:
        return tuple(
            DocumentItem(**{name: getattr(row, name) for name in _DOCUMENT_FIELDS})
            for row in sorted(parsed.documents.get(code, []), key=lambda row: (row.order, row.row))
        )
    if current is None:
        return ()
    return tuple(DocumentItem(**{name: getattr(document, name) for name in _DOCUMENT_FIELDS})
                 for document in current.documents.all())


@transaction.atomic
def service_types_import(*, organisation: Organisation, parsed: ParsedWorkbook, actor=None,
                         dry_run: bool = False) -> ImportReport:
    """Create or update DRAFT versions from a read spreadsheet. A service type that is new
    gets a first draft; one with a draft has it overwritten; one without gets a new draft
    from its latest published version, then overwritten. With any error nothing is
    written. `dry_run` only reports (the preview)."""
    require(actor, "catalog.edit", organisation=organisation)
    report = ImportReport(errors=list(parsed.errors))
    units = {unit.code: unit for unit in Unit.objects.filter(organisation=organisation,
                                                             is_active=True)}
    tags = {(tag.scheme, tag.code): tag for tag in ClassificationTag.objects.filter(is_active=True)}
    existing = {service_type.code: service_type for service_type in
                ServiceType.objects.filter(organisation=organisation)}
    plan: list[tuple[ServiceRow, VersionContent]] = []
    sheet = parsed.services_sheet
    unreadable = {error.row for error in parsed.errors if error.sheet == sheet}
    for row in parsed.services:
        if row.row in unreadable:
            continue
        current = None
        if row.code in existing:
            current = (existing[row.code].versions.order_by("-number")
                       .prefetch_related("documents").first())
        content = _resolve(row, units, tags, report.errors, sheet,
                           _documents_for(parsed, row.code, current))
        if content is None:
            continue
        for name, messages in _content_errors(content, organisation).items():
            report.errors.extend(RowError(sheet, row.row, name, message) for message in messages)
        plan.append((row, content))
        (report.updated if row.code in existing else report.created).append(row.code)
    if dry_run or not report.ok:
        return report
    for row, content in plan:
        _import_one(organisation, existing.get(row.code), row.code, content, actor)
    return report


def _import_one(organisation: Organisation, service_type: ServiceType | None, code: str,
                content: VersionContent, actor) -> None:
    if service_type is None:
        service_type_create(organisation=organisation, code=code, content=content, actor=actor)
        return
    draft = service_type.versions.filter(status=Status.DRAFT).first()
    if draft is None:
        draft = service_type_version_new_draft(service_type=service_type, actor=actor)
    service_type_version_update(version=draft, content=content,
                                expected_version=draft.version, actor=actor)
