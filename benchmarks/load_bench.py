"""Load benchmark: locust (headless) against the production-shaped stack of deploy/stack.sh
(nginx with TLS, two gunicorn instances of 2 workers, Redis, the database), on PostgreSQL and
on SQLite. Needs locust: ``.venv/bin/pip install -r requirements-bench.txt``.

Phases, each its own locust run against the same stack, so their ratios compare like with
like: the trivial view (/healthz) and one code page served from the cache and as a 304, by
32 clients for 20 s each, in ``ROUNDS`` rounds one after the other, each page's ratio to the
trivial view taken in its round and the median of the rounds reported (a 20 s phase on
this shared machine varies by a fifth from one run to the next); uncached searches (a query never asked before) by 16 clients
straight to one instance (2 workers) for 30 s, each client pausing 0.5-1.5 s between searches
as a person reading results does (the target's phase), then the same back to back (capacity:
there latency is mostly 16 clients queueing for 2 workers); the mix of the issue (code pages 50%,
search 25%, typeahead 20%, API 5%) by 32 clients for 60 s; and the same mix for 60 s while
a release is published from the command line. Writes results/load.md and results/load.json.
"""

from __future__ import annotations

import csv
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
STACK = ROOT / "deploy" / "stack.sh"
PY = ROOT / ".venv" / "bin" / "python"
LOCUST = ROOT / ".venv" / "bin" / "locust"
OCT_2025 = ROOT / "data" / "hcpcs" / "2025_OCT" / "HCPC2025_OCT_ANWEB.xlsx"
HTTPS_PORT, HTTP_PORT, APP_PORTS = 8445, 8157, (8158, 8159)
ENGINES = {
    "postgresql": "postgres://postgres@127.0.0.1:5432/hcpcs_load_bench",
    "sqlite": f"sqlite:///{ROOT / 'benchmarks' / '.load-bench.sqlite3'}",
}
PHASES = [  # name, locust phase, clients, seconds, target (nginx or one instance)
    ("trivial", "trivial", 32, 20, "nginx"),
    ("code", "code", 32, 20, "nginx"),
    ("conditional", "conditional", 32, 20, "nginx"),
    ("search", "search", 16, 30, "instance"),
    ("search_saturated", "search_saturated", 16, 30, "instance"),
    ("mixed", "mixed", 32, 60, "nginx"),
    ("mixed_publish", "mixed", 32, 60, "nginx"),
]
# The trivial view, the cached code page and the 304, run this many times each, interleaved.
ROUNDS = 3
RATIO_PHASES = ("trivial", "code", "conditional")
TARGETS = {
    "code_ratio": 0.5,
    "conditional_ratio": 0.7,
    "search_p95_ms": 50,
}


