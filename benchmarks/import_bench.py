"""Import speed and detail-page speed on real CMS files, on SQLite and PostgreSQL.

Targets: the twelve bundled releases (2017 to July 2026) loaded into an empty database, as the
first ``make run`` does, in under 60 s (issue 21); import and publish the OCT 2025 workbook
into an empty database in at most 15 s; re-importing it unchanged in at most 5 s; the code
detail page renders in a median under 15 ms. Run: ``.venv/bin/python benchmarks/import_bench.py``.
"""

from __future__ import annotations

import io
import statistics
from pathlib import Path

from _harness import main, summary, timed, wipe_code_data

ROOT = Path(__file__).resolve().parents[1]
OCT = ROOT / "data" / "hcpcs" / "2025_OCT" / "HCPC2025_OCT_ANWEB.xlsx"
JAN = ROOT / "data" / "hcpcs" / "2025_JAN" / "HCPC2025_JAN_ANWEB_12172024.xlsx"
DETAIL_CODES = ["Q4390", "G0556", "E0210", "J9271", "A0130", "L1951", "G0503", "A6549"]
RUNS = 3


def _import(*paths: Path, **options) -> None:
    from django.core.management import call_command

    call_command(
        "import_hcpcs",
        *map(str, paths),
        publish=True,
        verbosity=0,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        **options,
    )


def _bundled() -> None:
    """What the first ``make run`` does with the releases (load_bundled_data)."""
    from django.conf import settings

    _import(
        *settings.HCPCS_BUNDLED_RELEASES,
        backfill=True,
        corrections=str(settings.HCPCS_BUNDLED_CORRECTIONS),
    )


def measure() -> dict:
    from django.test import Client

    bundled = []
    for _ in range(RUNS):
        wipe_code_data()
        bundled += timed(_bundled, 1)
    fresh = []
    for _ in range(RUNS):
        wipe_code_data()
        fresh += timed(lambda: _import(OCT), 1)
    again = timed(lambda: _import(OCT), RUNS)

    wipe_code_data()
    _import(JAN, OCT)
    client = Client()
    for code in DETAIL_CODES:  # warm caches, as a running site has them
        client.get(f"/codes/{code}/")
    detail = []
    for code in DETAIL_CODES:
        detail += timed(lambda code=code: client.get(f"/codes/{code}/"), 25)
    trivial = timed(lambda: client.get("/healthz"), 200)
    return {
        "bundled_twelve_releases_empty_db": summary(bundled),
        "import_oct_2025_empty_db": summary(fresh),
        "reimport_oct_2025_unchanged": summary(again),
        "detail_page": summary(detail),
        "trivial_view_baseline": summary(trivial),
        "detail_to_baseline_ratio": round(
            statistics.median(detail) / statistics.median(trivial), 1
        ),
    }


def render(results: dict) -> str:
    lines = [
        "# Import and detail page benchmark",
        "",
        f"Run {results['when']} on {results['machine']['cpus']} CPUs, Python "
        f"{results['machine']['python']}. Medians of {RUNS} imports; detail page over "
        f"{len(DETAIL_CODES)} codes x 25 requests through the full Django stack (test client).",
        "",
        "| engine | twelve bundled releases into empty DB (target < 60 s) | import OCT 2025 "
        "into empty DB (target <= 15 s) | re-import unchanged (target <= 5 s) | detail page "
        "median / p95 (target median < 15 ms) | detail / trivial view |",
        "|---|---|---|---|---|---|",
    ]
    for engine, r in results["engines"].items():
        lines.append(
            f"| {engine} | {r['bundled_twelve_releases_empty_db']['median_ms'] / 1000:.1f} s | "
            f"{r['import_oct_2025_empty_db']['median_ms'] / 1000:.2f} s | "
            f"{r['reimport_oct_2025_unchanged']['median_ms'] / 1000:.2f} s | "
            f"{r['detail_page']['median_ms']:.1f} / {r['detail_page']['p95_ms']:.1f} ms | "
            f"{r['detail_to_baseline_ratio']}x |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main(measure, "import", render)
