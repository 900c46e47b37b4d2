"""Reads of the catalogue. Public reads show only versions in force of listed service
types; staff reads are limited to the organisations the user sees
(minfu.org.selectors.visible_scope)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from minfu.catalog import questions
from minfu.catalog.models import (
    ApplicantKind,
    Channel,
    ClassificationTag,
    RequiredDocument,
    ServiceQuestion,
    ServiceType,
    ServiceTypeVersion,
)
from minfu.core.errors import NotFound
from minfu.core.ids import as_id
from minfu.core.process_cache import ProcessCache
from minfu.org import permissions
from minfu.org.models import Organisation
from minfu.org.selectors import organisations_for, organisations_where, visible_scope
from minfu.search.selectors import public_keys

SEARCH_SOURCE = "service"   # catalog.search.SOURCE (which imports this module)

Status = ServiceTypeVersion.Status
_RELATED = ("service_type__organisation", "responsible_unit", "topic_tag", "policy_tag",
            "service_tag")


def in_force_on(on: dt.date) -> Q:
    """Versions whose effective dates cover the day. Retired versions count: a case
    received last year recorded the version in force then."""
    return (Q(status__in=[Status.PUBLISHED, Status.RETIRED], effective_from__lte=on)
            & (Q(effective_to__isnull=True) | Q(effective_to__gte=on)))


def version_in_force(service_type: ServiceType, *, on: dt.date) -> ServiceTypeVersion | None:
    """The version a case received on `on` records. Versions never overlap, so there is
    at most one."""
    return (ServiceTypeVersion.objects.filter(in_force_on(on), service_type=service_type)
            .select_related(*_RELATED).first())


# Public ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogueQuery:
    text: str = ""
    organisation: str = ""  # organisation code
    channel: str = ""
    applicant_kind: str = ""
    topic: str = ""  # tag codes
    policy: str = ""
    service: str = ""


_CHANNEL_FIELDS = {Channel.ONLINE: "offered_online", Channel.COUNTER: "offered_at_counter",
                   Channel.MAIL: "offered_by_mail"}
_APPLICANT_FIELDS = {ApplicantKind.PERSON: "for_persons",
                     ApplicantKind.BUSINESS: "for_businesses"}


def public_versions(*, on: dt.date) -> QuerySet[ServiceTypeVersion]:
    return (ServiceTypeVersion.objects
            .filter(in_force_on(on), service_type__is_active=True,
                    service_type__organisation__is_active=True)
            .select_related(*_RELATED)
            .order_by("service_type__organisation__path", "service_type__code"))


def _text_matches(term: str) -> Q:
    documents = RequiredDocument.objects.filter(version=OuterRef("pk")).filter(
        Q(name_zh__icontains=term) | Q(name_en__icontains=term))
    return (Q(name_zh__icontains=term) | Q(name_en__icontains=term)
            | Q(description_zh__icontains=term) | Q(description_en__icontains=term)
            | Q(service_type__code__iexact=term) | Exists(documents))


def public_catalogue(*, on: dt.date, query: CatalogueQuery) -> QuerySet[ServiceTypeVersion]:
    versions = public_versions(on=on)
    if query.text.split():
        # Every word in the texts, or a match of the search index (which folds variants,
        # simplified characters and full-width forms: minfu.search).
        words = Q()
        for term in query.text.split()[:10]:
            words &= _text_matches(term)
        indexed = [as_id(key) for key in public_keys(query.text, source=SEARCH_SOURCE)]
        versions = versions.filter(words | Q(service_type_id__in=indexed))
    if query.organisation:
        versions = versions.filter(service_type__organisation__code=query.organisation)
    if query.channel in _CHANNEL_FIELDS:
        versions = versions.filter(**{_CHANNEL_FIELDS[query.channel]: True})
    if query.applicant_kind in _APPLICANT_FIELDS:
        versions = versions.filter(**{_APPLICANT_FIELDS[query.applicant_kind]: True})
    for name, code in (("topic_tag", query.topic), ("policy_tag", query.policy),
                       ("service_tag", query.service)):
        if code:
            versions = versions.filter(**{f"{name}__code": code})
    return versions


# The service pages and application forms read the same few published versions over and
# over; a published version never changes (ADR 0004), so each process keeps them until a
# catalogue service commits a publication, a listing change or a tag (note_catalogue_
# change), and at most a minute, for the names of organisations and units shown with them.
published_services = ProcessCache("catalog:published", max_age=60)


def note_catalogue_change() -> None:
    """Called inside every catalogue service that changes what the public sees."""
    published_services.note_change()


def public_service(*, organisation_code: str, code: str, on: dt.date) -> ServiceTypeVersion:
    """The version in force, with its checklist and questions. Shared by the requests of
    this process: read it, never change it."""
    version = published_services.get((organisation_code, code, on), lambda: (
        public_versions(on=on)
        .filter(service_type__organisation__code=organisation_code, service_type__code=code)
        .prefetch_related("documents", "questions").first()))
    if version is None:
        raise NotFound()
    return version


def public_organisations() -> QuerySet[Organisation]:
    """Organisations with at least one listed service type: the choices of the filter."""
    return (Organisation.objects.filter(is_active=True, service_types__is_active=True)
            .distinct().order_by("path"))


def active_tags() -> QuerySet[ClassificationTag]:
    return ClassificationTag.objects.filter(is_active=True).order_by("scheme", "code")


@dataclass(frozen=True)
class PeriodTable:
    """The 人民申請案件處理期間表 of one organisation."""

    organisation: Organisation
    versions: list[ServiceTypeVersion]
    updated_on: dt.date | None


def period_tables(*, on: dt.date, organisation_code: str = "") -> list[PeriodTable]:
    versions = public_versions(on=on)
    if organisation_code:
        versions = versions.filter(service_type__organisation__code=organisation_code)
    tables: dict[int, PeriodTable] = {}
    for version in versions:
        organisation = version.service_type.organisation
        table = tables.setdefault(organisation.pk, PeriodTable(organisation, [], None))
        table.versions.append(version)
    return [PeriodTable(table.organisation, table.versions,
                        max(_local_date(v.published_at) for v in table.versions))
            for table in tables.values()]


def _local_date(moment: dt.datetime | None) -> dt.date:
    return timezone.localtime(moment).date() if moment else dt.date.min


# Staff ----------------------------------------------------------------------------------

def service_types_for(user) -> QuerySet[ServiceType]:
    """The service types of the organisations the user sees, each with its versions."""
    return (ServiceType.objects
            .filter(organisation_id__in=visible_scope(user).organisation_ids)
            .select_related("organisation")
            .prefetch_related(Prefetch(
                "versions",
                queryset=ServiceTypeVersion.objects.select_related("responsible_unit")
                .order_by("-number")))
            .order_by("organisation__path", "code"))


@dataclass(frozen=True)
class ServiceTypeSummary:
    """A service type with its versions (newest first) sorted out for a staff page."""

    service_type: ServiceType
    versions: list[ServiceTypeVersion]
    in_force: ServiceTypeVersion | None
    draft: ServiceTypeVersion | None
    scheduled: ServiceTypeVersion | None  # published, taking effect later

    @property
    def current(self) -> ServiceTypeVersion | None:
        """The version whose name the staff lists show."""
        return self.in_force or self.scheduled or self.draft or (
            self.versions[0] if self.versions else None)


def summarise(service_type: ServiceType, *, on: dt.date) -> ServiceTypeSummary:
    """Works on the prefetched versions: no query per service type."""
    versions = sorted(service_type.versions.all(), key=lambda v: v.number, reverse=True)

    def covers(version: ServiceTypeVersion) -> bool:
        return (not version.is_draft and version.effective_from is not None
                and version.effective_from <= on
                and (version.effective_to is None or version.effective_to >= on))

    return ServiceTypeSummary(
        service_type=service_type,
        versions=versions,
        in_force=next((v for v in versions if covers(v)), None),
        draft=next((v for v in versions if v.is_draft), None),
        scheduled=next((v for v in versions if not v.is_draft and v.effective_from
                        and v.effective_from > on), None),
    )


def service_type_for(user, pk) -> ServiceType:
    service_type = service_types_for(user).filter(pk=as_id(pk)).first()
    if service_type is None:
        raise NotFound()
    return service_type


def versions_for(user) -> QuerySet[ServiceTypeVersion]:
    return (ServiceTypeVersion.objects
            .filter(service_type__organisation_id__in=visible_scope(user).organisation_ids)
            .select_related(*_RELATED)
            .order_by("service_type__organisation__path", "service_type__code", "-number"))


def version_for(user, pk) -> ServiceTypeVersion:
    version = (versions_for(user).filter(pk=as_id(pk))
               .prefetch_related("documents", "questions").first())
    if version is None:
        raise NotFound()
    return version


def editable_organisations(user) -> QuerySet[Organisation]:
    """The active organisations, seen by the user, whose catalogue they may edit (for
    the create and import forms)."""
    return organisations_for(user).filter(
        pk__in=organisations_where(user, "catalog.edit").values("pk"), is_active=True)


def version_of_for(user, service_type: ServiceType, pk) -> ServiceTypeVersion:
    """A version of `service_type` the user sees (the source of a new draft)."""
    version = versions_for(user).filter(service_type=service_type, pk=as_id(pk)).first()
    if version is None:
        raise NotFound()
    return version


def may_edit(user, organisation: Organisation) -> bool:
    return (visible_scope(user).sees_organisation(organisation.pk)
            and permissions.can(user, "catalog.edit", organisation=organisation))


def may_publish(user, organisation: Organisation) -> bool:
    return (visible_scope(user).sees_organisation(organisation.pk)
            and permissions.can(user, "catalog.publish", organisation=organisation))


def export_versions(user, *, organisation: Organisation | None = None,
                    on: dt.date) -> list[ServiceTypeVersion]:
    """For each visible service type, the version in force, or else its latest draft."""
    versions = versions_for(user).filter(in_force_on(on) | Q(status=Status.DRAFT))
    if organisation is not None:
        versions = versions.filter(service_type__organisation=organisation)
    chosen: dict[int, ServiceTypeVersion] = {}
    for version in versions.prefetch_related("documents"):
        current = chosen.get(version.service_type_id)
        if current is None or (current.is_draft and not version.is_draft):
            chosen[version.service_type_id] = version
    return list(chosen.values())


# Questions ------------------------------------------------------------------------------

def as_question(row: ServiceQuestion) -> questions.Question:
    """A stored question as the pure rules read it."""
    return questions.Question(
        code=row.code, kind=row.kind, label_zh=row.label_zh, label_en=row.label_en,
        help_zh=row.help_zh, help_en=row.help_en, required=row.required,
        choices=tuple(questions.Choice(code=str(choice.get("code", "")),
                                       label_zh=str(choice.get("label_zh", "")),
                                       label_en=str(choice.get("label_en", "")))
                      for choice in row.choices or ()),
        min_value=row.min_value, max_value=row.max_value)


def version_questions(version: ServiceTypeVersion) -> list[questions.Question]:
    """The version's questions in order (uses a prefetch of `questions` when there is one)."""
    return [as_question(row) for row in version.questions.all()]