def stack_env(engine: str, run: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CACHE_URL", "DEBUG"}}
    env.update(
        STACK_DIR=str(run),
        STACK_HTTPS_PORT=str(HTTPS_PORT),
        STACK_HTTP_PORT=str(HTTP_PORT),
        STACK_APP_PORTS=" ".join(map(str, APP_PORTS)),
        STACK_WORKERS="2",
        STACK_DATABASE_URL=ENGINES[engine],
        STACK_CACHE_URL="redis://127.0.0.1:6379/7",
        # One client address sends all of it: lift the API rate limit for the benchmark.
        STACK_ENV_EXTRA="API_THROTTLE_ANON=100000000/minute",
    )
    return env


def manage(env: dict, *args: str) -> str:
    out = subprocess.run(
        [str(STACK), "env", str(PY), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def locust(phase: str, clients: int, seconds: int, host: str, codes: list[str], out: Path) -> dict:
    env = {**os.environ, "LOAD_PHASE": phase, "LOAD_CODES": ",".join(codes)}
    subprocess.run(
        [
            str(LOCUST),
            "-f",
            str(ROOT / "benchmarks" / "locustfile.py"),
            "--headless",
            "-u",
            str(clients),
            "-r",
            str(clients),
            "-t",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(out),
            "--only-summary",
            "--stop-timeout",
            "5",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=seconds + 120,
    )
    rows = {}
    with open(f"{out}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "warm":
                continue
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
            }
    with open(f"{out}_failures.csv", newline="") as handle:
        failures = [
            f"{r['Occurrences']}x {r['Method']} {r['Name']}: {r['Error']}"
            for r in csv.DictReader(handle)
        ]
    return {"clients": clients, "seconds": seconds, "endpoints": rows, "failures": failures[:10]}


def changed_workbook(folder: Path) -> Path:
    """The OCT 2025 workbook with one description changed: a release to publish."""
    import openpyxl

    book = openpyxl.load_workbook(OCT_2025)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows(max_row=30) if any(c.value == "HCPC" for c in r))
    columns = {c.value: c.column for c in header}
    row = header[0].row + 1
    sheet.cell(row=row, column=columns["SHORT DESCRIPTION"], value=f"Load {secrets.token_hex(4)}")
    path = folder / f"HCPC2025_OCT_ANWEB_load_{secrets.token_hex(3)}.xlsx"
    book.save(path)
    return path


def publish_during(env: dict, workbook: Path, delay: float, out: dict) -> None:
    """Publish a release from the command line after ``delay`` seconds of load."""
    time.sleep(delay)
    started = time.perf_counter()
    manage(env, "import_hcpcs", str(workbook), "--publish", "--label", "Load test")
    out["seconds"] = round(time.perf_counter() - started, 1)


def run_engine(engine: str, folder: Path) -> dict:
    run = folder / f"stack-{engine}"
    env = stack_env(engine, run)
    subprocess.run([str(STACK), "reset"], cwd=ROOT, env=env, check=True, capture_output=True)
    print(f"{engine}: starting the stack", file=sys.stderr, flush=True)
    subprocess.run([str(STACK), "start"], cwd=ROOT, env=env, check=True, capture_output=True)
    try:
        codes = (
            manage(
                env,
                "shell",
                "-c",
                (
                    "from codes.models import HcpcsCode; "
                    "print(','.join(HcpcsCode.objects.listed().order_by('?').values_list('code', flat=True)[:300]))"
                ),
            )
            .strip()
            .splitlines()[-1]
            .split(",")
        )
        workbook = changed_workbook(folder)
        phases = {}
        rounds = [p for p in PHASES if p[0] in RATIO_PHASES]
        planned = [
            (f"{name} {n}", *rest) for n in range(1, ROUNDS + 1) for name, *rest in rounds
        ] + [p for p in PHASES if p[0] not in RATIO_PHASES]
        for name, phase, clients, seconds, target in planned:
            host = (
                f"https://localhost:{HTTPS_PORT}"
                if target == "nginx"
                else f"http://127.0.0.1:{APP_PORTS[0]}"
            )
            print(f"{engine}: {name} ({clients} clients, {seconds} s)", file=sys.stderr, flush=True)
            chosen = codes if phase == "mixed" else codes[:1]
            if name == "mixed_publish":
                publish = {}
                thread = threading.Thread(
                    target=publish_during, args=(env, workbook, seconds / 4, publish)
                )
                thread.start()
                phases[name] = locust(
                    phase, clients, seconds, host, chosen, folder / f"{engine}-{name}"
                )
                thread.join()
                phases[name]["publish_seconds"] = publish.get("seconds")
            else:
                phases[name] = locust(
                    phase, clients, seconds, host, chosen, folder / f"{engine}-{name}"
                )
        return summarise(phases)
    finally:
        subprocess.run([str(STACK), "stop"], cwd=ROOT, env=env, check=False, capture_output=True)


def _only(phase: dict) -> dict:
    return next(iter(phase["endpoints"][n] for n in phase["endpoints"] if n != "Aggregated"))


def summarise(phases: dict) -> dict:
    by_round = {
        name: [
            round(_only(phases[f"{name} {n}"])["rps"] / _only(phases[f"trivial {n}"])["rps"], 2)
            for n in range(1, ROUNDS + 1)
        ]
        for name in ("code", "conditional")
    }
    ratios = {name: statistics.median(values) for name, values in by_round.items()}
    mixed = phases["mixed"]["endpoints"]
    for name, row in mixed.items():
        if name != "Aggregated" and row["requests"]:
            row["share"] = round(row["requests"] / mixed["Aggregated"]["requests"], 3)
    return {"phases": phases, "ratios_to_trivial": ratios, "ratios_by_round": by_round}


def render(results: dict) -> str:
    lines = [
        "# Load benchmark",
        "",
        f"Run {results['when']} on {results['machine']['platform']} ({results['machine']['cpus']} CPUs), "
        f"Python {results['machine']['python']}, by `benchmarks/load_bench.py` (see its docstring). "
        "locust runs on the same 2-core machine as nginx, both app instances, the database and "
        "Redis, so every number here is what the machine does while also generating the load.",
        "",
    ]
    for engine, result in results["engines"].items():
        phases = result["phases"]
        lines += [
            f"## {engine} (run {result.get('when', results['when'])})",
            "",
            "| phase | endpoint | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, phase in phases.items():
            for endpoint, row in phase["endpoints"].items():
                lines.append(
                    f"| {name} | {endpoint} | {phase['clients']} | {row['requests']} | {row['errors']} | "
                    f"{row['rps']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} |"
                )
        ratios = result["ratios_to_trivial"]
        # Results of an older run (one round) have no rounds to list.
        by_round = result.get("ratios_by_round") or {n: [r] for n, r in ratios.items()}
        search_p95 = _only(phases["search"])["p95_ms"]
        saturated = _only(phases["search_saturated"])
        errors = sum(
            phases[p]["endpoints"]["Aggregated"]["errors"] for p in ("mixed", "mixed_publish")
        )
        lines += [
            "",
            f"- code page from the cache: {ratios['code']}x the trivial view's req/s, median of {len(by_round['code'])} rounds "
            f"({', '.join(map(str, by_round['code']))}) (target >= {TARGETS['code_ratio']})",
            f"- code page answered 304: {ratios['conditional']}x, median of {len(by_round['conditional'])} rounds "
            f"({', '.join(map(str, by_round['conditional']))}) (target >= {TARGETS['conditional_ratio']})",
            f"- uncached search p95 at 16 clients on one instance of 2 workers: {search_p95:.0f} ms (target < {TARGETS['search_p95_ms']} ms); "
            f"back to back, the instance answers {saturated['rps']} searches/s (p50 {saturated['p50_ms']:.0f} ms, p95 {saturated['p95_ms']:.0f} ms, mostly queueing)",
            f"- errors in the mixed load and during the publish ({phases['mixed_publish'].get('publish_seconds')} s): {errors} (target 0)",
            "",
        ]
        for name, phase in phases.items():
            for failure in phase["failures"]:
                lines.append(f"  - {name}: {failure}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    if not LOCUST.exists():
        sys.exit("locust is missing: .venv/bin/pip install -r requirements-bench.txt")
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "engines": {},
    }
    engines = sys.argv[1:] or list(ENGINES)
    RESULTS.mkdir(exist_ok=True)
    saved = RESULTS / "load.json"
    if saved.exists():  # one engine at a time keeps the other's last results
        results["engines"] = json.loads(saved.read_text())["engines"]
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            result = run_engine(engine, Path(tmp))
            result["when"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            results["engines"][engine] = result
            saved.write_text(json.dumps(results, indent=2) + "\n")
            (RESULTS / "load.md").write_text(render(results))
    print(render(results))


if __name__ == "__main__":
    main()
