"""Every write of the Open311 server: the services an agency opens, the client keys
(issued, revoked, rate-limited, their use logged) and the requests received, each of
which becomes a petition (voice.services.petition_submit) or an application
(cases.services.case_submit) with the rules, deadline, routing and notices of the web
form. A retried POST returns the request it created (idempotency)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from minfu.cases.services import Applicant, case_submit
from minfu.catalog.models import ApplicantKind, Channel
from minfu.core import audit
from minfu.core.errors import PermissionDenied, RateLimited, ValidationFailed
from minfu.core.services import save_with_version
from minfu.open311 import actions, attributes
from minfu.open311.models import ApiKey, ApiKeyUse, Open311Request, Open311Service, ServiceKind
from minfu.open311.selectors import CONFIGURE, MANAGE_KEYS, PublicService, key_hash
from minfu.org.models import Organisation
from minfu.org.permissions import require
from minfu.records import intake_limits
from minfu.records.throttle import Rate, attempt
from minfu.voice import limits as petition_limits
from minfu.voice.models import Kind as PetitionKind
from minfu.voice.models import PetitionChannel
from minfu.voice.services import Petitioner, petition_submit

KEY_PREFIX = "m311_"
KEY_THROTTLE = "minfu:open311:key"
MAX_RATE = 100_000
READS = intake_limits.Limit(
    "open311-reads", "MINFU_OPEN311_READ_RATE", "600/3600",
    _("Too many Open311 requests from your connection. Try again later."), "rate_limited")
TEXT_LIMITS = {"first_name": 100, "last_name": 100, "email": 254, "phone": 40,
               "address_string": 300, "address_id": 100, "description": 4000,
               "media_url": 500, "device_id": 100, "account_id": 100}


def idempotency_window() -> int:
    """Seconds within which the same body from the same key is the same request."""
    return int(getattr(settings, "MINFU_OPEN311_IDEMPOTENCY_SECONDS", 600))


# ----- configuration -------------------------------------------------------------------

def _service_errors(service: Open311Service) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if service.kind == ServiceKind.PETITION:
        service.service_type = None
        category = service.petition_category
        if category is None:
            errors["petition_category"] = [str(_("Choose the petition category."))]
        elif category.organisation_id != service.organisation_id:
            errors["petition_category"] = [str(_("Choose a category of the same agency."))]
        if service.petition_kind not in PetitionKind.values:
            errors["petition_kind"] = [str(_("Choose what kind of message requests are."))]
    elif service.kind == ServiceKind.APPLICATION:
        service.petition_category = None
        service_type = service.service_type
        if service_type is None:
            errors["service_type"] = [str(_("Choose the service."))]
        elif service_type.organisation_id != service.organisation_id:
            errors["service_type"] = [str(_("Choose a service of the same agency."))]
    else:
        errors["kind"] = [str(_("Choose what requests create."))]
    return errors


def open311_service_save(*, actor, service: Open311Service,
                         expected_version: int | None = None) -> Open311Service:
    """Open (or change) a service to Open311 clients."""
    require(actor, CONFIGURE, organisation=service.organisation)
    errors = _service_errors(service)
    if errors:
        raise ValidationFailed(details=errors)
    with transaction.atomic():
        before = None
        if service.pk:
            old = Open311Service.objects.get(pk=service.pk)
            before = {"code": old.code, "active": old.active, "type": old.type}
        try:
            with transaction.atomic():
                save_with_version(service, expected_version=None if service._state.adding
                                  else expected_version)
        except IntegrityError:
            raise ValidationFailed(details={"code": [str(_("This code is already used."))]}
                                   ) from None
        audit.record(actor=actor, action=actions.SERVICE_SAVED, obj=service, before=before,
                     after={"code": service.code, "active": service.active,
                            "type": service.type, "kind": service.kind})
    return service


# ----- keys ----------------------------------------------------------------------------

def _rate_errors(rate_per_hour) -> dict[str, list[str]]:
    if not isinstance(rate_per_hour, int) or not 1 <= rate_per_hour <= MAX_RATE:
        return {"rate_per_hour": [str(_("Allow 1 to %(max)d requests an hour.")
                                      % {"max": MAX_RATE})]}
    return {}


def api_key_issue(*, actor, organisation: Organisation, name: str, contact: str = "",
                  rate_per_hour: int = 600, plaintext: str | None = None
                  ) -> tuple[ApiKey, str]:
    """Issue a key to a client application. Returns (key, the key itself): the key is
    shown this once; only its hash is kept. `plaintext` is for the demo data only."""
    require(actor, MANAGE_KEYS, organisation=organisation)
    errors = _rate_errors(rate_per_hour)
    if not name.strip():
        errors["name"] = [str(_("Name the client application."))]
    if errors:
        raise ValidationFailed(details=errors)
    plaintext = plaintext or KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        key = ApiKey(organisation=organisation, name=name.strip()[:200],
                     contact=contact.strip()[:200], prefix=plaintext[:12],
                     key_hash=key_hash(plaintext), rate_per_hour=rate_per_hour,
                     created_by=actor if getattr(actor, "is_authenticated", False) else None)
        save_with_version(key, expected_version=None)
        audit.record(actor=actor, action=actions.API_KEY_ISSUED, obj=key,
                     after={"name": key.name, "prefix": key.prefix,
                            "rate_per_hour": key.rate_per_hour})
    return key, plaintext


def api_key_revoke(*, actor, key: ApiKey, expected_version: int | None) -> ApiKey:
    """Revoke a key: from now on every call with it is refused (403)."""
    require(actor, MANAGE_KEYS, organisation=key.organisation)
    with transaction.atomic():
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
            save_with_version(key, expected_version=expected_version)
            audit.record(actor=actor, action=actions.API_KEY_REVOKED, obj=key,
                         before={"revoked_at": None},
                         after={"revoked_at": key.revoked_at.isoformat()})
    return key


def api_key_throttle(key: ApiKey, *, now: float | None = None) -> None:
    """Count one call with the key; RateLimited (with retry_after) over its hourly rate."""
    verdict = attempt(key_prefix=KEY_THROTTLE, client=str(key.pk),
                      rate=Rate(max(1, key.rate_per_hour), 3600), now=now)
    if not verdict.allowed:
        raise RateLimited(_("This API key made too many requests. Try again later."),
                          details={"retry_after": verdict.retry_after})


def anonymous_throttle(client: str | None) -> None:
    """Count one call without a key from a client address (MINFU_OPEN311_READ_RATE)."""
    intake_limits.limit_check(READS, client)


def api_key_use_log(*, key: ApiKey, method: str, endpoint: str, status: int) -> ApiKeyUse:
    """Log one call: key, endpoint, status and time; never bodies."""
    return ApiKeyUse.objects.create(api_key=key, method=method[:8], endpoint=endpoint[:40],
                                    status=status)


def api_key_uses_prune(*, on: dt.date) -> int:
    """Forget key uses older than MINFU_OPEN311_LOG_DAYS before `on`; returns how many."""
    days = int(getattr(settings, "MINFU_OPEN311_LOG_DAYS", 365))
    cutoff = dt.datetime.combine(on - dt.timedelta(days=days), dt.time.min,
                                 tzinfo=timezone.get_current_timezone())
    deleted, _per_model = ApiKeyUse.objects.filter(at__lt=cutoff).delete()
    return deleted


# ----- requests ------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestFields:
    """A POST's fields (GeoReport v2 names) and its attribute answers."""

    lat: str = ""
    long: str = ""
    address_string: str = ""
    address_id: str = ""
    email: str = ""
    device_id: str = ""
    account_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    description: str = ""
    media_url: str = ""
    attributes: Mapping[str, object] = field(default_factory=dict)


