"""`make run` serves where HOST and PORT say (README, Set-up), 127.0.0.1:8000 without them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def planned(*variables: str) -> str:
    """What `make run` would run (``make -n`` prints the commands and runs none)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    result = subprocess.run(  # noqa: S603
        ["make", "-n", "run", *variables],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_make_run_serves_on_localhost_port_8000_by_default():
    assert "manage.py runserver 127.0.0.1:8000\n" in planned()


@pytest.mark.parametrize(
    ("variables", "address"),
    [
        (("PORT=8080",), "127.0.0.1:8080"),
        (("HOST=0.0.0.0", "PORT=8080"), "0.0.0.0:8080"),  # noqa: S104
        (("HOST=[::]", "PORT=9000"), "[::]:9000"),
    ],
)
def test_make_run_takes_host_and_port(variables, address):
    assert f"manage.py runserver {address}\n" in planned(*variables)
