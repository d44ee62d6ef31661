"""The Content-Security-Policy, and login throttling with django-axes."""

import pytest
from axes.models import AccessAttempt

from tests.moderation.conftest import make_user

pytestmark = pytest.mark.django_db

PAGES = ["/", "/reactions/", "/weapons/", "/sources/", "/article/", "/admin/login/"]


@pytest.mark.parametrize("url", PAGES)
def test_strict_content_security_policy_everywhere(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "http" not in policy


def test_clickjacking_and_sniffing_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_repeated_failed_logins_lock_out_with_a_clear_message(client, settings):
    make_user("alice", "Editors")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "alice", "wrong-password")
        assert response.status_code == 200  # the login form again, with its error
    locked = login(client, "alice", "wrong-password")
    assert locked.status_code == 429
    assert 'role="alert"' in locked.content.decode()
    # Even the right password is refused while locked out.
    assert login(client, "alice", "correct-horse-battery").status_code == 429
    assert AccessAttempt.objects.filter(username="alice").exists()


def test_a_successful_login_resets_the_count(client, settings):
    make_user("bob", "Editors")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "bob", "wrong-password")
    assert login(client, "bob", "correct-horse-battery").status_code == 302
    client.logout()
    assert login(client, "bob", "wrong-password").status_code == 200


def test_a_lockout_is_per_user_and_address(client, settings):
    make_user("carol", "Editors")
    make_user("dave", "Editors")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "carol", "wrong-password")
    assert login(client, "dave", "correct-horse-battery").status_code == 302


def test_password_validators_refuse_weak_passwords(en):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="too common"):
        call_command("create_editorial_user", "erin", role="editor", password="password")


def test_pages_deny_the_browser_features_they_do_not_use(client):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera=()", "geolocation=()", "microphone=()", "payment=()"):
        assert feature in policy


def test_the_language_cookie_is_same_site(client):
    response = client.post("/language/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["samesite"] == "Lax"
