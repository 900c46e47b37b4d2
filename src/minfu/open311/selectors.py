"""Reads of the Open311 server. Staff reads (services, keys, their use) are limited to
the organisations where the user holds the Open311 permission; the public reads are what
GeoReport clients see: the services an agency opens, and the requests received through
Open311, without personal data."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.cases.workflow import OPEN_STATES as CASE_OPEN_STATES
from minfu.catalog.models import ApplicantKind, Channel, ServiceType, ServiceTypeVersion
from minfu.catalog.selectors import public_service, version_questions
from minfu.core.errors import NotFound, ValidationFailed
from minfu.core.ids import as_id
from minfu.open311 import attributes
from minfu.open311.models import ApiKey, ApiKeyUse, Open311Request, Open311Service, ServiceKind
from minfu.org.models import Organisation
from minfu.org.selectors import organisations_where
from minfu.records.timeline import timeline
from minfu.voice.models import Category
from minfu.voice.workflow import OPEN_STATES as PETITION_OPEN_STATES

VIEW = "open311.view"
CONFIGURE = "open311.configure"
MANAGE_KEYS = "open311.manage_keys"
MAX_REQUESTS = 1000
MAX_IDS = 100
OPEN, CLOSED = "open", "closed"


def key_hash(plaintext: str) -> str:
    """What is stored of a key: its SHA-256 (keys are 256-bit random, so no salt)."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


# ----- staff -------------------------------------------------------------------------

def _organisations(user, action: str) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return organisations_where(user, action)


def may_view(user) -> bool:
    return _organisations(user, VIEW).exists()


def viewable_organisations(user) -> QuerySet[Organisation]:
    return _organisations(user, VIEW)


def configurable_organisations(user) -> QuerySet[Organisation]:
    return _organisations(user, CONFIGURE)


def key_organisations(user) -> QuerySet[Organisation]:
    return _organisations(user, MANAGE_KEYS)


def services_for(user) -> QuerySet[Open311Service]:
    return Open311Service.objects.filter(
        organisation__in=viewable_organisations(user)).select_related(
        "organisation", "petition_category", "service_type")


def service_get_for(user, pk) -> Open311Service:
    service = services_for(user).filter(pk=as_id(pk)).first()
    if service is None:
        raise NotFound(_("No such Open311 service."))
    return service


def keys_for(user) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(organisation__in=viewable_organisations(user)).select_related(
        "organisation", "created_by", "revoked_by")


def key_get_for(user, pk) -> ApiKey:
    key = keys_for(user).filter(pk=as_id(pk)).first()
    if key is None:
        raise NotFound(_("No such API key."))
    return key


def key_uses(key: ApiKey, *, limit: int = 100) -> list[ApiKeyUse]:
    return list(key.uses.order_by("-at", "-id")[:limit])


def category_choices(user) -> QuerySet[Category]:
    return Category.objects.filter(organisation__in=configurable_organisations(user),
                                   active=True).select_related("organisation")


def service_type_choices(user) -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(organisation__in=configurable_organisations(user),
                                      is_active=True).select_related("organisation")


def requests_for(user) -> QuerySet[Open311Request]:
    return Open311Request.objects.filter(
        organisation__in=viewable_organisations(user)).select_related(
        "service", "api_key", "petition", "case")


# ----- the public side: jurisdictions and services ------------------------------------------

def jurisdiction(code: str | None) -> Organisation | None:
    """The agency a `jurisdiction_id` names (its organisation code); None when none is
    named; NotFound for a code that is not a jurisdiction of this server."""
    if code is None or not code.strip():
        return None
    organisation = Organisation.objects.filter(
        code=code.strip().upper(), is_active=True, open311_services__active=True).first()
    if organisation is None:
        raise NotFound(_("No such jurisdiction_id."), code="unknown_jurisdiction")
    return organisation


def jurisdictions() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True, open311_services__active=True
                                       ).distinct().order_by("code")


@dataclass(frozen=True)
class PublicService:
    service: Open311Service
    name: str
    description: str
    version: ServiceTypeVersion | None  # for applications: the version in force

    @property
    def code(self) -> str:
        return self.service.code

    def attributes(self) -> list[attributes.Attribute]:
        if self.version is None:
            return attributes.petition_attributes()
        kinds = [(kind, str(ApplicantKind(kind).label)) for kind in self.version.applicant_kinds]
        return attributes.application_attributes(version_questions(self.version), kinds)

    def questions(self):
        return version_questions(self.version) if self.version is not None else []


def _public(service: Open311Service, on: dt.date) -> PublicService | None:
    if service.kind == ServiceKind.PETITION:
        category = service.petition_category
        if not category.active:
            return None
        return PublicService(service=service, name=category.name,
                             description=service.description or category.name, version=None)
    try:
        version = public_service(organisation_code=service.organisation.code,
                                 code=service.service_type.code, on=on)
    except NotFound:
        return None
    if Channel.ONLINE not in version.channels:
        return None
    return PublicService(service=service, name=version.name,
                         description=service.description or version.description,
                         version=version)


