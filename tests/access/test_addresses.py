"""The client's address, read through the trusted proxies only."""

import pytest
from django.test import RequestFactory

from apps.access.addresses import client_address, subscriber_address

BALANCER = "10.0.0.1"


@pytest.fixture
def behind_balancer(settings):
    settings.TRUSTED_PROXIES = [BALANCER, "10.1.0.0/16"]


def request_from(peer, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # Through the balancer: the hop it appended is the client.
        (BALANCER, "198.51.100.7", "198.51.100.7"),
        # A client that writes its own header gets its invention to the left, ignored.
        (BALANCER, "203.0.113.9, 198.51.100.7", "198.51.100.7"),
        # Through the balancer and an inner proxy of ours: skip both.
        ("10.1.2.3", "198.51.100.7, 10.0.0.1", "198.51.100.7"),
        # A direct connection is never believed about where it comes from.
        ("198.51.100.66", "203.0.113.9", "198.51.100.66"),
        # No header through the balancer: the balancer is all we know.
        (BALANCER, None, BALANCER),
        # Every hop ours: a client inside our own network.
        (BALANCER, "10.1.9.9", "10.1.9.9"),
        # Garbage past our own hops: the nearest readable address.
        (BALANCER, "not-an-address", BALANCER),
        # Ports and brackets as proxies write them; IPv4-mapped IPv6 as IPv4.
        (BALANCER, "198.51.100.7:51234", "198.51.100.7"),
        (BALANCER, "[2001:db8::7]:443", "2001:db8::7"),
        ("::ffff:198.51.100.66", None, "198.51.100.66"),
    ],
)
def test_the_client_is_the_right_most_hop_not_ours(behind_balancer, peer, forwarded, client):
    assert client_address(request_from(peer, forwarded)) == client


def test_loopback_is_trusted_by_default():
    from django.conf import settings

    assert set(settings.TRUSTED_PROXIES) == {"127.0.0.1", "::1"}
    assert client_address(request_from("127.0.0.1", "198.51.100.7")) == "198.51.100.7"


def test_ipv6_clients_are_counted_by_their_64(behind_balancer):
    one = subscriber_address(request_from(BALANCER, "2001:db8:1:2::a"))
    other = subscriber_address(request_from(BALANCER, "2001:db8:1:2:ffff::b"))
    elsewhere = subscriber_address(request_from(BALANCER, "2001:db8:1:3::a"))
    assert one == other == "2001:db8:1:2::"
    assert elsewhere == "2001:db8:1:3::"
    assert subscriber_address(request_from(BALANCER, "198.51.100.7")) == "198.51.100.7"


@pytest.mark.django_db
def test_the_access_log_names_the_client(client, settings, behind_balancer, caplog):
    settings.MIDDLEWARE = ["apps.access.middleware.AccessLogMiddleware", *settings.MIDDLEWARE]
    with caplog.at_level("INFO", logger="access"):
        client.get(
            "/sources/?page=1",
            REMOTE_ADDR=BALANCER,
            HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
        )
    (line,) = [record.getMessage() for record in caplog.records if record.name == "access"]
    assert line.startswith('198.51.100.7 "GET /sources/?page=1" 200 ')
