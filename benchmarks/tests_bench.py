"""The test suite's wall time on this machine: `make test` (everything, browser tests
included) and `make test-fast`, on SQLite, each run three times (interleaved), medians.

The first run of `make test-fast` builds the test database snapshot (``.testdb/``) and is
reported apart as the cold start; the timed runs find it, as a developer's runs do. The
machine's load average is recorded with each run: on a shared 2-core machine other work
moves these times a lot. The baseline is issue 22's: a clean clone's `make test`, one
process, browser tests skipped, 7 min 48 s. Machines differ (the same suite has taken twice
as long on one machine as on another), so with ``--baseline`` that baseline is measured again
on this machine, in the same session: the commit before the issue's work, run as its
Makefile ran it (migrate, load the bundled data, pytest in one process, a new test database),
browser tests skipped, in a temporary worktree with this checkout's packages; the target is
then half of that. Run from a checkout whose `.venv` is installed (`make install`); it does
not run the stack tests (tests/deploy), which need HCPCS_STACK_TESTS=1. Run it from the
main checkout: `make` installs into the checkout's own `.venv`.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
BASELINE_MAKE_TEST_S = 7 * 60 + 48  # issue 22, measured before xdist and the snapshot
TARGETS = {"test": BASELINE_MAKE_TEST_S / 2, "test-fast": 120.0}
# main just before the issue 22 work was merged into it: the clean clone.
BASELINE_REF = "680d0af^1"


def _cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _timed(name: str, commands: list[list[str]], cwd: Path, env: dict[str, str]) -> dict:
    """Runs ``commands`` one after another and times them together; the last one's output
    must say how many tests passed or failed."""
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    started = time.monotonic()
    for command in commands:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    cpu = _cpu_seconds() - cpu_before
    summary = [line for line in done.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    failed = [
        line.split(" ", 1)[1]
        for line in done.stdout.splitlines()
        if line.startswith(("FAILED ", "ERROR "))
    ]
    if not summary:
        raise SystemExit(f"{name} did not run the tests:\n{done.stdout[-2000:]}{done.stderr}")
    return {
        "target": name,
        "seconds": round(seconds, 1),
        # CPU seconds of the run's processes over the cores: what it would take on this
        # machine with nothing else running (a lower bound; less moved by other work).
        "cpu_seconds": round(cpu, 1),
        "cpu_over_cores_s": round(cpu / (os.cpu_count() or 1), 1),
        "returncode": done.returncode,
        "summary": summary[-1].strip("= "),
        # which tests failed or erred (pytest's -ra summary lines)
        "failed": failed,
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def _without_database_url() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}


def run_baseline(ref: str) -> dict:
    """The issue's baseline measured now, on this machine (see the module's docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "baseline"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), ref],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            (tree / ".venv").symlink_to(ROOT / ".venv")
            env = _without_database_url()
            env |= {"DEBUG": "1", "HCPCS_CHROMIUM": str(tree / "no-chromium")}
            python = str(ROOT / ".venv" / "bin" / "python")
            steps = [
                [python, "manage.py", "migrate", "--noinput"],
                [python, "manage.py", "load_bundled_data"],
                [
                    *(python, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-rf"),
                    # Deselected, not skipped: the baseline commit's browser tests set up a
                    # live server and reload the bundled data (about 28 s each) before
                    # finding no browser, which the clean clone did not spend.
                    *("-m", "not browser"),
                ],
            ]
            return _timed(f"baseline ({ref})", steps, tree, env)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True
            )


def run(target: str) -> dict:
    return _timed(target, [["make", target]], ROOT, _without_database_url())


