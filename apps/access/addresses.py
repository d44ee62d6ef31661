"""The client's address, read through the proxies the site trusts.

A load balancer puts the address it accepted the connection from at the right-hand
end of ``X-Forwarded-For``; everything to the left of it was written by whoever
connected, and may be invented. So the chain is read from the right: past each hop
that is one of our proxies (``TRUSTED_PROXIES``), and the first hop that is not is
the client. When the connection itself does not come from a trusted proxy the
header is ignored and the peer is the client.

django-ipware is not used for this: its trusted-proxy list is matched against the
header's own entries and never against the peer, so a client connecting directly
with an invented header would be believed.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Addresses that share an IPv6 /64 belong to one subscriber (RFC 6177): the login
# limits count them together, or a client could change address for each attempt.
IPV6_SUBSCRIBER_PREFIX = 64


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def trusted_networks():
    return _networks(tuple(settings.TRUSTED_PROXIES))


def parse_address(value: str) -> Address | None:
    """An address as a proxy writes it: ``192.0.2.1``, ``192.0.2.1:443``, ``[2001:db8::1]:443``."""
    value = value.strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted(address: Address) -> bool:
    return any(address in network for network in trusted_networks())


def client_ip(request) -> Address | None:
    """The client's address; ``None`` only if the server gave no usable peer address."""
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if peer is None or not is_trusted(peer):
        return peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    nearest = peer
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # A hop our own proxy wrote cannot be garbage, so the chain is broken here:
            # the nearest address we could read is the best we know.
            return nearest
        if not is_trusted(address):
            return address
        nearest = address
    return nearest  # every hop is one of ours: a client inside our own networks


def client_address(request) -> str:
    """The client's address as text, for logs and pages."""
    address = client_ip(request)
    return str(address) if address else ""


def subscriber_address(request) -> str:
    """The address the login limits count: the client's, or its /64 for IPv6."""
    address = client_ip(request)
    if address is None:
        return ""
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network((address, IPV6_SUBSCRIBER_PREFIX), strict=False)
        return str(network.network_address)
    return str(address)
