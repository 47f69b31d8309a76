"""Curation benchmark: the admin review page of the JAN 2025 -> OCT 2025 draft, and
publishing that draft.

Targets (issue 4): review page, first page, under 1 s; publishing under 15 s, on SQLite and
on PostgreSQL, on the 2-core machine. Each run starts from JAN 2025 alone published, stages
the OCT 2025 workbook as the curator's upload does, requests the review page through the
whole Django stack (middleware, admin, templates) as a signed-in superuser, then publishes
for real (committed), so commit costs are included. Medians are reported.

Usage (the engine comes from DATABASE_URL, as for the site; a throwaway database is created
next to the configured one and dropped afterwards):

    .venv/bin/python benchmarks/curation_bench.py [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hcpcs_admin \\
        .venv/bin/python benchmarks/curation_bench.py

Results are merged, per engine, into benchmarks/results/curation.json and written out as
benchmarks/results/curation.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
OCT_2025 = ROOT / "data" / "hcpcs" / "2025_OCT" / "HCPC2025_OCT_ANWEB.xlsx"
REVIEW_TARGET_S = 1.0
PUBLISH_TARGET_S = 15.0

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hcpcs_site.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
# Measured in-process over plain http, without collectstatic: the development
# storage and no https redirect; DEBUG stays off as in production.
os.environ.setdefault("DJANGO_ENV", "development")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def setup_database(tmp: Path) -> tuple[str, object]:
    """A throwaway database for the configured engine, migrated; returns its old name."""
    import django
    from django.conf import settings

    django.setup()
    from django.db import connection

    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test_settings["NAME"] = str(tmp / "curation_bench.sqlite3")  # a file, as deployed
    else:
        test_settings["NAME"] = f"{settings.DATABASES['default']['NAME']}_curation_bench"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return old_name, connection


def reset_to_jan(jan) -> None:
    from _harness import wipe_code_data

    from codes.releases.services import release_publish, release_stage

    wipe_code_data()
    release_publish(release=release_stage(parsed=jan).release)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def one_run(jan, client, user, review_requests: int) -> dict:
    from django.core.cache import cache
    from django.urls import reverse

    from codes.cms.readers import read_release
    from codes.releases.services import release_publish, release_stage

    reset_to_jan(jan)
    cache.clear()  # the first request pays for the reference tables, as after a deploy
    data = OCT_2025.read_bytes()
    read_s, oct_ = timed(lambda: read_release(data, name=OCT_2025.name))
    stage_s, result = timed(lambda: release_stage(parsed=oct_, user=user))
    release = result.release
    url = reverse("admin:codes_release_review", args=[release.pk])
    review = []
    for _ in range(review_requests):
        seconds, response = timed(lambda: client.get(url))
        assert response.status_code == 200, response.status_code
        review.append(seconds)
    filtered_s, response = timed(lambda: client.get(url, {"kind": "changed", "field": "betos"}))
    assert response.status_code == 200
    publish_s, _ = timed(lambda: release_publish(release=release, user=user))
    return {
        "read": read_s,
        "stage": stage_s,
        "review_first": review[0],
        "review_warm": review[1:],
        "review_filtered": filtered_s,
        "publish": publish_s,
    }


def engine_version(connection) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def summarise(runs: list[dict], connection) -> dict:
    import django

    def stats(values: list[float]) -> dict:
        return {
            "median": round(statistics.median(values), 4),
            "min": round(min(values), 4),
            "max": round(max(values), 4),
            "runs": [round(v, 4) for v in values],
        }

    return {
        "measured": datetime.datetime.now().isoformat(timespec="seconds"),
        "engine": engine_version(connection),
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "runs": len(runs),
        "read_s": stats([r["read"] for r in runs]),
        "stage_s": stats([r["stage"] for r in runs]),
        "review_first_page_cold_s": stats([r["review_first"] for r in runs]),
        "review_first_page_warm_s": stats([v for r in runs for v in r["review_warm"]]),
        "review_filtered_page_s": stats([r["review_filtered"] for r in runs]),
        "publish_s": stats([r["publish"] for r in runs]),
    }


def write_results(vendor: str, summary: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "curation.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[vendor] = summary
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    lines = [
        "# Curation benchmark",
        "",
        "`benchmarks/curation_bench.py`: JAN 2025 published, the OCT 2025 workbook read (as "
        "the upload page does) and staged as a draft (673 proposed changes), then the admin "
        "review page requested through the "
        "full Django stack and the draft published (committed). Medians over the runs; "
        '"cold" is the first request after staging with an empty cache.',
        "",
        f"Targets: review page first page < {REVIEW_TARGET_S:g} s; publish < "
        f"{PUBLISH_TARGET_S:g} s.",
        "",
        "| engine | runs | read xlsx (s) | stage (s) | review, first page cold (s) | "
        "review, first page warm (s) | review, filtered (s) | publish (s) | measured |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name in sorted(data):
        s = data[name]
        lines.append(
            f"| {s['engine']} | {s['runs']} | {s['read_s']['median']:.3f} | "
            f"{s['stage_s']['median']:.3f} | "
            f"{s['review_first_page_cold_s']['median']:.3f} | "
            f"{s['review_first_page_warm_s']['median']:.3f} | "
            f"{s['review_filtered_page_s']['median']:.3f} | {s['publish_s']['median']:.3f} | "
            f"{s['measured']} |"
        )
    lines += [
        "",
        f"Python {summary['python']}, Django {summary['django']}, "
        f"{summary['cpus']} CPUs (shared with other work while measured).",
        "",
    ]
    (RESULTS / "curation.md").write_text("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--review-requests",
        type=int,
        default=5,
        help="review page requests per run (the first is the cold one)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old_name, connection = setup_database(Path(tmp))
        try:
            from django.contrib.auth import get_user_model
            from django.test import Client

            from codes.cms.readers import read_release

            jan = read_release(
                ROOT / "data" / "hcpcs" / "2025_JAN" / "HCPC2025_JAN_ANWEB_12172024.xlsx"
            )
            user = get_user_model().objects.create_superuser("bench", "b@example.com", "x")
            client = Client()
            client.force_login(user)
            runs = []
            for number in range(1, args.runs + 1):
                run = one_run(jan, client, user, args.review_requests)
                runs.append(run)
                print(
                    f"run {number}: read {run['read']:.2f} s, stage {run['stage']:.2f} s, "
                    f"review cold "
                    f"{run['review_first']:.3f} s, warm "
                    f"{statistics.median(run['review_warm']):.3f} s, publish "
                    f"{run['publish']:.2f} s",
                    flush=True,
                )
            summary = summarise(runs, connection)
            write_results(connection.vendor, summary)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps({k: summary[k] for k in ("engine", "runs")}))
    review = summary["review_first_page_cold_s"]["median"]
    publish = summary["publish_s"]["median"]
    ok = review < REVIEW_TARGET_S and publish < PUBLISH_TARGET_S
    print(
        f"review first page (cold) median {review:.3f} s, publish median {publish:.2f} s: "
        f"{'within' if ok else 'OVER'} target"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