def write(cold: dict | None, runs: list[dict], planned: int, baseline: dict | None) -> None:
    """The results so far (written after every run, so a run cut short still leaves them)."""
    base = baseline["seconds"] if baseline else BASELINE_MAKE_TEST_S
    targets = {**TARGETS, "test": base / 2}
    medians = {
        target: statistics.median(r["seconds"] for r in runs if r["target"] == target)
        for target in targets
        if any(r["target"] == target for r in runs)
    }
    cpu_medians = {
        target: statistics.median(r["cpu_over_cores_s"] for r in runs if r["target"] == target)
        for target in medians
    }
    result = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "baseline_make_test_s": BASELINE_MAKE_TEST_S,
        "baseline_measured_here": baseline,
        "targets_s": targets,
        "runs_planned_per_target": planned,
        "medians_s": medians,
        "medians_cpu_over_cores_s": cpu_medians,
        "ratio_to_baseline": {t: round(m / base, 2) for t, m in medians.items()},
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
        "tests skipped, when the issue was written.",
    ]
    if baseline:
        lines += [
            f"Measured again here, in this session: {baseline['target']} took",
            f"{baseline['seconds']} s ({baseline['cpu_over_cores_s']} s CPU / cores; "
            f"{baseline['summary']}), so the",
            f"target for `make test` on this machine is half of that, {base / 2:.0f} s.",
        ]
    lines += [
        "CPU / cores is the run's CPU time over the cores: about what it would take with",
        "nothing else running on the machine.",
        "",
        "| command | runs | median wall (s) | median CPU / cores (s) | target (s) | met "
        "(wall) | wall / baseline |",
        "|---|---|---|---|---|---|---|",
    ]
    for target, median in medians.items():
        count = sum(r["target"] == target for r in runs)
        met = "yes" if median <= targets[target] else "no"
        ratio = result["ratio_to_baseline"][target]
        lines.append(
            f"| make {target} | {count} of {planned} | {median:.1f} | {cpu_medians[target]:.1f} "
            f"| {targets[target]:.0f} | {met} | {ratio} |"
        )
    if cold:
        lines += ["", f"Cold start (`make test-fast` building the snapshot): {cold['seconds']} s."]
    lines += [
        "",
        "| run | command | wall (s) | CPU / cores (s) | load average before / after | result |",
        "|---|---|---|---|---|---|",
    ]
    shown = ([baseline] if baseline else []) + runs
    for n, r in enumerate(shown, 1):
        name = r["target"] if r["target"].startswith("baseline") else f"make {r['target']}"
        lines.append(
            f"| {n} | {name} | {r['seconds']} | {r['cpu_over_cores_s']} | "
            f"{r['load_before']} / {r['load_after']} | {r['summary']} |"
        )
    (RESULTS / "tests.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--no-cold", action="store_true", help="the snapshot is built already: no cold run"
    )
    parser.add_argument(
        "--baseline",
        nargs="?",
        const=BASELINE_REF,
        metavar="REF",
        help=f"measure the baseline again here first (default commit: {BASELINE_REF})",
    )
    parser.add_argument(
        "--kept-baseline",
        action="store_true",
        help="use the baseline measured on this machine before (results/tests-baseline.json)",
    )
    args = parser.parse_args()
    baseline = run_baseline(args.baseline) if args.baseline else None
    if args.kept_baseline and not baseline:
        baseline = json.loads((RESULTS / "tests-baseline.json").read_text())
    if baseline:  # half an hour on a slow machine: kept at once, whatever happens next
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "tests-baseline.json").write_text(json.dumps(baseline, indent=2) + "\n")
    cold = None if args.no_cold else run("test-fast")
    runs: list[dict] = []
    if not args.runs:  # only the baseline again: the kept runs, compared with it
        kept = json.loads((RESULTS / "tests.json").read_text())
        cold = cold or kept["cold_test_fast"]
        write(cold, kept["runs"], kept["runs_planned_per_target"], baseline)
    for _ in range(args.runs):
        for target in ("test-fast", "test"):
            runs.append(run(target))
            write(cold, runs, args.runs, baseline)


if __name__ == "__main__":
    main()
