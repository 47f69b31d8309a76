"""The test suite's wall time on this machine: `make test` (everything, browser tests
included) and `make test-fast`, on SQLite, each run three times (interleaved), medians.

The first run of `make test-fast` builds the test database snapshot (``.testdb/``) and is
reported apart as the cold start; the timed runs find it, as a developer's runs do. The
machine's load average is recorded with each run: on a shared 2-core machine other work
moves these times a lot. The baseline is issue 22's: a clean clone's `make test`, one
process, browser tests skipped, 7 min 48 s. Run from a checkout whose `.venv` is installed
(`make install`); it does not run the stack tests (tests/deploy), which need
HCPCS_STACK_TESTS=1.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
BASELINE_MAKE_TEST_S = 7 * 60 + 48  # issue 22, measured before xdist and the snapshot
TARGETS = {"test": BASELINE_MAKE_TEST_S / 2, "test-fast": 120.0}


def run(target: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    done = subprocess.run(["make", target], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    summary = [line for line in done.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    if not summary:
        raise SystemExit(
            f"make {target} did not run the tests:\n{done.stdout[-2000:]}{done.stderr}"
        )
    return {
        "target": target,
        "seconds": round(seconds, 1),
        "returncode": done.returncode,
        "summary": summary[-1].strip("= "),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold = run("test-fast")
    print("cold", cold, flush=True)
    runs: list[dict] = []
    for _ in range(args.runs):
        for target in ("test", "test-fast"):
            runs.append(run(target))
            print(runs[-1], flush=True)
    medians = {
        target: statistics.median(r["seconds"] for r in runs if r["target"] == target)
        for target in TARGETS
    }
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "baseline_make_test_s": BASELINE_MAKE_TEST_S,
        "targets_s": TARGETS,
        "medians_s": medians,
        "ratio_to_baseline": {t: round(m / BASELINE_MAKE_TEST_S, 2) for t, m in medians.items()},
        "cold_test_fast": cold,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "tests.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        "# Test suite wall time (SQLite)",
        "",
        f"Measured {result['when']} on {result['cpus']} cores, by `benchmarks/tests_bench.py`.",
        f"Baseline (issue 22): `make test` {BASELINE_MAKE_TEST_S} s, one process, browser",
        "tests skipped.",
        "",
        "| command | median of runs (s) | target (s) | met | ratio to baseline |",
        "|---|---|---|---|---|",
    ]
    for target, median in medians.items():
        met = "yes" if median <= TARGETS[target] else "no"
        ratio = result["ratio_to_baseline"][target]
        lines.append(f"| make {target} | {median:.0f} | {TARGETS[target]:.0f} | {met} | {ratio} |")
    lines += [
        "",
        f"Cold start (`make test-fast` building the snapshot): {cold['seconds']} s.",
        "",
        "| run | command | seconds | load average before / after | result |",
        "|---|---|---|---|---|",
    ]
    for n, r in enumerate(runs, 1):
        lines.append(
            f"| {n} | make {r['target']} | {r['seconds']} | {r['load_before']} / "
            f"{r['load_after']} | {r['summary']} |"
        )
    (RESULTS / "tests.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
