"""The GeoReport v2 endpoints under /open311/v2/, each as `.json` and `.xml`: thin views
that parse the specification's parameters, call the open311 selectors and services, and
answer in the specification's shapes (wire.py), errors included
(`[{"code": 400, "description": "..."}]`, `<errors><error>...`).

Every call with an `api_key` counts against the key's hourly rate and is logged
(endpoint, status, time); calls without one count against the client address. A POST
needs a valid key. `jurisdiction_id` is an agency's organisation code; `locale=en` answers
in English."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from minfu.core.client_ip import client_ip
from minfu.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from minfu.open311 import attributes, selectors, services, wire
from minfu.open311.models import ApiKey, Open311Request, RequestType
from minfu.org.models import Organisation

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
STATUSES = frozenset({selectors.OPEN, selectors.CLOSED})
POST_FIELDS = ("lat", "long", "address_string", "address_id", "email", "device_id",
               "account_id", "first_name", "last_name", "phone", "description", "media_url")


@dataclass
class Call:
    request: object
    fmt: str
    key: ApiKey | None
    organisation: Organisation | None

    def param(self, name: str) -> str:
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        value = source.get(name)
        if value is None and self.request.method == "POST":
            value = self.request.GET.get(name)
        return value or ""


def _answer(fmt: str, root: str, value, *, status: int = 200) -> HttpResponse:
    return HttpResponse(wire.render(fmt, root, value), status=status,
                        content_type=wire.FORMATS[fmt])


def error_response(fmt: str, error: DomainError) -> HttpResponse:
    """A domain error in the specification's error format, with its HTTP status (and
    Retry-After for a rate limit)."""
    descriptions = wire.details_descriptions(str(error.message), error.details)
    response = _answer(fmt, "errors", wire.error_list(error.status, descriptions),
                       status=error.status)
    retry_after = error.details.get("retry_after") if isinstance(error.details, dict) else None
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _open(response: HttpResponse) -> HttpResponse:
    """Any web page may read the answers (they hold nothing private and no cookie is
    used), so that browser-based Open311 clients work across origins."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _locale(request) -> str:
    asked = (request.GET.get("locale") or request.POST.get("locale") or "").lower()
    return "en" if asked.startswith("en") else settings.LANGUAGE_CODE


def _format(fmt: str) -> str | None:
    fmt = fmt.lower()
    return fmt if fmt in wire.FORMATS else None


def _key_sent(request) -> str:
    source = request.POST if request.method == "POST" else request.GET
    return source.get("api_key") or request.GET.get("api_key") or ""


def endpoint(name: str, methods: tuple[str, ...] = ("GET",)):
    """Wrap a view of one endpoint: format, method, locale, key, rate limit, jurisdiction,
    errors in the specification's format, and the log of the key's use."""
    def wrap(view):
        @csrf_exempt
        @never_cache
        @functools.wraps(view)
        def handler(request, fmt: str, **kwargs):
            chosen = _format(fmt)
            if chosen is None:
                return _open(error_response("json", NotFound(_("Ask for .json or .xml."))))
            if request.method not in allowed:
                response = error_response(chosen, DomainError(
                    _("This endpoint answers %(methods)s only.")
                    % {"methods": ", ".join(methods)}))
                response.status_code = 405
                response["Allow"] = ", ".join(allowed)
                return _open(response)
            key = None
            with translation.override(_locale(request)):
                try:
                    sent = _key_sent(request)
                    key = selectors.api_key_by_plaintext(sent) if sent else None
                    if (sent or request.method == "POST") and (key is None or not key.active):
                        raise PermissionDenied(_("A valid api_key is required."))
                    if key is not None:
                        services.api_key_throttle(key)
                    else:
                        services.anonymous_throttle(client_ip(request))
                    call = Call(request=request, fmt=chosen, key=key, organisation=None)
                    call.organisation = selectors.jurisdiction(call.param("jurisdiction_id"))
                    response = view(call, **kwargs)
                except DomainError as error:
                    response = error_response(chosen, error)
            if key is not None:
                services.api_key_use_log(key=key, method=request.method, endpoint=name,
                                         status=response.status_code)
            return _open(response)
        return handler
    allowed = (*methods, "HEAD") if "GET" in methods else methods
    return wrap


# ----- discovery and services -----------------------------------------------------------

def _changeset() -> str | None:
    latest = selectors.latest_service_change()
    return wire.format_datetime(latest, timezone.get_current_timezone()) if latest else None


