"""make run's demo accounts: with DEBUG only, once, passwords shown that once."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    return out.getvalue()


def test_never_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="create_editorial_user"):
        run()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_the_first_run_makes_an_editor_and_a_reviewer_who_can_log_in(settings, client):
    settings.DEBUG = True
    printed = run()
    passwords = dict(re.findall(r"(demo-\w+)\s+(\S+)\s+\(", printed))
    assert set(passwords) == {"demo-editor", "demo-reviewer"}
    User = get_user_model()
    assert not User.objects.get(username="demo-editor").has_perm("moderation.review_changerequest")
    assert User.objects.get(username="demo-reviewer").has_perm("moderation.review_changerequest")
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "demo-reviewer", "password": passwords["demo-reviewer"]},
    )
    assert response.status_code == 302
    assert run() == ""  # the second run makes nothing and shows no password