def _open_services(organisation: Organisation | None) -> QuerySet[Open311Service]:
    services = Open311Service.objects.filter(active=True, organisation__is_active=True
                                             ).select_related("organisation",
                                                              "petition_category",
                                                              "service_type")
    if organisation is not None:
        services = services.filter(organisation=organisation)
    return services.order_by("organisation__code", "code")


def latest_service_change() -> dt.datetime | None:
    """When the list of open services last changed (discovery's changeset)."""
    latest = Open311Service.objects.order_by("-updated_at").values_list("updated_at",
                                                                          flat=True).first()
    return latest


def public_services(organisation: Organisation | None, *,
                    on: dt.date | None = None) -> list[PublicService]:
    """The services clients may use now: open to Open311, with an active category or a
    service in force that is applied for online."""
    on = on or timezone.localdate()
    found = (_public(service, on) for service in _open_services(organisation))
    return [service for service in found if service is not None]


def public_service_by_code(organisation: Organisation | None, code: str, *,
                           on: dt.date | None = None) -> PublicService:
    services = list(_open_services(organisation).filter(code=code.strip()))
    if len(services) > 1:
        raise ValidationFailed(_("Several agencies use this service_code: give "
                                 "jurisdiction_id."), code="jurisdiction_required")
    found = _public(services[0], on or timezone.localdate()) if services else None
    if found is None:
        raise NotFound(_("No such service_code."), code="unknown_service")
    return found


def api_key_by_plaintext(plaintext: str) -> ApiKey | None:
    """The key a client sent, if it exists (revoked ones too: the caller tells them
    apart)."""
    plaintext = (plaintext or "").strip()
    if not plaintext or len(plaintext) > 200:
        return None
    return ApiKey.objects.select_related("organisation").filter(
        key_hash=key_hash(plaintext)).first()


# ----- the public side: requests ----------------------------------------------------

def _public_requests(organisation: Organisation | None) -> QuerySet[Open311Request]:
    requests = Open311Request.objects.select_related(
        "organisation", "service__petition_category", "service__service_type",
        "petition", "case__service_type_version")
    if organisation is not None:
        requests = requests.filter(organisation=organisation)
    return requests


def _open_q() -> Q:
    return (Q(petition__state__in=[state.value for state in PETITION_OPEN_STATES])
            | Q(case__state__in=[state.value for state in CASE_OPEN_STATES]))


@dataclass(frozen=True)
class RequestQuery:
    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    statuses: tuple[str, ...] = ()


def requests_matching(organisation: Organisation | None, query: RequestQuery, *,
                      now: dt.datetime | None = None) -> list[Open311Request]:
    """GeoReport's GET requests: by ids (overriding every other filter), else by
    service codes, status and a period of `requested_datetime` (the last 90 days by
    default), newest first, at most MAX_REQUESTS."""
    requests = _public_requests(organisation)
    if query.ids:
        return list(requests.filter(service_request_id__in=query.ids)[:MAX_REQUESTS])
    end = query.end or now or timezone.now()
    start = query.start or end - dt.timedelta(days=90)
    requests = requests.filter(requested_at__gte=start, requested_at__lte=end)
    if query.service_codes:
        requests = requests.filter(service__code__in=query.service_codes)
    statuses = set(query.statuses)
    if statuses == {OPEN}:
        requests = requests.filter(_open_q())
    elif statuses == {CLOSED}:
        requests = requests.exclude(_open_q())
    return list(requests.order_by("-requested_at", "-id")[:MAX_REQUESTS])


def request_by_id(organisation: Organisation | None, service_request_id: str) -> Open311Request:
    found = list(_public_requests(organisation).filter(
        service_request_id=service_request_id.strip())[:2])
    if len(found) != 1:
        raise NotFound(_("No such service_request_id."), code="unknown_request")
    return found[0]


def request_by_token(organisation: Organisation | None, token: str) -> Open311Request:
    try:
        value = uuid.UUID(token.strip())
    except ValueError:
        value = None
    found = _public_requests(organisation).filter(token=value).first() if value else None
    if found is None:
        raise NotFound(_("No such token."), code="unknown_token")
    return found


# ----- a request as clients read it -------------------------------------------------

def is_open(request: Open311Request) -> bool:
    record = request.record
    open_states = PETITION_OPEN_STATES if request.petition_id else CASE_OPEN_STATES
    return record.state in {state.value for state in open_states}


def status_notes(request: Open311Request) -> str:
    """The latest note to the citizen on the record's public timeline, else the label
    of its latest public step."""
    entries = timeline(request.record, public=True)
    for entry in reversed(entries):
        if entry.note:
            return entry.note
    return entries[-1].label if entries else ""


def service_name(request: Open311Request) -> str:
    if request.petition_id:
        return request.service.petition_category.name
    return request.case.service_type_version.name


def due_moment(request: Open311Request, tz: dt.tzinfo) -> dt.datetime:
    """The legal deadline as a moment: the end of the due day, or the hour for periods
    counted in hours."""
    record = request.record
    if request.case_id and request.case.legal_due_at is not None:
        return request.case.legal_due_at
    day = record.due_date if request.petition_id else record.legal_due_date
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)
