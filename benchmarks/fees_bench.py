"""The DMEPOS fee schedule (issue 19), on SQLite and PostgreSQL.

Targets: loading a quarter (reading CMS's CSV, staging it with its comparison against the
quarter before, publishing it) takes under 10 s; the code page with its fee section stays
within the code-page benchmark (``validation_bench.py``: median under 15 ms), measured here
beside the same four pages of that benchmark, which have no fee section.
"""

from __future__ import annotations

import os
import statistics
import time

from _harness import main, summary, timed

LOADS = 3
REPEAT = 25
BASELINE = ["/codes/C9304/?as_of=2025-05-15", "/codes/G0503/", "/codes/J7172/", "/codes/Q4390/"]
FEE_PAGES = [
    "/codes/E0601/",  # every state, one row
    "/codes/E0601/?state=AL",
    "/codes/E1390/?state=TX&as_of=2025-06-01",  # three rows, April 2025
    "/codes/A4216/",  # every state, ceiling and floor
]


def measure() -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from codes.fees.models import FeeQuarter
    from codes.fees.reader import read_fee_schedule
    from codes.fees.services import fee_publish, fee_stage

    call_command("load_bundled_data", verbosity=0)
    january = settings.HCPCS_BUNDLED_DMEPOS[-1]
    data = january.read_bytes()

    def load() -> None:
        parsed = read_fee_schedule(data, name=january.name)
        # The same file again: set the loaded copy aside so the load is not refused.
        FeeQuarter.objects.filter(sha256=parsed.sha256).exclude(
            status=FeeQuarter.Status.DISCARDED
        ).update(status=FeeQuarter.Status.DISCARDED)
        fee_publish(quarter=fee_stage(parsed=parsed))

    loads = timed(load, LOADS)
    cpu = time.process_time()
    load()
    load_cpu_ms = (time.process_time() - cpu) * 1000
    client = Client()
    for path in BASELINE + FEE_PAGES:
        assert client.get(path).status_code == 200
    baseline, fees = [], []
    for _ in range(REPEAT):
        for path in BASELINE:
            baseline += timed(lambda path=path: client.get(path), 1)
        for path in FEE_PAGES:
            fees += timed(lambda path=path: client.get(path), 1)
    return {
        "load_quarter": summary(loads),
        "load_quarter_python_cpu_ms": round(load_cpu_ms),
        "load_average_1min": os.getloadavg()[0],
        "code_page_baseline": summary(baseline),
        "code_page_with_fees": summary(fees),
        "fees_to_baseline_ratio": round(statistics.median(fees) / statistics.median(baseline), 2),
    }


def render(results: dict) -> str:
    rows = [
        "# DMEPOS fee schedule benchmark",
        "",
        f"{results['when']} on {results['machine']['cpus']} CPUs, Python "
        f"{results['machine']['python']}, by `benchmarks/fees_bench.py`. Loading the January "
        f"2026 quarter (read, stage with its comparison against April 2025, publish), median "
        f"of {LOADS}; server time of code pages through Django's test client, the four pages "
        f"of `validation_bench.py` (no fee section) and four with one ({', '.join(FEE_PAGES)}), "
        f"interleaved, {REPEAT} rounds. The machine is shared with other work while it runs.",
        "",
        "The load's Python CPU time (this process, without the database server's) and the "
        "machine's 1-minute load average at the end say how much of the time is waiting.",
        "",
        "| engine | load a quarter median / max (target < 10 s) | its Python CPU | load average "
        "| code page median / p95, baseline | with the fee section | ratio (target: within "
        "the code-page benchmark, median < 15 ms) |",
        "|---|---|---|---|---|---|---|",
    ]
    for engine, r in results["engines"].items():
        load, base, fees = r["load_quarter"], r["code_page_baseline"], r["code_page_with_fees"]
        rows.append(
            f"| {engine} | {load['median_ms'] / 1000:.1f} s / {load['p95_ms'] / 1000:.1f} s | "
            f"{r['load_quarter_python_cpu_ms'] / 1000:.1f} s | {r['load_average_1min']:.1f} | "
            f"{base['median_ms']:.1f} / {base['p95_ms']:.1f} ms | {fees['median_ms']:.1f} / "
            f"{fees['p95_ms']:.1f} ms | {r['fees_to_baseline_ratio']}x |"
        )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main(measure, "fees", render)
