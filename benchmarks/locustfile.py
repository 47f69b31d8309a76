"""The load mix of benchmarks/load_bench.py, for locust (headless). ``LOAD_PHASE`` picks the
traffic: ``mixed`` (code pages 50%, search 25%, typeahead 20%, API 5%), ``trivial``
(/healthz), ``code`` (one code page, from the cache), ``conditional`` (the same page with
its ETag: 304s) or ``search`` (a results page with a query never asked before: uncached)."""

from __future__ import annotations

import itertools
import os
import random

import urllib3
from locust import HttpUser, constant, task

urllib3.disable_warnings()  # the stack's certificate is self-signed

PHASE = os.environ.get("LOAD_PHASE", "mixed")
CODES = os.environ.get("LOAD_CODES", "Q4390").split(",")
WORDS = [
    "wheelchair",
    "cushion",
    "glucose",
    "monitor",
    "insulin",
    "catheter",
    "oxygen",
    "walker",
    "injection",
    "dressing",
    "prosthetic",
    "orthotic",
    "infusion",
    "pump",
    "battery",
    "mask",
    "lens",
    "brace",
    "splint",
    "ostomy",
    "nebulizer",
    "crutch",
    "bed",
    "seat",
    "strip",
]
TYPED = ["wh", "whee", "gluc", "insu", "cath", "oxyg", "E01", "J92", "Q43", "A00", "L3"]
_unique = itertools.count()


class Visitor(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.verify = False
        if self.host.startswith("http://"):
            # Straight to one instance, as nginx would forward it.
            self.client.headers["X-Forwarded-Proto"] = "https"
        self.etag = ""
        if PHASE == "conditional":
            self.etag = self.client.get(f"/codes/{CODES[0]}/", name="warm").headers["ETag"]

    def _query(self) -> str:
        return " ".join(random.sample(WORDS, 2))

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

    elif PHASE == "search":

        @task
        def search(self) -> None:
            # A word pair and a page number never asked before: never in the cache.
            n = next(_unique)
            self.client.get(
                f"/codes/?q={self._query()}&sort=relevance&status=all&_={os.getpid()}-{n}",
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
