"""Test overlay: the same settings, with a throwaway key and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "insecure-key-for-the-test-suite-only")

from events_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
