"""Production settings: ``check --deploy`` is clean, and missing values fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "q9Xv2LrT0-aB7kZp4Wm1sY8fN3dHj6cE5uGx0iKoQwRtYlMnBvCzAsDfGhJkLpOi",
    "ALLOWED_HOSTS": "timeline.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "STATIC_MANIFEST": "1",
}


def manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS"}
    }
    clean["DJANGO_SETTINGS_MODULE"] = "events_site.settings"
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_a_missing_production_value_fails_loudly(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_secure_cookies_hsts_and_redirect_in_production():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.DEBUG)"
    )
    result = manage("shell", "-c", code, **PRODUCTION)
    expected = ["True", "True", "True", "True", "True", "False"]
    assert result.stdout.split()[-6:] == expected, result.stderr


def test_the_app_server_freezes_start_up_objects_and_collects_less_often():
    code = "import gc, events_site.wsgi;print(gc.get_freeze_count() > 10000, gc.get_threshold()[0])"
    result = manage("shell", "-c", code, **PRODUCTION)
    assert result.stdout.split()[-2:] == ["True", "20000"], result.stderr


@pytest.mark.parametrize(("flag", "expected"), [("1", "True 2"), ("0", "None None")])
def test_postgresql_prepares_statements_unless_told_not_to(flag, expected):
    code = (
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS'];"
        "print(o.get('server_side_binding'), o.get('prepare_threshold'))"
    )
    env = {**PRODUCTION, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"}
    result = manage("shell", "-c", code, DATABASE_PREPARED_STATEMENTS=flag, **env)
    assert " ".join(result.stdout.split()[-2:]) == expected, result.stderr


def test_postgresql_session_options_are_added_to_those_of_the_database_url():
    url = "postgres://u@db.example.org:5432/d?sslmode=require&options=-c%20search_path%3Dpublic"
    code = (
        "from django.conf import settings as s; o = s.DATABASES['default']['OPTIONS'];"
        "print(o['sslmode'] + '|' + o['options'])"
    )
    result = manage("shell", "-c", code, **{**PRODUCTION, "DATABASE_URL": url})
    assert result.stdout.strip().splitlines()[-1] == (
        "require|-c search_path=public -c jit=off -c max_parallel_workers_per_gather=0"
    ), result.stderr
