"""Batch validation and the code page with its timeline, on SQLite and PostgreSQL.

Targets (issues 8 and 21): 10,000 claim lines validated through POST /api/v1/validate/ in under 1 s
of server time, with a bounded number of queries; the code page with the validity timeline
renders in under 15 ms median. Run with the bundled releases (twelve, 2017 to July 2026)
loaded as a new site has them.
"""

from __future__ import annotations

import json
import statistics

from _harness import claim_lines, main, summary, timed

RUNS = 5
LINES = 10_000
PAGES = [
    "/codes/C9304/?as_of=2025-05-15",
    "/codes/G0503/",
    "/codes/J1440/?as_of=1999-01-01",
    "/codes/Q4390/",
]


def measure() -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from codes.models import HcpcsCode

    call_command("load_bundled_data", verbosity=0)
    codes = list(HcpcsCode.objects.order_by("code").values_list("code", flat=True))
    lines = claim_lines(codes, LINES)
    body = json.dumps({"lines": lines})
    client = Client()

    def post():
        response = client.post("/api/v1/validate/", body, content_type="application/json")
        assert response.status_code == 200, response.status_code

    post()  # warm caches
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        post()
    batch = timed(post, RUNS)
    for path in PAGES:
        client.get(path)
    page = []
    for path in PAGES:
        page += timed(lambda path=path: client.get(path), 25)
    trivial = timed(lambda: client.get("/healthz"), 200)
    return {
        "validate_10000_lines": summary(batch),
        "validate_queries": len(queries),
        "code_page_with_timeline": summary(page),
        "trivial_view": summary(trivial),
        "page_to_baseline_ratio": round(statistics.median(page) / statistics.median(trivial), 1),
    }


def render(results: dict) -> str:
    rows = [
        "# Batch validation and code page benchmark",
        "",
        f"{results['when']} on {results['machine']['cpus']} CPUs, Python "
        f"{results['machine']['python']}. Server time through Django's test client (no "
        f"network): POST /api/v1/validate/ with {LINES:,} lines, median of {RUNS}; the code page "
        f"with its timeline over {len(PAGES)} codes x 25.",
        "",
        "| engine | 10,000 lines median / p95 (target < 1 s) | queries | code page median / p95 "
        "(target median < 15 ms) | page / trivial view |",
        "|---|---|---|---|---|",
    ]
    for engine, r in results["engines"].items():
        v, p = r["validate_10000_lines"], r["code_page_with_timeline"]
        rows.append(
            f"| {engine} | {v['median_ms']:.0f} ms / {v['p95_ms']:.0f} ms | "
            f"{r['validate_queries']} | {p['median_ms']:.1f} ms / {p['p95_ms']:.1f} ms | "
            f"{r['page_to_baseline_ratio']}x |"
        )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main(measure, "validation", render)
