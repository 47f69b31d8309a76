"""The load mix of benchmarks/load_bench.py, for locust (headless). ``LOAD_PHASE`` picks the
traffic: ``mixed`` (code pages 50%, search 25%, typeahead 20%, API 5%), ``trivial``
(/healthz), ``code`` (one code page, from the cache), ``conditional`` (the same page with
its ETag: 304s), ``search`` (the results page for one of the search benchmark's judged word
queries, made unique so it is never in the cache), each client reading its results for
0.5-1.5 s before the next search, as people do; or ``search_saturated``, the same searches
back to back, which measures capacity (latency there is mostly queueing: 16 clients on 2
workers wait for each other)."""

from __future__ import annotations

import itertools
import os
import random
import sys
from pathlib import Path
from urllib.parse import quote_plus

import urllib3
from locust import HttpUser, between, constant, task

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, for tests.search

from tests.search.judged_queries import JUDGED  # noqa: E402
from tests.search.judged_vocabulary import VOCABULARY_JUDGED  # noqa: E402

urllib3.disable_warnings()  # the stack's certificate is self-signed

PHASE = os.environ.get("LOAD_PHASE", "mixed")
CODES = os.environ.get("LOAD_CODES", "Q4390").split(",")
TYPED = ["wh", "whee", "gluc", "insu", "cath", "oxyg", "E01", "J92", "Q43", "A00", "L3"]
# The judged word queries of the search benchmark (tests/search/): what coders and billers
# search for, from "wheelchair cushion" to "keytruda" and "knee brace". Code queries are
# left out: they open the code's page, which the other phases measure.
TYPED_QUERIES = [
    judged.query
    for judged in (*JUDGED, *VOCABULARY_JUDGED)
    if not any(ch.isdigit() for ch in judged.query)
]
_unique = itertools.count()


class Visitor(HttpUser):
    wait_time = between(0.5, 1.5) if PHASE == "search" else constant(0)

    def on_start(self) -> None:
        self.client.verify = False
        if self.host.startswith("http://"):
            # Straight to one instance, as nginx would forward it.
            self.client.headers["X-Forwarded-Proto"] = "https"
        self.etag = ""
        if PHASE == "conditional":
            self.etag = self.client.get(f"/codes/{CODES[0]}/", name="warm").headers["ETag"]

    def _query(self) -> str:
        return quote_plus(random.choice(TYPED_QUERIES))

    if PHASE == "trivial":

        @task
        def health(self) -> None:
            self.client.get("/healthz", name="trivial /healthz")

    elif PHASE == "code":

        @task
        def code(self) -> None:
            self.client.get(f"/codes/{CODES[0]}/", name="code page (cached)")

    elif PHASE == "conditional":

        @task
        def conditional(self) -> None:
            with self.client.get(
                f"/codes/{CODES[0]}/",
                headers={"If-None-Match": self.etag},
                name="code page (304)",
                catch_response=True,
            ) as response:
                if response.status_code == 304:
                    response.success()
                else:
                    response.failure(f"expected 304, got {response.status_code}")

    elif PHASE in {"search", "search_saturated"}:

        @task
        def search(self) -> None:
            # What coders type, with a parameter never sent before: never in the cache.
            n = next(_unique)
            self.client.get(
                f"/codes/?q={self._query()}&_={os.getpid()}-{n}",
                name="search (uncached)",
            )

    else:

        @task(50)
        def code(self) -> None:
            self.client.get(f"/codes/{random.choice(CODES)}/", name="code page")

        @task(25)
        def search(self) -> None:
            self.client.get(f"/codes/?q={self._query()}", name="search")

        @task(20)
        def typeahead(self) -> None:
            self.client.get(f"/autocomplete/?q={random.choice(TYPED)}", name="typeahead")

        @task(5)
        def api(self) -> None:
            if random.random() < 0.5:
                self.client.get(f"/api/v1/codes/{random.choice(CODES)}/", name="api code")
            else:
                self.client.get(f"/api/v1/codes/?q={self._query()}", name="api search")
