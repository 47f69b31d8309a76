"""The batch check page with 10,000 lines against the API with the same lines.

Target (issue 20): POST /validate/ with 10,000 pasted lines answers in at most three times
the server time of POST /api/v1/validate/ with the same lines, in under 2 MB of HTML (the
summary, up to 200 lines with a problem, the first 200 of every line, the batch carried back
once); a later page of every line costs the same as the first. Run with the bundled releases
loaded as a new site has them.
"""

from __future__ import annotations

import csv
import io
import json
import statistics

from _harness import claim_lines, main, summary, timed

RUNS = 5
LINES = 10_000
PAGE_BYTES = 2 * 1024 * 1024
RATIO = 3


def measure() -> dict:
    from django.core.management import call_command
    from django.test import Client

    from codes.models import HcpcsCode

    call_command("load_bundled_data", verbosity=0)
    codes = list(HcpcsCode.objects.order_by("code").values_list("code", flat=True))
    lines = claim_lines(codes, LINES)
    body = json.dumps({"lines": lines})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["line id", "code", "date of service", "modifiers"])
    writer.writerows([x["id"], x["code"], x["date"], " ".join(x["modifiers"])] for x in lines)
    pasted = out.getvalue()
    client = Client()
    sizes = []

    def api():
        response = client.post("/api/v1/validate/", body, content_type="application/json")
        assert response.status_code == 200, response.status_code

    def page(**extra):
        response = client.post("/validate/", {"lines": pasted, **extra})
        assert response.status_code == 200, response.status_code
        assert b'id="lines"' in response.content
        sizes.append(len(response.content))

    api()  # warm caches
    page()
    api_times, page_times, later_times = [], [], []
    for _ in range(RUNS):  # interleaved, so a busy moment of the machine hits both
        api_times += timed(api, 1)
        page_times += timed(page, 1)
        later_times += timed(lambda: page(goto="lines:25"), 1)
    return {
        "api_10000_lines": summary(api_times),
        "page_10000_lines": summary(page_times),
        "page_25_of_every_line": summary(later_times),
        "page_bytes": max(sizes),
        "page_to_api_ratio": round(statistics.median(page_times) / statistics.median(api_times), 2),
    }


def render(results: dict) -> str:
    rows = [
        "# Batch check page benchmark",
        "",
        f"{results['when']} on {results['machine']['cpus']} CPUs, Python "
        f"{results['machine']['python']}. Server time through Django's test client (no "
        f"network), {LINES:,} claim lines, median of {RUNS} interleaved runs each: POST "
        f"/api/v1/validate/ (JSON), POST /validate/ with the same lines pasted as CSV (the "
        f"results page: summary, lines with a problem, every line paged by 200), and page 25 of "
        f"every line (the batch sent back by the page's hidden field).",
        "",
        f"| engine | API median / p95 | page median / p95 | page 25 median | page / API (target "
        f"<= {RATIO}) | HTML (target < 2 MB) |",
        "|---|---|---|---|---|---|",
    ]
    for engine, r in results["engines"].items():
        a, p, later = r["api_10000_lines"], r["page_10000_lines"], r["page_25_of_every_line"]
        rows.append(
            f"| {engine} | {a['median_ms']:.0f} ms / {a['p95_ms']:.0f} ms | "
            f"{p['median_ms']:.0f} ms / {p['p95_ms']:.0f} ms | {later['median_ms']:.0f} ms | "
            f"{r['page_to_api_ratio']}x | {r['page_bytes'] / 1024 / 1024:.2f} MB |"
        )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main(measure, "validate_page", render)
