"""FHIR terminology service speed, through the full Django stack, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/fhir_bench.py

Each engine runs in its own process (``_harness``): a throw-away database gets the bundled
JAN and OCT 2025 releases, then ``django.test.Client`` with DEBUG off requests

- ``CodeSystem/$lookup`` for a spread of real codes (procedures, drugs, modifiers,
  terminated codes with replacements);
- ``CodeSystem/$validate-code`` for the same codes on dates of service before, inside and
  after their validity, with a display to check;
- ``ValueSet/$expand`` with ``filter`` as the typeahead sends it (the first three
  characters, half, and all of each judged query of ``tests/search/judged_queries.py``),
  ``count=10``, ``activeOnly=true``;
- ``CodeSystem/$batch-validate-code`` with 10,000 validations in one POSTed Parameters
  body, on four dates of service: every code of the releases once or more (the worst case
  for the validity service), and 1,000 distinct codes repeated (as a claims file does).

Every URL is requested once to warm up, then ``REPEAT`` times. Times are milliseconds of
the whole request (parsing, queries, rendering JSON). Targets (issue 10): $lookup and
$validate-code median < 5 ms; $expand with a filter median < 5 ms and p95 < 10 ms;
10,000 batch validations < 1 s. Results: benchmarks/results/fhir.json and .md.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import main, summary, timed  # noqa: E402

CANONICAL = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
REPEAT = int(os.environ.get("FHIR_BENCH_REPEAT", "10"))
BATCH_REPEAT = int(os.environ.get("FHIR_BENCH_BATCH_REPEAT", "5"))
BATCH_SIZE = 10_000
CODES = [
    "Q4390", "J0135", "C9304", "E2601", "G0503", "A0021", "J7172", "L3000", "K0001",
    "J2310", "C9173", "Q5148", "A4253", "E0607", "J9271", "G0008", "LT", "RT", "KX", "GA",
]  # fmt: skip
DAYS = ["2024-06-01", "2025-02-01", "2025-05-15", "2025-11-01"]
TARGETS = {
    "$lookup": (5.0, None),
    "$validate-code": (5.0, None),
    "$expand (filter)": (5.0, 10.0),
}
BATCH_TARGET_MS = 1000.0


def _typing_prefixes(text: str) -> list[str]:
    text = text.strip()
    return [text[:cut] for cut in sorted({3, len(text) // 2, len(text)}) if cut >= 2]


def _batch_body(distinct: int | None) -> bytes:
    """10,000 validations over every code (``distinct`` None) or the first ``distinct``
    codes of a shuffled list (a claims file repeats codes)."""
    from codes.models import HcpcsCode

    codes = list(HcpcsCode.objects.order_by("code").values_list("code", flat=True))
    if distinct:
        random.Random(10).shuffle(codes)
        codes = codes[:distinct]
    validations = []
    for index in range(BATCH_SIZE):
        code = codes[index % len(codes)]
        day = DAYS[index % len(DAYS)]
        validations.append(
            {
                "name": "validation",
                "resource": {
                    "resourceType": "Parameters",
                    "parameter": [
                        {"name": "url", "valueUri": CANONICAL},
                        {"name": "code", "valueCode": code},
                        {"name": "date", "valueDate": day},
                    ],
                },
            }
        )
    return json.dumps({"resourceType": "Parameters", "parameter": validations}).encode()


def _time_urls(client, urls: list[str]) -> list[float]:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    samples: list[float] = []
    for _ in range(REPEAT):
        gc.collect()
        for url in urls:
            samples += timed(lambda url=url: client.get(url), 1)
    return samples


def measure() -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from tests.search.judged_queries import JUDGED

    call_command("load_bundled_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client()
    lookups = [
        "/fhir/CodeSystem/$lookup?" + urlencode({"system": CANONICAL, "code": code})
        for code in CODES
    ]
    validations = [
        "/fhir/CodeSystem/$validate-code?"
        + urlencode({"url": CANONICAL, "code": code, "date": day})
        for code in CODES
        for day in DAYS[::2]
    ]
    typed = list(dict.fromkeys(p for j in JUDGED for p in _typing_prefixes(j.query)))
    expands = [
        "/fhir/ValueSet/$expand?"
        + urlencode({"url": CANONICAL + "?fhir_vs", "filter": t, "count": 10, "activeOnly": "true"})
        for t in typed
    ]
    timings = {
        "metadata": summary(_time_urls(client, ["/fhir/metadata"] * len(CODES))),
        "$lookup": summary(_time_urls(client, lookups)),
        "$validate-code": summary(_time_urls(client, validations)),
        "$expand (filter)": summary(_time_urls(client, expands)),
    }
    bodies = {
        "$batch-validate-code (10,000, every code)": _batch_body(None),
        "$batch-validate-code (10,000, 1,000 codes)": _batch_body(1000),
    }
    for name, body in bodies.items():

        def batch(body=body):
            response = client.post(
                "/fhir/CodeSystem/$batch-validate-code",
                data=body,
                content_type="application/fhir+json",
            )
            assert response.status_code == 200, response.content[:300]
            assert response.content.count(b'"name":"validation"') == BATCH_SIZE

        batch()
        gc.collect()
        timings[name] = summary(timed(batch, BATCH_REPEAT))
    return {
        "engine": connection.vendor,
        # The machine is shared: its load while this engine was measured explains outliers.
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "requests": {"lookups": len(lookups), "validations": len(validations)},
        "expand_filters": len(expands),
        "batch_body_bytes": max(len(body) for body in bodies.values()),
        "timings": timings,
    }


def render(results: dict) -> str:
    lines = [
        "# FHIR terminology benchmark",
        "",
        f"Run {results['when']} by `benchmarks/fhir_bench.py` (see its docstring for the "
        f"method), {results['machine']['cpus']} CPUs shared with other work, Python "
        f"{results['machine']['python']}, DEBUG off, whole requests through "
        "`django.test.Client` on the twelve bundled releases (2017 to July 2026).",
        "",
        "| engine | request | n | median ms | p95 ms | min ms | target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for engine, result in results["engines"].items():
        for name, timing in result["timings"].items():
            if name in TARGETS:
                median, p95 = TARGETS[name]
                ok = timing["median_ms"] < median and (p95 is None or timing["p95_ms"] < p95)
                target = f"median < {median:g}" + (f", p95 < {p95:g}" if p95 else "")
                target = ("meets " if ok else "MISSES ") + target
            elif name.startswith("$batch"):
                ok = timing["median_ms"] < BATCH_TARGET_MS
                target = ("meets " if ok else "MISSES ") + f"< {BATCH_TARGET_MS:g} ms"
            else:
                target = "baseline"
            lines.append(
                f"| {engine} | {name} | {timing['n']} | {timing['median_ms']:.2f} | "
                f"{timing['p95_ms']:.2f} | {timing['min_ms']:.2f} | {target} |"
            )
    loads = "; ".join(
        f"{engine} {', '.join(str(x) for x in result.get('load_average', []))}"
        for engine, result in results["engines"].items()
    )
    lines += [
        "",
        f"Load average (1, 5, 15 min) of the 2-core machine at the end of each run: {loads}.",
        "",
        "`metadata` (a CapabilityStatement built without queries) is the baseline of the "
        "request path. Each batch body is one Parameters resource of 10,000 `validation` "
        "parameters on four dates of service: every code of the bundled releases in turn, "
        "or 1,000 distinct codes repeated.",
        "",
        f"Measured {datetime.date.today().isoformat()}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main(measure, "fhir", render)
