"""Sign-in through an OpenID Connect provider (the national identity gateways speak it),
with Authlib's Django client: discovery, the authorization code flow with PKCE, state and
nonce kept in the session, and the ID token checked (signature from the provider's keys,
issuer, audience, expiry, nonce) before anyone is signed in.

Each installation names its provider in the settings (docs/configuration.md): no
discovery address, no OpenID Connect sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from authlib.integrations.base_client import OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.urls import reverse

from minfu.core.site import site_url

CLIENT_NAME = "citizen_idp"
__all__ = ["OAuthError", "Provider", "authorize_redirect", "claims_from_callback", "provider"]


@dataclass(frozen=True)
class Provider:
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str
    label: str


def provider() -> Provider | None:
    """The configured provider, or None when this installation has none."""
    url = getattr(settings, "MINFU_OIDC_DISCOVERY_URL", "")
    if not url:
        return None
    return Provider(discovery_url=url, client_id=settings.MINFU_OIDC_CLIENT_ID,
                    client_secret=settings.MINFU_OIDC_CLIENT_SECRET,
                    scopes=settings.MINFU_OIDC_SCOPES, label=settings.MINFU_OIDC_LABEL)


@cache
def _client(config: Provider):
    # One registry per configuration: the provider's metadata and keys are fetched once
    # per process, and tests may point at another provider.
    return OAuth().register(
        CLIENT_NAME, client_id=config.client_id, client_secret=config.client_secret,
        server_metadata_url=config.discovery_url,
        client_kwargs={"scope": config.scopes, "code_challenge_method": "S256"})


def redirect_uri() -> str:
    """The callback address registered with the provider: one address for every
    language (it is outside the /en/ prefix)."""
    return getattr(settings, "MINFU_OIDC_REDIRECT_URL", "") or site_url(
        reverse("citizens-oidc-callback"))


def authorize_redirect(request, config: Provider):
    return _client(config).authorize_redirect(request, redirect_uri())


def claims_from_callback(request, config: Provider) -> dict:
    """The checked ID token claims of the provider's answer; OAuthError for a refusal,
    a state that this browser did not start, or a token that does not check out."""
    token = _client(config).authorize_access_token(request)
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise OAuthError(error="invalid_token", description="no subject in the ID token")
    return claims