@endpoint("discovery")
def discovery(call: Call) -> HttpResponse:
    changeset = _changeset()
    url = call.request.build_absolute_uri(reverse("open311:root"))
    return _answer(call.fmt, "discovery", {
        "changeset": changeset,
        "contact": getattr(settings, "MINFU_OPEN311_CONTACT", "") or None,
        "key_service": _("Ask the agency's administrator for an API key (staff pages, "
                         "Open311)."),
        "endpoints": [{"specification": SPECIFICATION, "url": url.rstrip("/"),
                       "changeset": changeset, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    })


def _service_row(public: selectors.PublicService) -> dict:
    service = public.service
    return {"service_code": service.code, "service_name": public.name,
            "description": public.description, "metadata": bool(public.attributes()),
            "type": service.type, "keywords": ", ".join(service.keyword_list),
            "group": service.group or None,
            "jurisdiction_id": service.organisation.code}


@endpoint("services")
def service_list(call: Call) -> HttpResponse:
    return _answer(call.fmt, "services",
                   [_service_row(public) for public in
                    selectors.public_services(call.organisation)])


@endpoint("service_definition")
def service_definition(call: Call, code: str) -> HttpResponse:
    public = selectors.public_service_by_code(call.organisation, code)
    return _answer(call.fmt, "service_definition", {
        "service_code": public.code,
        "attributes": [attribute.as_wire() for attribute in public.attributes()]})


# ----- requests ------------------------------------------------------------------------

def _request_row(request: Open311Request) -> dict:
    """A request as anyone may read it: no names, e-mail addresses, telephone numbers,
    addresses or the citizen's own text; the position to about 100 metres."""
    tz = timezone.get_current_timezone()
    record = request.record
    return {
        "service_request_id": request.service_request_id,
        "status": selectors.OPEN if selectors.is_open(request) else selectors.CLOSED,
        "status_notes": selectors.status_notes(request) or None,
        "service_name": selectors.service_name(request),
        "service_code": request.service.code,
        "description": None,
        "agency_responsible": request.organisation.name,
        "service_notice": None,
        "requested_datetime": wire.format_datetime(request.requested_at, tz),
        "updated_datetime": wire.format_datetime(record.updated_at, tz),
        "expected_datetime": wire.format_datetime(selectors.due_moment(request, tz), tz),
        "address": None, "address_id": None, "zipcode": None,
        "lat": None if request.lat is None else float(round(request.lat, 3)),
        "long": None if request.long is None else float(round(request.long, 3)),
        "media_url": None,
    }


def _listed(text: str, *, name: str, most: int) -> tuple[str, ...]:
    values = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if len(values) > most:
        raise ValidationFailed(details={name: [_("Give at most %(most)d values.")
                                               % {"most": most}]})
    return values


def _moment(call: Call, name: str) -> dt.datetime | None:
    text = call.param(name)
    if not text.strip():
        return None
    try:
        return wire.parse_datetime(text, timezone.get_current_timezone())
    except wire.BadDatetime:
        raise ValidationFailed(details={name: [_(
            "Give a W3C datetime, e.g. 2026-01-31T09:00:00+08:00.")]}) from None


def _query(call: Call) -> selectors.RequestQuery:
    statuses = _listed(call.param("status"), name="status", most=2)
    if set(statuses) - STATUSES:
        raise ValidationFailed(details={"status": [_("Use open or closed.")]})
    start, end = _moment(call, "start_date"), _moment(call, "end_date")
    if start and end and end < start:
        raise ValidationFailed(details={"end_date": [_("end_date is before start_date.")]})
    if start and not end:
        end = start + wire.MAX_RANGE
    if start and end and end - start > wire.MAX_RANGE:
        raise ValidationFailed(details={"start_date": [_(
            "The period may not span more than 90 days.")]})
    return selectors.RequestQuery(
        ids=_listed(call.param("service_request_id"), name="service_request_id",
                    most=selectors.MAX_IDS),
        service_codes=_listed(call.param("service_code"), name="service_code", most=100),
        start=start, end=end, statuses=statuses)


def _notice(request: Open311Request) -> str:
    due = selectors.due_moment(request, timezone.get_current_timezone())
    return _("Received as %(number)s. A reply is due by %(date)s.") % {
        "number": request.service_request_id,
        "date": timezone.localtime(due).date().isoformat()}


def _post(call: Call) -> HttpResponse:
    code = call.param("service_code").strip()
    if not code:
        raise ValidationFailed(details={"service_code": [_("Give the service_code.")]})
    organisation = call.organisation or call.key.organisation
    public = selectors.public_service_by_code(organisation, code)
    fields = services.RequestFields(
        **{name: call.param(name) for name in POST_FIELDS},
        attributes=attributes.answers_from_form(dict(call.request.POST.lists())))
    now = timezone.now()
    fingerprints = services.request_fingerprint(
        key=call.key, header_key=call.request.headers.get("Idempotency-Key", "")[:200],
        body={name: call.request.POST.getlist(name) for name in call.request.POST},
        now=now)
    request, created = services.open311_request_submit(
        key=call.key, public=public, fields=fields, fingerprints=fingerprints, now=now)
    row = {"service_notice": _notice(request), "account_id": call.param("account_id") or None}
    if request.service.type == RequestType.BATCH:
        row = {"token": str(request.token), **row}
    else:
        row = {"service_request_id": request.service_request_id, **row}
    response = _answer(call.fmt, "service_requests", [row])
    if not created:
        response["Idempotent-Replayed"] = "true"
    return response


@endpoint("requests", methods=("GET", "POST"))
def requests(call: Call) -> HttpResponse:
    if call.request.method == "POST":
        return _post(call)
    found = selectors.requests_matching(call.organisation, _query(call))
    return _answer(call.fmt, "service_requests", [_request_row(item) for item in found])


@endpoint("request")
def request_detail(call: Call, service_request_id: str) -> HttpResponse:
    found = selectors.request_by_id(call.organisation, service_request_id)
    return _answer(call.fmt, "service_requests", [_request_row(found)])


@endpoint("token")
def token(call: Call, token: str) -> HttpResponse:
    found = selectors.request_by_token(call.organisation, token)
    return _answer(call.fmt, "service_requests", [
        {"service_request_id": found.service_request_id, "token": str(found.token)}])


def root(request) -> HttpResponse:
    """The endpoint's base address: where discovery is."""
    return error_response("json", NotFound(_("See discovery.json or discovery.xml.")))


def not_found(request, path: str = "") -> HttpResponse:
    return error_response("xml" if path.endswith(".xml") else "json",
                          NotFound(_("No such Open311 endpoint.")))
