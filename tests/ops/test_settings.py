"""Settings for both worlds: development works with nothing exported; production refuses to
start without its secrets and passes ``check --deploy``."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.ops.servers import ROOT, production_env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def _bare_env() -> dict[str, str]:
    drop = {"DEBUG", "DJANGO_ENV", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def test_manage_py_works_in_a_checkout_with_nothing_exported():
    result = _run(["manage.py", "check"], _bare_env())
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_an_empty_database_url_means_the_default_database():
    """An exported but empty DATABASE_URL (a blank line in an env file) used to crash the
    settings with a KeyError."""
    code = "from django.db import connection; print(connection.vendor)"
    result = _run(["manage.py", "shell", "-c", code], {**_bare_env(), "DATABASE_URL": " "})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("sqlite")


def test_production_refuses_to_start_without_secret_key_and_allowed_hosts():
    env = {**_bare_env(), "DJANGO_ENV": "production"}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr

    result = _run(["manage.py", "check"], {**env, "SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "need ALLOWED_HOSTS" in result.stderr


def test_the_wsgi_entry_point_is_production_by_default():
    code = "import hcpcs_site.wsgi"
    result = _run(["-c", code], _bare_env())
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_the_documented_production_variables():
    env = production_env()
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_settings_harden_https():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.DEBUG, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_REDIRECT_EXEMPT, s.SESSION_COOKIE_AGE]))"
    )
    result = _run(["-c", code], production_env(SECURE_HSTS_SECONDS="600"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '[false, true, 600, true, ["HTTP_X_FORWARDED_PROTO", "https"], true, true, '
        '["^healthz$", "^readyz$"], 28800]'
    )
