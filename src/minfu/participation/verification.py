"""Verified participants (docs/participation.md, "Verified participants").

Taking part needs no account. For each activity (a consultation, a poll, a proposal, a
session: its key reads "consultation:12"), a participant types an e-mail address or a
Taiwan mobile number and gets a 6-digit one-time code through the outbox (e-mail or
SMS). The code expires after `CODE_LIFETIME`, allows `MAX_TRIES` wrong tries, and only its
HMAC is stored. Codes are rate-limited per client and per address (records.intake_limits).

The normalised address is the person: `Participant` is found by the HMAC of it, so
`a.b+x@gmail.com` and `ab@gmail.com`, or `+886 912-345-678` and `0912345678`, are one
participant, and each activity's one-vote / one-signature constraint is on the
participant. A browser that confirmed a code carries the proof (activity key →
participant id) in the signed citizen cookie (records.citizen_browser, ADR 0007), so
the participant is not asked again for that activity. A signed-in citizen whose account has
a proved e-mail address is verified by it without a code (`verified_participant`): the
participant of that address, whether it verified by code before or not.

Against automated submissions, the address form carries the surveys' honeypot field and
signed start stamp (surveys.protection: a filled honeypot or a form sent faster than
`MINFU_SURVEY_MIN_SECONDS` is refused); codes themselves cannot be guessed within
`MAX_TRIES`."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minfu.citizens.selectors import proved_addresses
from minfu.citizens.session import citizen_of
from minfu.core.errors import NotFound, PermissionDenied, ValidationFailed
from minfu.core.masking import mask_email, mask_phone
from minfu.notify.models import Channel, Language
from minfu.notify.services import notification_queue
from minfu.participation.models import Participant, ParticipantVerification
from minfu.participation.models.participants import AddressKind
from minfu.records import citizen_browser
from minfu.records.access import derive_key
from minfu.records.intake_limits import Limit, limit_check, normal_email, normal_phone

__all__ = [
    "Activity", "Participant", "ParticipantVerification", "activity_for",
    "activity_kind_register", "participant_prove", "verification_confirm",
    "verification_start", "verified_participant",
]

CODE_LIFETIME = timedelta(minutes=10)
CODE_DIGITS = 6
MAX_TRIES = 5
EVENT = "participation.verification_code"
_ADDRESS_PURPOSE = b"minfu.participation.address"
_CODE_PURPOSE = b"minfu.participation.code"
_PROOF_LIST = "minfu_participation_verified"
_ACTIVITY_KEY = re.compile(r"^[a-z_]{1,30}:[0-9]{1,12}$")
_TAIWAN_MOBILE = re.compile(r"^09[0-9]{8}$")

CODES_PER_CLIENT = Limit(
    "participation-codes", "MINFU_PARTICIPATION_CODE_RATE", "10/3600",
    _("Too many codes were asked for from your connection. Try again later."),
    "too_many_codes")
CODES_PER_ADDRESS = Limit(
    "participation-codes-address", "MINFU_PARTICIPATION_ADDRESS_RATE", "5/3600",
    _("Too many codes were sent to this address. Try again later."), "too_many_codes")


# ----- activities -----------------------------------------------------------------------

@dataclass(frozen=True)
class Activity:
    """What verification needs to know of an activity: the agency that sends the code,
    and what the page calls it."""

    key: str
    title: str
    organisation: object  # org.Organisation
    url: str = ""
    is_open: bool = True


_RESOLVERS: dict[str, Callable[[int], Activity | None]] = {}


def activity_kind_register(prefix: str, resolve: Callable[[int], Activity | None]) -> None:
    """`resolve(pk)` gives the activity "<prefix>:<pk>", or None when there is none (or
    it is not public)."""
    _RESOLVERS[prefix] = resolve


def activity_for(activity_key: str) -> Activity:
    if not _ACTIVITY_KEY.match(activity_key or ""):
        raise NotFound(_("There is no such activity."), code="no_activity")
    prefix, pk = activity_key.split(":")
    resolve = _RESOLVERS.get(prefix)
    activity = resolve(int(pk)) if resolve else None
    if activity is None:
        raise NotFound(_("There is no such activity."), code="no_activity")
    return activity


# ----- addresses ------------------------------------------------------------------------

@dataclass(frozen=True)
class Address:
    kind: str
    normal: str  # what the code is sent to and the hash is taken of
    hash: str
    masked: str


def address_parse(text: str) -> Address:
    """An e-mail address or a Taiwan mobile number, normalised; ValidationFailed naming
    the field `address` otherwise."""
    text = (text or "").strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError as error:
            raise _bad_address(_("Enter a valid e-mail address.")) from error
        kind, normal, masked = AddressKind.EMAIL, normal_email(text), mask_email(text)
    else:
        normal = normal_phone(text)
        if not _TAIWAN_MOBILE.match(normal):
            raise _bad_address(_("Enter an e-mail address or a mobile number such as "
                                 "0912345678."))
        kind, masked = AddressKind.PHONE, mask_phone(normal)
    digest = hmac.new(_key(_ADDRESS_PURPOSE), f"{kind}:{normal}".encode(),
                      hashlib.sha256).hexdigest()
    return Address(kind=kind, normal=normal, hash=digest, masked=masked)


def _bad_address(message) -> ValidationFailed:
    return ValidationFailed(message, code="invalid_address", details={"address": [message]})


def _key(purpose: bytes) -> bytes:
    return derive_key(settings.SECRET_KEY, purpose)


def _code_hash(*, activity_key: str, address_hash: str, code: str) -> str:
    # Bound to the activity and the address: a code is good for nothing else.
    message = f"{activity_key}|{address_hash}|{code.strip()}".encode()
    return hmac.new(_key(_CODE_PURPOSE), message, hashlib.sha256).hexdigest()


# ----- starting and confirming ----------------------------------------------------------

def verification_start(*, activity_key: str, address: str, client: str | None,
                       language) -> None:
    """Send a new one-time code for `activity_key` to `address`. A code sent earlier for
    the same activity and address stops working."""
    activity = activity_for(activity_key)
    if not activity.is_open:
        raise ValidationFailed(_("This activity is not open for taking part."),
                               code="activity_closed")
    parsed = address_parse(address)
    limit_check(CODES_PER_CLIENT, client)
    limit_check(CODES_PER_ADDRESS, parsed.hash[:32])
    code = new_code()
    now = timezone.now()
    with transaction.atomic():
        ParticipantVerification.objects.filter(
            activity_key=activity_key, address_hash=parsed.hash, verified_at__isnull=True,
        ).update(expires_at=now)
        verification = ParticipantVerification.objects.create(
            activity_key=activity_key, kind=parsed.kind, address_hash=parsed.hash,
            code_hash=_code_hash(activity_key=activity_key, address_hash=parsed.hash,
                                 code=code),
            expires_at=now + CODE_LIFETIME)
        notification_queue(
            event=EVENT, organisation=activity.organisation, recipient=parsed.normal,
            channel=Channel.EMAIL if parsed.kind == AddressKind.EMAIL else Channel.SMS,
            language=_language(language),
            context={"one_time_code": code, "activity_title": activity.title,
                     "minutes": int(CODE_LIFETIME.total_seconds() // 60),
                     "organisation_name": getattr(activity.organisation, "name", "")},
            dedupe_key=f"participation:code:{verification.pk}", related=verification)


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def _language(language) -> str:
    return Language.ENGLISH if str(language or "").lower().startswith("en") \
        else Language.CHINESE


def verification_confirm(*, activity_key: str, address: str, code: str) -> Participant:
    """The participant whose code for `activity_key` this is. A wrong code counts as a
    try (kept even though the call fails); ValidationFailed (field `code`) when the code
    is wrong, expired or tried too often."""
    parsed = address_parse(address)
    now = timezone.now()
    with transaction.atomic():
        verification = (ParticipantVerification.objects.select_for_update()
                        .filter(activity_key=activity_key, address_hash=parsed.hash,
                                verified_at__isnull=True)
                        .order_by("-created_at", "-pk").first())
        refusal = _refusal(verification, code=code, now=now)
        if refusal is None:
            participant = _participant_verified(parsed, now=now)
            verification.verified_at, verification.participant = now, participant
            verification.save(update_fields=["verified_at", "participant"])
            return participant
        if refusal.code == "wrong_code":
            verification.tries += 1
            verification.save(update_fields=["tries"])
    raise refusal


def _refusal(verification, *, code: str, now) -> ValidationFailed | None:
    def refuse(message, error_code):
        return ValidationFailed(message, code=error_code, details={"code": [message]})

    if verification is None or verification.expires_at <= now:
        return refuse(_("This code has expired. Ask for a new code."), "code_expired")
    if verification.tries >= MAX_TRIES:
        return refuse(_("Too many wrong codes. Ask for a new code."), "too_many_tries")
    expected = _code_hash(activity_key=verification.activity_key,
                          address_hash=verification.address_hash, code=code or "")
    if not hmac.compare_digest(expected, verification.code_hash):
        return refuse(_("This code is not right. Check the message and type it again."),
                      "wrong_code")
    return None


def participant_for_verified_address(address: str) -> Participant:
    """The participant of an address verified some other way (the demo loader; a
    signed-in citizen's account goes through `verified_participant`)."""
    return _participant_verified(address_parse(address), now=timezone.now())


def _participant_verified(parsed: Address, *, now) -> Participant:
    participant, _created = Participant.objects.get_or_create(
        address_hash=parsed.hash,
        defaults={"kind": parsed.kind, "address": parsed.normal, "masked": parsed.masked})
    participant.address, participant.masked = parsed.normal, parsed.masked
    participant.last_verified_at = now
    participant.save(update_fields=["address", "masked", "last_verified_at"])
    return participant


# ----- what the browser proved ----------------------------------------------------------

def participant_prove(response_or_request, activity_key: str, participant: Participant) -> None:
    """Remember in this browser's citizen cookie that it verified `participant` for
    `activity_key`. Give the request (the middleware writes the cookie on the response);
    a test client's response is accepted for its request."""
    request = getattr(response_or_request, "wsgi_request", response_or_request)
    citizen_browser.remember(request, _PROOF_LIST, activity_key, participant.pk)


def verified_participant(request, activity_key: str) -> Participant | None:
    """The participant this browser verified for `activity_key`; else, for a signed-in
    citizen, the participant of the account's proved address (no code asked); else
    None. Every page and form of every activity asks this, so this is the one place
    where the account stands in for the code."""
    pk = citizen_browser.recall(request, _PROOF_LIST).get(activity_key)
    found = Participant.objects.filter(pk=pk).first() if pk is not None else None
    return found or _verified_by_account(request, activity_key)


def _verified_by_account(request, activity_key: str) -> Participant | None:
    """A signed-in citizen's proved address (citizens.selectors.proved_addresses) verifies
    them as its participant, the same one a code to that address verifies, so one
    person still makes one vote or signature. The first time for an activity (and again
    once retention erased the plain address) the verification is recorded like a
    confirmed code, so the address is kept as long. The browser is given no proof: the
    account stands in for it only while signed in, and signing out on a shared computer
    leaves nothing behind. None without such an address: the citizen verifies by code
    like anyone."""
    addresses = proved_addresses(citizen_of(request))
    if not addresses or not _ACTIVITY_KEY.match(activity_key or ""):
        return None
    try:
        parsed = address_parse(addresses[0])
    except ValidationFailed:  # an address the identity provider gave in a form we refuse
        return None
    known = Participant.objects.filter(address_hash=parsed.hash).exclude(address="").first()
    if known is not None and known.verifications.filter(
            activity_key=activity_key, verified_at__isnull=False).exists():
        return known
    now = timezone.now()
    with transaction.atomic():
        participant = _participant_verified(parsed, now=now)
        ParticipantVerification.objects.create(
            activity_key=activity_key, kind=parsed.kind, address_hash=parsed.hash,
            code_hash="", expires_at=now, verified_at=now, participant=participant)
    return participant


# ----- what an API client proved --------------------------------------------------------

_TOKEN_SALT = "minfu.participation.api-proof"
TOKEN_MAX_AGE = 24 * 60 * 60


def participant_token(activity_key: str, participant: Participant) -> str:
    """For API clients, which carry no citizen cookie: a signed proof of one activity's
    verification, good for a day (give it as `participation_token`)."""
    return signing.dumps({"k": activity_key, "p": participant.pk}, salt=_TOKEN_SALT)


def participant_from_token(token: str, activity_key: str) -> Participant:
    """The participant `token` proves for `activity_key`; PermissionDenied otherwise."""
    try:
        proof = signing.loads(token or "", salt=_TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise PermissionDenied(_("Verify again: the participation token is not valid."),
                               code="not_verified") from error
    participant = (Participant.objects.filter(pk=proof.get("p")).first()
                   if isinstance(proof, dict) and proof.get("k") == activity_key else None)
    if participant is None:
        raise PermissionDenied(_("Verify for this activity first."), code="not_verified")
    return participant


# ----- retention ------------------------------------------------------------------------

# Days a participant's plain address is kept after their last verification for an
# activity of each kind (telling a proposer of the outcome needs it longer than a poll,
# which never writes to its voters). The hash and the masked form stay, so one person
# still makes one vote or signature.
RETENTION_DAYS = {"consultation": 365, "poll": 90, "proposal": 730, "proposal_new": 730,
                  "session": 365}
DEFAULT_RETENTION_DAYS = 365


def participants_forget(*, now=None) -> int:
    """Erase the plain addresses no activity needs any more, and the codes never
    confirmed (expired after 10 minutes, kept a day); returns how many addresses."""
    now = now or timezone.now()
    needed = Q()
    for kind, days in RETENTION_DAYS.items():
        needed |= Q(activity_key__startswith=f"{kind}:",
                    verified_at__gte=now - timedelta(days=days))
    known = Q()
    for kind in RETENTION_DAYS:
        known |= Q(activity_key__startswith=f"{kind}:")
    needed |= ~known & Q(verified_at__gte=now - timedelta(days=DEFAULT_RETENTION_DAYS))
    keep = ParticipantVerification.objects.filter(needed, participant__isnull=False)
    with transaction.atomic():
        ParticipantVerification.objects.filter(
            verified_at__isnull=True, created_at__lt=now - timedelta(days=1)).delete()
        return (Participant.objects.exclude(address="")
                .exclude(pk__in=keep.values("participant_id"))
                .exclude(last_verified_at__gte=now - timedelta(days=min(
                    RETENTION_DAYS.values())))
                .update(address=""))
