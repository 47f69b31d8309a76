"""Search speed and relevance on the bundled data, through the full Django request path.

    .venv/bin/python benchmarks/search_bench.py                  # SQLite and PostgreSQL
    .venv/bin/python benchmarks/search_bench.py --engine sqlite
    .venv/bin/python benchmarks/search_bench.py --postgres-url postgres://postgres@127.0.0.1:5432/hcpcs_search

For each engine a separate process (settings are read from the environment at start-up)
loads the bundled JAN and OCT 2025 releases into a real database (a fresh SQLite file in a
temporary directory; the PostgreSQL database given, migrated and loaded if it is empty),
then requests, with ``django.test.Client`` and production settings (DEBUG off, cached
templates):

- the results page ``/codes/?q=`` for every judged query of both judged sets
  (tests/search/judged_queries.py, and the drug and everyday-word queries of
  tests/search/judged_vocabulary.py), with the vocabulary on;
- typeahead ``/autocomplete/?q=`` for what a coder has typed on the way to each query
  (its first three characters, its first half, all of it);
- a trivial view (a plain ``HttpResponse``) and a trivial page (``base.html`` with nothing
  in it) on the same middleware stack, so the cost of search itself shows as a ratio.

Every URL is requested once to warm up, then ``--repeat`` times. Timings are reported as
median and 95th percentile (nearest rank) in milliseconds, with the targets of issue 3;
relevance as hit@1, hit@5 and MRR for each judged set. It also times loading a quarter's
ASP crosswalk (January 2026: read, compare, stage and publish; rolled back after, three
times, median), whose target is under 10 s. Results go to benchmarks/results/search.json
and .md.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/hcpcs_search"
TARGETS = {  # milliseconds: (median, p95)
    "results page": (10.0, 25.0),
    "typeahead": (5.0, 10.0),
}
CROSSWALK_LOAD_TARGET_SECONDS = 10.0


# ------------------------------------------------------------------------ worker process


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _summary(samples: list[float]) -> dict:
    return {
        "requests": len(samples),
        "median_ms": round(statistics.median(samples), 3),
        "p95_ms": round(_percentile(samples, 0.95), 3),
        "mean_ms": round(statistics.fmean(samples), 3),
        "max_ms": round(max(samples), 3),
    }


def _typing_prefixes(text: str) -> list[str]:
    text = text.strip()
    cuts = {3, len(text) // 2, len(text)}
    return [text[:cut] for cut in sorted(cuts) if cut >= 2]


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "hcpcs_site.settings"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    # Measured in-process over plain http, without collectstatic: the development
    # storage and no https redirect; DEBUG stays off as in production.
    os.environ.setdefault("DJANGO_ENV", "development")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "ERROR"
    # The release-keyed page cache would answer every repeat from memory; off, each request
    # runs the search itself, which is what the targets are about.
    os.environ["HCPCS_PAGE_CACHE_SECONDS"] = "0"
    # WhiteNoise warns that collectstatic has not run; the benchmark serves no static files.
    warnings.filterwarnings("ignore", message="No directory at", module="django")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    # The trivial views live in this module's URLconf, in front of the site's.
    settings.ROOT_URLCONF = "benchmarks.search_bench_urls"


def _load(engine: str) -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    # Loads what is missing (releases, ASP files, the vocabulary); a no-op when all is there.
    call_command("load_bundled_data", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    return time.perf_counter() - started


def _engine_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


def _time(client, urls: list[str], repeat: int) -> tuple[list[float], dict[str, float]]:
    for url in urls:  # warm-up: caches, connections, the vocabulary for typo correction
        response = client.get(url)
        assert response.status_code in {200, 302}, (url, response.status_code)
    samples: list[float] = []
    per_url: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(repeat):
        gc.collect()
        for url in urls:
            started = time.perf_counter()
            client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            samples.append(elapsed)
            per_url[url].append(elapsed)
    medians = {url: statistics.median(times) for url, times in per_url.items()}
    return samples, medians


class _RollBack(Exception):
    pass


def _crosswalk_load_seconds(times: int = 3) -> list[float]:
    """Read, compare, stage and publish the bundled January 2026 crosswalk, rolled back."""
    from django.conf import settings
    from django.db import transaction

    from codes.drugs.asp import read_asp
    from codes.drugs.services import asp_publish, asp_stage

    path = settings.HCPCS_BUNDLED_ASP[2]
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                # The same bytes are loaded already: staged under another digest here.
                parsed = read_asp(path.read_bytes(), name=path.name)
                parsed.sha256 = "benchmark-" + parsed.sha256[:50]
                asp_publish(asp_file=asp_stage(parsed=parsed).asp_file)
                samples.append(time.perf_counter() - started)
                raise _RollBack
        except _RollBack:
            pass
    return samples


def worker(engine: str, database_url: str, repeat: int) -> dict:
    _setup_django(database_url)
    load_seconds = _load(engine)

    from django.conf import settings
    from django.test import Client

    from codes.models import HcpcsCode
    from tests.search.relevance import ALL_JUDGED, JUDGED_SETS, by_kind, judge_all, scores

    client = Client()
    queries = [judged.query for judged_set in JUDGED_SETS.values() for judged in judged_set]
    page_urls = ["/codes/?" + urlencode({"q": q}) for q in queries]
    typed = list(dict.fromkeys(p for q in queries for p in _typing_prefixes(q)))
    typeahead_urls = ["/autocomplete/?" + urlencode({"q": t}) for t in typed]
    trivial_urls = ["/__bench__/trivial/"] * len(queries)
    trivial_page_urls = ["/__bench__/page/"] * len(queries)

    timings = {}
    slowest = {}
    for name, urls in [
        ("trivial view", trivial_urls),
        ("trivial page", trivial_page_urls),
        ("results page", page_urls),
        ("typeahead", typeahead_urls),
    ]:
        samples, medians = _time(client, urls, repeat)
        timings[name] = _summary(samples)
        slowest[name] = [
            {"url": url, "median_ms": round(ms, 3)}
            for url, ms in sorted(medians.items(), key=lambda item: -item[1])[:5]
        ]
    trivial = timings["trivial view"]["median_ms"]
    for name in ("trivial page", "results page", "typeahead"):
        timings[name]["ratio_to_trivial_view"] = round(timings[name]["median_ms"] / trivial, 1)

    def rounded(found: dict) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in found.items()}

    everything = judge_all(ALL_JUDGED)
    judged_by_query = {j.judged: j for j in everything}
    relevance, misses = {}, {}
    for set_name, judged_set in JUDGED_SETS.items():
        judgements = [judged_by_query[judged] for judged in judged_set]
        relevance[set_name] = rounded(scores(judgements))
        # The held-out queries' misses are counted, never named: whoever reads the results
        # must not tune on them.
        misses[set_name] = [
            {"query": j.judged.query, "rank": j.rank, "top5": j.top[:5]}
            for j in judgements
            if not j.hit(5) and not j.judged.held_out
        ] + [{"held_out": sum(not j.hit(5) for j in judgements if j.judged.held_out)}]
    tuned = [j for j in everything if not j.judged.held_out]
    held_out = [j for j in everything if j.judged.held_out]
    overall = {
        "all": rounded(scores(everything)),
        "tuned on": rounded(scores(tuned)),
        "held out": rounded(scores(held_out)),
    }
    # Each set's own held-out part: the written-apart set's was never seen by whoever tuned.
    for set_name, judged_set in JUDGED_SETS.items():
        apart = [judged_by_query[j] for j in judged_set if j.held_out]
        if apart and len(apart) < len(held_out):
            overall[f"held out of “{set_name}”"] = rounded(scores(apart))
    kinds = {kind: rounded(found) for kind, found in by_kind(everything).items()}
    held_out_kinds = {kind: rounded(found) for kind, found in by_kind(held_out).items()}
    loads = _crosswalk_load_seconds()
    return {
        "engine": engine,
        "database": _engine_version(),
        "codes": HcpcsCode.objects.count(),
        "setup_seconds": round(load_seconds, 1),
        "repeat": repeat,
        "debug": settings.DEBUG,
        "timings": timings,
        "slowest": slowest,
        "relevance": relevance,
        "relevance_overall": overall,
        "relevance_by_kind": kinds,
        "relevance_held_out_by_kind": held_out_kinds,
        "misses_at_5": misses,
        "crosswalk_load_seconds": {
            "samples": [round(x, 2) for x in loads],
            "median": round(statistics.median(loads), 2),
        },
    }


# ------------------------------------------------------------------------ parent process


def _ensure_database(url: str) -> None:
    """Create the PostgreSQL database if this machine has none of that name yet."""
    import psycopg
    from psycopg import sql

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _run_engine(engine: str, database_url: str, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        if engine == "sqlite":
            database_url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        else:
            _ensure_database(database_url)
        command = [
            sys.executable,
            __file__,
            "--worker",
            engine,
            "--database-url",
            database_url,
            "--repeat",
            str(repeat),
            "--out",
            str(out),
        ]
        subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 - our own script
        return json.loads(out.read_text())


def _verdict(name: str, timing: dict) -> str:
    median, p95 = TARGETS[name]
    ok = timing["median_ms"] < median and timing["p95_ms"] < p95
    return f"{'meets' if ok else 'MISSES'} median < {median:g}, p95 < {p95:g}"


def _markdown(report: dict) -> str:
    lines = [
        "# Search benchmark",
        "",
        f"Run {report['run_at']} on {report['machine']} ({report['cpus']} CPUs, load average "
        f"{' / '.join(map(str, report.get('load_average_at_start', [])))} at the start), Python "
        f"{report['python']}, by `benchmarks/search_bench.py` (see its docstring for the "
        "method). Each engine is measured in its own process with DEBUG off, over "
        f"{report['judged_queries']} judged queries, every URL warmed up once and then "
        f"requested {report['repeat']} times through `django.test.Client`, with the "
        "release-keyed page cache off (`HCPCS_PAGE_CACHE_SECONDS=0`), so every request runs "
        "the search.",
        "",
        "## Speed (milliseconds)",
        "",
        "| engine | request | requests | median | p95 | max | median / trivial view | target |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for result in report["engines"]:
        for name, timing in result["timings"].items():
            target = _verdict(name, timing) if name in TARGETS else ""
            ratio = timing.get("ratio_to_trivial_view", 1.0)
            lines.append(
                f"| {result['database']} | {name} | {timing['requests']} | "
                f"{timing['median_ms']:.2f} | {timing['p95_ms']:.2f} | {timing['max_ms']:.2f} | "
                f"{ratio:.1f}x | {target} |"
            )
    lines += [
        "",
        "The trivial view returns a plain `HttpResponse` through the same middleware; the "
        "trivial page renders `base.html` with no content (the site's header, footer and "
        "context processor). The ratio is each median over the trivial view's median.",
        "",
        "## Relevance (judged queries, default search: active codes, best first)",
        "",
        "Targets: hit@5 >= 0.95 on codes and descriptions (it must not fall with the "
        "vocabulary on), >= 0.9 on drugs and everyday words.",
        "",
        "| engine | judged set | queries | hit@1 | hit@5 | MRR | misses at 5 (tuned-on queries) |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for result in report["engines"]:
        for set_name, rel in result["relevance"].items():
            *named, held_out = result["misses_at_5"][set_name]
            misses = ", ".join(f"`{m['query']}` (rank {m['rank'] or '> 10'})" for m in named)
            if held_out["held_out"]:
                misses += f"{', ' if misses else ''}{held_out['held_out']} held out (not named)"
            misses = misses or "none"
            lines.append(
                f"| {result['database']} | {set_name} | {rel['queries']} | {rel['hit@1']:.3f} | "
                f"{rel['hit@5']:.3f} | {rel['mrr']:.3f} | {misses} |"
            )
    lines += [
        "",
        "### All judged queries, and the held-out fifth",
        "",
        "Targets (issue 17): hit@5 >= 0.92 on every engine, the held-out queries included "
        "(never tuned on: a fifth of tests/search/judged_understanding.py and of "
        "tests/search/judged_fresh.py, chosen by a hash of the text), and no kind below 0.85. "
        "The written-apart set (judged_fresh.py) was written by someone who saw neither the "
        "search code nor the other sets, and its held-out part is reported on its own.",
        "",
        "| engine | queries | count | hit@1 | hit@5 | MRR |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for result in report["engines"]:
        for name, rel in result["relevance_overall"].items():
            lines.append(
                f"| {result['database']} | {name} | {rel['queries']} | {rel['hit@1']:.3f} | "
                f"{rel['hit@5']:.3f} | {rel['mrr']:.3f} |"
            )
    lines += [
        "",
        "### By kind (all queries; held-out hit@5 in the last column)",
        "",
        "| engine | kind | queries | hit@1 | hit@5 | MRR | held out: queries, hit@5 |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for result in report["engines"]:
        held = result["relevance_held_out_by_kind"]
        for kind, rel in result["relevance_by_kind"].items():
            apart = f"{held[kind]['queries']}, {held[kind]['hit@5']:.3f}" if kind in held else ""
            lines.append(
                f"| {result['database']} | {kind} | {rel['queries']} | {rel['hit@1']:.3f} | "
                f"{rel['hit@5']:.3f} | {rel['mrr']:.3f} | {apart} |"
            )
    lines += [
        "",
        "## Loading a quarter's ASP crosswalk (January 2026, 7,125 rows)",
        "",
        f"Read, compare with the quarter before, stage and publish; target under "
        f"{CROSSWALK_LOAD_TARGET_SECONDS:g} s.",
        "",
        "| engine | runs (s) | median (s) | target |",
        "|---|---|---:|---|",
    ]
    for result in report["engines"]:
        load = result["crosswalk_load_seconds"]
        ok = load["median"] < CROSSWALK_LOAD_TARGET_SECONDS
        lines.append(
            f"| {result['database']} | {', '.join(map(str, load['samples']))} | "
            f"{load['median']:.2f} | {'meets' if ok else 'MISSES'} < "
            f"{CROSSWALK_LOAD_TARGET_SECONDS:g} s |"
        )
    lines += ["", "## Slowest requests (median of the repeats)", ""]
    for result in report["engines"]:
        lines.append(f"**{result['database']}**")
        lines.append("")
        for name in ("results page", "typeahead"):
            shown = "; ".join(f"`{s['url']}` {s['median_ms']:.1f}" for s in result["slowest"][name])
            lines.append(f"- {name}: {shown}")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print, do not write results")
    args = parser.parse_args()

    if args.worker:
        result = worker(args.worker, args.database_url, args.repeat)
        Path(args.out).write_text(json.dumps(result))
        return

    engines = ["sqlite", "postgres"] if args.engine == "both" else [args.engine]
    # The judged sets' own modules (tests.search.relevance needs Django, set up in workers).
    from tests.search.judged_fresh import FRESH_JUDGED
    from tests.search.judged_queries import JUDGED
    from tests.search.judged_understanding import UNDERSTANDING_JUDGED
    from tests.search.judged_vocabulary import VOCABULARY_JUDGED

    report = {
        "run_at": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": platform.machine() + " " + platform.system(),
        "cpus": os.cpu_count(),
        # Other work on the machine slows every request alike: compare the ratios then.
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
        "python": platform.python_version(),
        "repeat": args.repeat,
        "judged_queries": len(JUDGED)
        + len(VOCABULARY_JUDGED)
        + len(UNDERSTANDING_JUDGED)
        + len(FRESH_JUDGED),
        "targets_ms": {name: {"median": m, "p95": p} for name, (m, p) in TARGETS.items()},
        "engines": [_run_engine(engine, args.postgres_url, args.repeat) for engine in engines],
    }
    markdown = _markdown(report)
    print(markdown)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "search.json").write_text(json.dumps(report, indent=2) + "\n")
        (RESULTS / "search.md").write_text(markdown + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
