"""The client's IP address, for django-axes (lock-out per username and address) and any
later rate limit. Behind reverse proxies REMOTE_ADDR is the nearest proxy, so the address
is taken from X-Forwarded-For, trusting exactly MINFU_TRUSTED_PROXY_COUNT hops: a client
can write anything at the left of that header, but each trusted proxy appends the
address it received the request from."""

from django.conf import settings


def client_ip(request) -> str | None:
    remote_addr = request.META.get("REMOTE_ADDR")
    trusted = getattr(settings, "MINFU_TRUSTED_PROXY_COUNT", 0)
    if trusted < 1:
        return remote_addr
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < trusted:
        return remote_addr  # not the expected proxy chain: fall back to the socket peer
    return hops[-trusted]