def request_fingerprint(*, key: ApiKey, header_key: str, body: Mapping[str, list[str]],
                        now: dt.datetime) -> list[str]:
    """The idempotency keys a POST may have been stored under, the one to store first:
    with an `Idempotency-Key` header, the key and the header; else the key, the body
    (without the api_key) and the time window, this one and the one before."""
    if header_key.strip():
        material = f"{key.pk}\x1fheader\x1f{header_key.strip()}"
        return [hashlib.sha256(material.encode()).hexdigest()]
    canonical = "\x1e".join(f"{name}\x1f" + "\x1f".join(values)
                            for name, values in sorted(body.items()) if name != "api_key")
    window = int(now.timestamp() // idempotency_window())
    return [hashlib.sha256(f"{key.pk}\x1fbody\x1f{w}\x1f{canonical}".encode()).hexdigest()
            for w in (window, window - 1)]


def _coordinates(fields: RequestFields) -> tuple[Decimal | None, Decimal | None, dict]:
    errors: dict[str, list[str]] = {}
    if not fields.lat.strip() and not fields.long.strip():
        return None, None, errors
    try:
        lat, long = Decimal(fields.lat.strip()), Decimal(fields.long.strip())
        if not lat.is_finite() or not long.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        return None, None, {"lat": [str(_("Give lat and long as decimal degrees (WGS84)."))]}
    if not -90 <= lat <= 90:
        errors["lat"] = [str(_("The latitude lies between -90 and 90."))]
    if not -180 <= long <= 180:
        errors["long"] = [str(_("The longitude lies between -180 and 180."))]
    if errors:
        return None, None, errors
    return lat.quantize(Decimal("0.000001")), long.quantize(Decimal("0.000001")), errors


def _field_errors(public: PublicService, fields: RequestFields) -> dict[str, list[str]]:
    errors = {}
    for name, limit in TEXT_LIMITS.items():
        if len(getattr(fields, name)) > limit:
            errors[name] = [str(_("Keep it within %(limit)d characters.") % {"limit": limit})]
    if public.service.kind == ServiceKind.PETITION and not fields.description.strip():
        errors["description"] = [str(_("Describe the matter."))]
    has_place = (fields.lat.strip() or fields.address_string.strip()
                 or fields.address_id.strip())
    if public.service.location_required and not has_place:
        errors["lat"] = [str(_("This service needs a location: lat and long, "
                               "address_string or address_id."))]
    return errors


def _name(fields: RequestFields) -> str:
    first, last = fields.first_name.strip(), fields.last_name.strip()
    if (first + last).isascii():
        return f"{first} {last}".strip()
    return f"{last}{first}"  # Chinese names: family name first, no space


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else settings.LANGUAGE_CODE


def _petition_text(fields: RequestFields, lat, long) -> str:
    lines = [fields.description.strip()]
    place = []
    if lat is not None:
        place.append(str(_("Position (WGS84): %(lat)s, %(long)s") % {"lat": lat, "long": long}))
    for label, value in ((_("Address"), fields.address_string),
                         (_("Address id"), fields.address_id),
                         (_("Photo"), fields.media_url)):
        if value.strip():
            place.append(f"{label}: {value.strip()}")
    if place and lines[0]:
        lines.append("")
    return "\n".join(lines + place)


def _subject(public: PublicService, fields: RequestFields) -> str:
    first_line = next((line.strip() for line in fields.description.splitlines()
                       if line.strip()), "")
    return (first_line[:100] or public.name)[:200]


# What the intake services call a field, as the POST names it.
_PETITION_FIELDS = {"name": "first_name", "text": "description", "subject": "description",
                    "consent": attributes.CONSENT, "id_number": attributes.APPLICANT_ID}
_APPLICATION_FIELDS = {"applicant_name": "first_name", "applicant_id_number":
                       attributes.APPLICANT_ID, "applicant_kind": attributes.APPLICANT_KIND,
                       "contact": "email", "consent": attributes.CONSENT}


def _renamed(error: ValidationFailed, names: Mapping[str, str]) -> ValidationFailed:
    if not isinstance(error.details, dict) or not error.details:
        return error
    details: dict[str, list[str]] = {}
    for name, problems in error.details.items():
        if name.startswith("answers."):
            wire = f"attribute[{name.removeprefix('answers.')}]"
        else:
            wire = names.get(name, name)
        details.setdefault(wire, []).extend(problems if isinstance(problems, list)
                                            else [problems])
    return ValidationFailed(error.message, code=error.code, details=details)


def _submit_petition(public: PublicService, fields: RequestFields, *, lat, long,
                     idempotency_key: str, received_at: dt.datetime):
    service = public.service
    name = _name(fields)
    petitioner = Petitioner(name=name, email=fields.email.strip(), phone=fields.phone.strip(),
                            language=_language(), anonymous=not name)
    petition_limits.petition_contacts_check(petitioner)
    try:
        petition, _code = petition_submit(
            organisation=service.organisation, kind=service.petition_kind,
            channel=PetitionChannel.OPEN311, petitioner=petitioner,
            subject=_subject(public, fields), text=_petition_text(fields, lat, long),
            category=service.petition_category,
            consent_given=attributes.is_yes(fields.attributes.get(attributes.CONSENT)),
            idempotency_key="open311-" + idempotency_key, received_at=received_at)
    except ValidationFailed as error:
        raise _renamed(error, _PETITION_FIELDS) from None
    return petition


def _applicant_kind(public: PublicService, fields: RequestFields) -> str:
    kinds = public.version.applicant_kinds
    chosen = fields.attributes.get(attributes.APPLICANT_KIND)
    if len(kinds) == 1 and not chosen:
        return kinds[0]
    return chosen if isinstance(chosen, str) and chosen in ApplicantKind.values else ""


def _submit_application(public: PublicService, fields: RequestFields, *,
                        idempotency_key: str, received_at: dt.datetime):
    applicant_id = fields.attributes.get(attributes.APPLICANT_ID)
    applicant = Applicant(kind=_applicant_kind(public, fields), name=_name(fields),
                          id_number=applicant_id.strip().upper()
                          if isinstance(applicant_id, str) else "",
                          email=fields.email.strip(), phone=fields.phone.strip(),
                          language=_language())
    answers = attributes.question_answers(public.questions(), fields.attributes,
                                          timezone.get_current_timezone())
    try:
        case, _code = case_submit(
            organisation=public.service.organisation, channel=Channel.ONLINE,
            applicant=applicant,
            consent_given=attributes.is_yes(fields.attributes.get(attributes.CONSENT)),
            service_type_version=public.version, answers=answers,
            idempotency_key="open311-" + idempotency_key, received_at=received_at)
    except ValidationFailed as error:
        raise _renamed(error, _APPLICATION_FIELDS) from None
    return case


def stored_request(fingerprints: list[str], *, now: dt.datetime) -> Open311Request | None:
    """A request already received under one of these idempotency keys (a body-derived
    key counts only within the window)."""
    found = Open311Request.objects.filter(idempotency_key__in=fingerprints).first()
    if found is None:
        return None
    if len(fingerprints) > 1 and found.requested_at < now - dt.timedelta(
            seconds=idempotency_window()):
        return None
    return found


def open311_request_submit(*, key: ApiKey, public: PublicService, fields: RequestFields,
                           fingerprints: list[str], now: dt.datetime | None = None
                           ) -> tuple[Open311Request, bool]:
    """Receive a POSTed request: create its petition or application and remember it.
    Returns (request, created); a retry (same key and Idempotency-Key, or the same body
    within the window) returns the request it created and False."""
    now = now or timezone.now()
    existing = stored_request(fingerprints, now=now)
    if existing is not None:
        return existing, False
    service = public.service
    if not service.organisation.path.startswith(key.organisation.path):
        raise PermissionDenied(_("This API key is not valid for this jurisdiction."),
                               code="forbidden")
    lat, long, errors = _coordinates(fields)
    errors.update(_field_errors(public, fields))
    if errors:
        raise ValidationFailed(details=errors)
    fingerprint = fingerprints[0]
    with transaction.atomic():
        if service.kind == ServiceKind.PETITION:
            record = _submit_petition(public, fields, lat=lat, long=long,
                                      idempotency_key=fingerprint, received_at=now)
        else:
            record = _submit_application(public, fields, idempotency_key=fingerprint,
                                         received_at=now)
        try:
            with transaction.atomic():
                request = Open311Request.objects.create(
                    organisation=service.organisation, service=service, api_key=key,
                    idempotency_key=fingerprint, service_request_id=record.number,
                    petition=record if service.kind == ServiceKind.PETITION else None,
                    case=record if service.kind == ServiceKind.APPLICATION else None,
                    lat=lat, long=long, requested_at=record.received_at)
        except IntegrityError:  # the same request, sent twice at once: the first won
            found = Open311Request.objects.filter(idempotency_key=fingerprint).first()
            if found is None:
                raise
            return found, False
        audit.record(actor=None, action=actions.REQUEST_RECEIVED, obj=request,
                     after={"service_code": service.code, "key": key.prefix,
                            "service_request_id": request.service_request_id})
    return request, True

