"""Shared benchmark plumbing: run a measurement on each engine in a fresh test database.

A benchmark script calls ``main(measure, name)``. The parent process starts one child per
engine (SQLite, and PostgreSQL when reachable) with DATABASE_URL set; each child sets up
Django, creates a throw-away test database, runs ``measure()`` and prints JSON. The parent
writes benchmarks/results/<name>.json and .md with medians and ratios.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
ENGINES = {
    "sqlite": "",
    "postgresql": os.environ.get(
        "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/hcpcs_bench"
    ),
}


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "min_ms": round(ordered[0], 2),
    }


def wipe_code_data() -> None:
    """Delete every release, code, version and audit entry, as on a new site."""
    from codes.models import AuditEntry, CodeVersion, HcpcsCode, Release

    AuditEntry.objects.all().delete()
    HcpcsCode.objects.all().delete()
    CodeVersion.objects.all().delete()
    Release.objects.update(base_release=None)
    Release.objects.all().delete()


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcpcs_site.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    # Measured in-process over plain http, without collectstatic: the development
    # storage and no https redirect; DEBUG stays off as in production.
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # Server time of the views themselves: the release-keyed page cache would answer every
    # repeat from memory (the load benchmark measures the cached site).
    os.environ.setdefault("HCPCS_PAGE_CACHE_SECONDS", "0")
    # Thousands of requests from one client a minute: the API and FHIR throttles would
    # answer most of them 429 (the load benchmark measures the throttled stack).
    os.environ.setdefault("API_THROTTLE_ANON", "100000000/minute")
    os.environ.setdefault("API_THROTTLE_USER", "100000000/minute")
    import django

    django.setup()


def _child(measure: Callable[[], dict]) -> None:
    _setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # A file, not :memory:, so SQLite is measured as the site runs it.
    connection.settings_dict["TEST"]["NAME"] = (
        str(ROOT / "benchmarks" / ".bench.sqlite3") if connection.vendor == "sqlite" else None
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        result = measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("RESULT " + json.dumps(result))


def _postgres_reachable(url: str) -> bool:
    import psycopg

    try:
        psycopg.connect(url.replace("/hcpcs_bench", "/postgres"), connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


def main(measure: Callable[[], dict], name: str, render_md: Callable[[dict], str]) -> None:
    if os.environ.get("BENCH_CHILD"):
        _child(measure)
        return
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "engines": {},
    }
    for engine, url in ENGINES.items():
        if engine == "postgresql" and not _postgres_reachable(url):
            print(f"{engine}: not reachable, skipped", file=sys.stderr)
            continue
        env = {**os.environ, "BENCH_CHILD": "1", "DEBUG": ""}
        env.pop("DATABASE_URL", None)
        if url:
            env["DATABASE_URL"] = url
        print(f"{name}: running on {engine} ...", file=sys.stderr)
        proc = subprocess.run(
            [sys.executable, sys.argv[0]],
            env=env,
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if proc.returncode or line is None:
            sys.stderr.write(proc.stdout + proc.stderr)
            raise SystemExit(f"{name} failed on {engine}")
        results["engines"][engine] = json.loads(line[len("RESULT ") :])
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(render_md(results))
    print((RESULTS / f"{name}.md").read_text())


def claim_lines(codes: list[str], count: int) -> list[dict]:
    """``count`` claim lines of the validate API: the codes in turn, on dates of service across
    the bundled releases (before the first and between), every seventh with a modifier."""
    days = ["2016-06-01", "2018-03-01", "2020-08-15", "2023-07-01", "2025-05-15", "2026-11-01"]
    return [
        {
            "code": codes[i % len(codes)],
            "date": days[i % len(days)],
            "modifiers": ["LT"] if i % 7 == 0 else [],
            "id": f"claim-{i // 10}/{i % 10}",
        }
        for i in range(count)
    ]
