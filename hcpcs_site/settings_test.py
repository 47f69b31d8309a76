"""Settings for the test suite: the real settings with a test-only secret key."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ENV", "development")

from hcpcs_site.settings import *  # noqa: E402, F403

# Fast hashing: the tests create users, they do not guard passwords.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
