"""Login limits behind a load balancer: per account and address (django-axes), per
address across accounts, per account across addresses (a slowdown), and the 429 page."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.conftest import make_user

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.1"
ATTACKER = "198.51.100.7"
REVIEWER_HOME = "203.0.113.9"
PASSWORD = "correct-horse-battery"  # make_user's


@pytest.fixture(autouse=True)
def behind_balancer(settings):
    settings.TRUSTED_PROXIES = [BALANCER]


def login(client, username, password, *, client_address, forwarded_by_client=""):
    chain = f"{forwarded_by_client}, {client_address}" if forwarded_by_client else client_address
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=chain,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_an_attacker_behind_the_balancer_locks_out_only_themselves(client, settings, en):
    make_user("bob", "Editors", "Reviewers")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "bob", "guess", client_address=ATTACKER)
    locked = login(client, "bob", PASSWORD, client_address=ATTACKER)
    assert locked.status_code == 429
    # Claiming to be the reviewer's address does not help: the balancer appends the real one.
    assert (
        login(
            client, "bob", "guess", client_address=ATTACKER, forwarded_by_client=REVIEWER_HOME
        ).status_code
        == 429
    )
    # The reviewer, from their own address, logs in.
    assert status(client, "bob", PASSWORD, REVIEWER_HOME) == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_the_429_page_says_why_and_when_to_retry(client, settings, en):
    make_user("bob", "Editors")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "bob", "guess", client_address=ATTACKER)
    assert response.status_code == 429
    retry_after = int(response["Retry-After"])
    cooloff = settings.AXES_COOLOFF_TIME.total_seconds()
    assert cooloff - 5 <= retry_after <= cooloff
    page = response.content.decode()
    assert "This account is locked from this address" in page
    retry_at = timezone.localtime(timezone.now() + timedelta(seconds=retry_after))
    assert f"Try again after {retry_at:%H:%M}" in page
    assert "in about 15 minutes" in page
    assert 'id="site-name"' in page  # the admin's own look, with its header
    assert 'id="nav-sidebar"' not in page  # nothing to list for someone not logged in
    assert "moderation/admin.css" in page


def test_password_spraying_from_one_address_is_paused_for_every_account(client, settings, en):
    settings.LOGIN_ACCOUNTS_PER_ADDRESS = 6
    make_user("bob", "Editors")
    for number in range(6):
        assert status(client, f"user{number}", "Summer2024!", ATTACKER) == 200
    paused = login(client, "bob", PASSWORD, client_address=ATTACKER)
    assert paused.status_code == 429
    assert "wrong passwords for several accounts" in paused.content.decode()
    # Another address is not concerned.
    assert status(client, "bob", PASSWORD, REVIEWER_HOME) == 302


def test_an_ipv6_attacker_cannot_escape_by_changing_address_within_the_64(client, settings):
    make_user("bob", "Editors")
    for host in range(settings.AXES_FAILURE_LIMIT):
        login(client, "bob", "guess", client_address=f"2001:db8:1:2::{host + 1:x}")
    assert status(client, "bob", "guess", "2001:db8:1:2:abcd::1") == 429
    assert status(client, "bob", PASSWORD, "2001:db8:1:3::1") == 302


def status(client, username, password, address):
    return login(client, username, password, client_address=address).status_code


def attack_from_many_addresses(client, settings, username):
    for number in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert status(client, username, "guess", f"198.51.100.{number + 10}") == 200


def test_a_distributed_attack_slows_the_account_down_without_locking_it(client, settings, en):
    make_user("bob", "Editors", "Reviewers")
    attack_from_many_addresses(client, settings, "bob")
    slowed = login(client, "bob", "guess", client_address="198.51.100.99")
    assert slowed.status_code == 429
    assert int(slowed["Retry-After"]) == 1
    assert "slowed down" in slowed.content.decode()
    # Once the wait has passed, the next attempt is heard, and each failure doubles the wait.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=2))
    assert status(client, "bob", "guess", "198.51.100.98") == 200
    assert int(login(client, "bob", "guess", client_address="198.51.100.97")["Retry-After"]) == 2
    # The wait never exceeds the cap, however many failures.
    AccessAttempt.objects.filter(ip_address="198.51.100.10").update(failures_since_start=100)
    capped = login(client, "bob", "guess", client_address="198.51.100.96")
    assert int(capped["Retry-After"]) == settings.LOGIN_SLOWDOWN_MAX.total_seconds()
    # The reviewer's own address is slowed like any other, but the wait is bounded:
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.LOGIN_SLOWDOWN_MAX)
    assert status(client, "bob", PASSWORD, REVIEWER_HOME) == 302


def test_a_browser_that_logged_in_before_is_not_slowed_down(client, settings):
    make_user("bob", "Editors", "Reviewers")
    assert status(client, "bob", PASSWORD, REVIEWER_HOME) == 302
    remembered = client.cookies["known_login"].value
    client.logout()  # the test client forgets every cookie; a browser keeps this one
    client.cookies["known_login"] = remembered
    attack_from_many_addresses(client.__class__(), settings, "bob")
    assert status(client, "bob", PASSWORD, "192.0.2.44") == 302
    # The cookie speaks for its account only, and cannot be forged.
    stranger = client.__class__()
    stranger.cookies["known_login"] = "bob"
    assert status(stranger, "bob", "guess", "192.0.2.45") == 429


def test_a_successful_login_resets_only_its_own_pair(client, settings):
    make_user("bob", "Editors")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "bob", "guess", client_address=REVIEWER_HOME)
    assert status(client, "bob", PASSWORD, REVIEWER_HOME) == 302
    client.logout()
    assert status(client, "bob", "guess", REVIEWER_HOME) == 200


def test_one_account_mistyped_again_and_again_does_not_pause_its_address(client, settings):
    """A newsroom shares one address: an editor locked out by axes does not lock the desk."""
    make_user("bob", "Editors")
    for _ in range(settings.LOGIN_ACCOUNTS_PER_ADDRESS * 3):
        login(client, "mistyper", "guess", client_address=ATTACKER)
    assert status(client, "mistyper", "guess", ATTACKER) == 429
    assert status(client, "bob", PASSWORD, ATTACKER) == 302


@pytest.mark.parametrize("spelling", ["bob ", " bob", "ｂｏｂ"])
def test_the_slowdown_holds_however_the_name_is_written(client, settings, spelling):
    make_user("bob", "Editors", "Reviewers")
    attack_from_many_addresses(client, settings, "bob")
    assert status(client, spelling, "guess", "198.51.100.99") == 429


def test_a_known_browser_is_not_paused_by_spraying_from_its_address(client, settings):
    settings.LOGIN_ACCOUNTS_PER_ADDRESS = 3
    make_user("bob", "Editors")
    assert status(client, "bob", PASSWORD, ATTACKER) == 302
    remembered = client.cookies["known_login"].value
    client.logout()
    client.cookies["known_login"] = remembered
    stranger = client.__class__()
    for number in range(3):
        status(stranger, f"user{number}", "guess", ATTACKER)
    assert status(stranger, "bob", PASSWORD, ATTACKER) == 429
    assert status(client, "bob", PASSWORD, ATTACKER) == 302
