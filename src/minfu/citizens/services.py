"""Every write of citizen accounts: sign-in (OpenID Connect, one-time e-mail link),
records linked to an account (filed while signed in, or claimed with the access code),
contact preferences, the personal data export and closing the account.

Citizens act for themselves: audit events name no staff actor (actor=None) and the
account as the object."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from minfu.citizens import actions, limits
from minfu.citizens.models import Citizen, CitizenIdentity, RecordLink, SignInLink
from minfu.citizens.selectors import export_data, linked_ids
from minfu.core.audit import record
from minfu.core.errors import Conflict, RateLimited, ValidationFailed
from minfu.core.services import save_with_version
from minfu.core.site import site_url
from minfu.notify.services import notification_queue
from minfu.org.models import Organisation
from minfu.records import access, intake_limits, throttle
from minfu.records.kinds import kind_of
from minfu.records.selectors import record_for_lookup

SIGN_IN_LINK_EVENT = "citizen.sign_in_link"
_LINK_PURPOSE = b"minfu.citizens.sign-in-link.v1"


def _new_stamp() -> str:
    return secrets.token_hex(16)


# ----- sign-in ---------------------------------------------------------------------------

@transaction.atomic
def citizen_for_identity(*, issuer: str, subject: str, email: str = "", name: str = "",
                         email_verified: bool = False, language: str = "",
                         current: Citizen | None = None) -> Citizen:
    """The account an OpenID Connect identity signs in, made on its first sign-in. A
    citizen already signed in (`current`) adds the identity to their account. An identity
    never joins an account through its e-mail address alone: the provider's word on an
    address is not proof enough to hand over an account."""
    if not issuer or not subject:
        raise ValidationFailed(_("The identity provider did not say who you are."),
                               code="identity_missing")
    identity = (CitizenIdentity.objects.select_related("citizen")
                .filter(issuer=issuer, subject=subject).first())
    if identity is not None:
        if current is not None and identity.citizen_id != current.pk:
            raise Conflict(_("This identity already signs in another account."),
                           code="identity_taken")
        return _signed_in(identity.citizen)
    citizen = current or _created(email=email, email_verified=email_verified, name=name,
                                  language=language)
    CitizenIdentity.objects.create(citizen=citizen, issuer=issuer, subject=subject)
    return _signed_in(citizen)


def _created(*, email: str, email_verified: bool, name: str = "", language: str = "") -> Citizen:
    citizen = Citizen.objects.create(
        email=email.strip(), email_verified=bool(email and email_verified),
        display_name=name.strip()[:200], session_stamp=_new_stamp(),
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
    record(actor=None, action=actions.CITIZEN_CREATED, obj=citizen)
    return citizen


def _signed_in(citizen: Citizen) -> Citizen:
    citizen.last_signed_in_at = timezone.now()
    Citizen.objects.filter(pk=citizen.pk).update(last_signed_in_at=citizen.last_signed_in_at)
    record(actor=None, action=actions.CITIZEN_SIGNED_IN, obj=citizen)
    return citizen


def _link_hash(token: str) -> str:
    key = access.derive_key(settings.SECRET_KEY, _LINK_PURPOSE)
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def link_minutes() -> int:
    return int(getattr(settings, "MINFU_CITIZEN_LINK_MINUTES", 15))


def sign_in_link_send(*, email: str, language: str, client: str | None) -> None:
    """Send a one-time sign-in link to `email` through the outbox. The answer is the same
    whether or not an account uses the address (the account is made when the link is
    used). Refused with RateLimited past MINFU_CITIZEN_LINK_RATE per client address and
    per e-mail address."""
    email = email.strip()
    if not email:
        raise ValidationFailed(details={"email": [_("Enter your e-mail address.")]})
    intake_limits.limit_check(limits.SIGN_IN_LINKS, client)
    intake_limits.contacts_check(limits.SIGN_IN_LINKS, email=email)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    organisation = mail_organisation()
    with translation.override(language):
        organisation_name = organisation.name
    with transaction.atomic():
        link = SignInLink.objects.create(
            email=email, token_hash=_link_hash(token), language=language, created_at=now,
            expires_at=now + dt.timedelta(minutes=link_minutes()))
        notification_queue(
            event=SIGN_IN_LINK_EVENT, organisation=organisation, recipient=email,
            channel="email", language=language, dedupe_key=f"{SIGN_IN_LINK_EVENT}:{link.pk}",
            context={"sign_in_url": _link_url(token, language), "minutes": link_minutes(),
                     "recipient_name": "", "organisation_name": organisation_name,
                     "site_url": site_url()},
            related=link)
        record(actor=None, action=actions.SIGN_IN_LINK_SENT, obj=link)


def _link_url(token: str, language: str) -> str:
    with translation.override(language):
        return site_url(reverse("citizens:link", kwargs={"token": token}))


def mail_organisation() -> Organisation:
    """The organisation whose name signs messages about accounts (they belong to no
    record): MINFU_CITIZEN_ORGANISATION, else the first top-level organisation."""
    code = getattr(settings, "MINFU_CITIZEN_ORGANISATION", "")
    found = (Organisation.objects.filter(code=code) if code
             else Organisation.objects.filter(parent__isnull=True).order_by("pk")).first()
    if found is None:
        raise ValidationFailed(_("No organisation is set up to send messages."),
                               code="no_organisation")
    return found


@transaction.atomic
def sign_in_link_use(*, token: str) -> Citizen:
    """The account the link signs in (made for a new address). A link works once and
    only until it expires; any other token is refused the same way."""
    now = timezone.now()
    link = SignInLink.objects.select_for_update().filter(token_hash=_link_hash(token)).first()
    if link is None or link.used_at is not None or link.expires_at <= now:
        raise ValidationFailed(_("This sign-in link has expired or was used already. Ask "
                                 "for a new one."), code="link_invalid")
    link.used_at = now
    link.save(update_fields=["used_at"])
    citizen = (Citizen.objects.filter(email__iexact=link.email, email_verified=True,
                                      closed_at__isnull=True).order_by("pk").first()
               or _created(email=link.email, email_verified=True, language=link.language))
    return _signed_in(citizen)


# ----- records of an account ----------------------------------------------------------------

def record_link_add(*, citizen: Citizen | None, record_obj, how: str = RecordLink.How.FILED
                    ) -> RecordLink | None:
    """Link a citizen record to the account; called by the intake services inside their
    transaction (`how` FILED) and by claims. Nothing for no citizen. A record already
    linked to another account is refused with Conflict."""
    if citizen is None:
        return None
    kind = kind_of(record_obj)
    existing = RecordLink.objects.filter(kind=kind.code, record_id=record_obj.pk).first()
    if existing is not None:
        if existing.citizen_id != citizen.pk:
            raise Conflict(_("This record is already in another account."),
                           code="claimed_by_other")
        return existing
    try:
        with transaction.atomic():
            link = RecordLink.objects.create(citizen=citizen, kind=kind.code,
                                             record_id=record_obj.pk, how=how)
    except IntegrityError as error:  # another account linked it a moment ago
        raise Conflict(_("This record is already in another account."),
                       code="claimed_by_other") from error
    record(actor=None, action=actions.RECORD_LINK_CREATED, obj=link,
           organisation=getattr(record_obj, "organisation_id", None),
           after={"kind": kind.code, "number": record_obj.number, "how": how})
    return link


def record_claim(*, citizen: Citizen, number: str, access_code: str,
                 client: str | None) -> RecordLink:
    """Add an older record to the account with its number and access code. Every try
    counts against the client's lookup limit and the account's claim limit; a wrong pair
    is refused with one answer for an unknown number and a wrong code."""
    verdict = throttle.lookup_attempt(client)
    if not verdict.allowed:
        raise RateLimited(_("Too many tries. Try again later."), code="rate_limited",
                          details={"retry_after": verdict.retry_after})
    intake_limits.limit_check(limits.CLAIMS, f"citizen-{citizen.pk}")
    found = record_for_lookup(number, access_code)
    if found is None:
        raise ValidationFailed(_("The number and access code do not match. Check both and "
                                 "try again."), code="no_match",
                               details={"remaining": verdict.remaining})
    with transaction.atomic():
        return record_link_add(citizen=citizen, record_obj=found[1], how=RecordLink.How.CLAIMED)


# ----- the account -------------------------------------------------------------------------

PREFERENCE_FIELDS = ("display_name", "email", "phone", "language", "notify_by_email",
                     "notify_by_sms")


@transaction.atomic
def citizen_preferences_save(*, citizen: Citizen, expected_version: int | None,
                             **values) -> Citizen:
    """Name, contact addresses, language and the channels the citizen wants messages on.
    A new e-mail address is unproved until a sign-in link to it is used."""
    unknown = set(values) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValidationFailed(details={name: [_("Unknown field.")] for name in unknown})
    errors = {}
    if values.get("notify_by_sms") and not (values.get("phone", citizen.phone) or "").strip():
        errors["phone"] = [_("Enter a mobile number to get messages by SMS.")]
    if values.get("notify_by_email") and not (values.get("email", citizen.email) or "").strip():
        errors["email"] = [_("Enter an e-mail address to get messages by e-mail.")]
    if errors:
        raise ValidationFailed(details=errors)
    before = {name: getattr(citizen, name) for name in PREFERENCE_FIELDS}
    if "email" in values and values["email"].strip().lower() != citizen.email.lower():
        citizen.email_verified = False
    for name, value in values.items():
        setattr(citizen, name, value.strip() if isinstance(value, str) else value)
    save_with_version(citizen, expected_version=expected_version)
    record(actor=None, action=actions.CITIZEN_PREFERENCES_SAVED, obj=citizen,
           before=before, after={name: getattr(citizen, name) for name in PREFERENCE_FIELDS})
    return citizen


@transaction.atomic
def citizen_data_export(*, citizen: Citizen) -> dict:
    """Everything the platform holds about the citizen (account, sign-in identities,
    linked records of every source), JSON-ready; the export itself is audited."""
    record(actor=None, action=actions.CITIZEN_DATA_EXPORTED, obj=citizen)
    return export_data(citizen)


@transaction.atomic
def citizen_close(*, citizen: Citizen, expected_version: int | None) -> Citizen:
    """Close the account: its personal data is erased, its identities, links and
    sign-in links deleted, every session ended. The records stay with their agencies,
    and their access codes keep working."""
    email = citizen.email
    links = linked_ids(citizen)
    citizen.identities.all().delete()
    citizen.record_links.all().delete()
    if email:
        SignInLink.objects.filter(Q(email__iexact=email)).delete()
    citizen.display_name = citizen.email = citizen.phone = ""
    citizen.email_verified = citizen.notify_by_email = citizen.notify_by_sms = False
    citizen.session_stamp = _new_stamp()
    citizen.closed_at = timezone.now()
    save_with_version(citizen, expected_version=expected_version)
    record(actor=None, action=actions.CITIZEN_CLOSED, obj=citizen,
           after={"records_unlinked": sum(len(ids) for ids in links.values())})
    return citizen
