from django.test import RequestFactory, override_settings
from hypothesis import given
from hypothesis import strategies as st

from minfu.core.client_ip import client_ip

addresses = st.ip_addresses(v=4).map(str)


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_socket_peer_counts(settings):
    settings.MINFU_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@given(spoofed=st.lists(addresses, max_size=3), client=addresses,
       proxies=st.lists(addresses, min_size=1, max_size=3))
def test_a_client_cannot_choose_its_address_by_forging_the_header(spoofed, client, proxies):
    # Each proxy appends the address it received the request from; the client wrote
    # `spoofed` itself. The last proxy is the socket peer.
    chain = [*spoofed, client, *proxies[:-1]]
    with override_settings(MINFU_TRUSTED_PROXY_COUNT=len(proxies)):
        assert client_ip(request_from(proxies[-1], ", ".join(chain))) == client


def test_a_short_header_falls_back_to_the_socket_peer(settings):
    settings.MINFU_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", "203.0.113.9")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"
