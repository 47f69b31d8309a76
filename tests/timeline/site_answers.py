"""Asking the site what the oracle knows: the validate API, the detail API with ``as_of`` and
FHIR's ``$batch-validate-code``, each answer compared with the oracle's reading and with the
file it cites. Every function returns a list of disagreements, each a sentence naming the
code, the day, what was expected (with the oracle's reasoning) and what the site said."""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Iterable

from tests.timeline.oracle import UNKNOWN, Expected, Oracle

CHUNK = 10_000  # the validate API's and $batch-validate-code's limit per request
FHIR_SYSTEM = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
CORRECTIONS = "data/corrections.json"


def releases_by_label(oracle: Oracle) -> dict:
    """{the site's release label: the oracle's file}, matched by effective date; the site must
    have published exactly the bundled files."""
    from codes.models import Release

    published = dict(Release.objects.published().values_list("label", "effective_date"))
    by_day = {f.day: f for f in oracle.files}
    assert sorted(published.values()) == sorted(by_day), (
        f"published releases {sorted(published.values())} are not the bundled files "
        f"{sorted(by_day)}"
    )
    return {label: by_day[day] for label, day in published.items()}


def _citation(oracle: Oracle, expected: Expected, cited_file, named: str | None) -> list[str]:
    """What is wrong with the release an answer names (``cited_file``: the oracle's file for
    it, None when the answer names none; ``named``: what the answer said)."""
    if expected.status == UNKNOWN:
        return [] if named is None else [f"cites {named!r} for a code no file lists"]
    if cited_file is None:
        return [f"cites {named!r}, not a published release"]
    problems = []
    if not oracle.lists(cited_file.day, expected.code):
        problems.append(f"cites {cited_file.name}, whose file does not list {expected.code}")
    if cited_file != expected.cited:
        problems.append(f"cites {cited_file.name}, the reading cites {expected.cited.name}")
    return problems


def _say(expected: Expected, api: str, problems: Iterable[str], got: str) -> str:
    return (
        f"{api}: {expected.code} on {expected.day}: expected {expected.status}; got {got}; "
        f"{'; '.join(problems)}. Oracle: {expected.reasoning}"
    )


def check_validate(client, oracle: Oracle, pairs: list[tuple], *, seed: int = 6) -> list[str]:
    """POST /api/v1/validate/ with every pair, in chunks; a tenth of the lines also carry a
    modifier, checked on the same day."""
    labels = releases_by_label(oracle)
    rng = random.Random(seed)
    modifiers = [c for c in oracle.codes if oracle.histories[c].rows[0].recid == "7"]
    lines = []
    for number, (code, day) in enumerate(pairs):
        line = {"code": code, "date": day.isoformat(), "id": str(number)}
        if rng.random() < 0.1:
            line["modifiers"] = [rng.choice([*modifiers, "DA", "AC", "Z9"])]
        lines.append(line)
    problems = []
    for start in range(0, len(lines), CHUNK):
        chunk = lines[start : start + CHUNK]
        response = client.post(
            "/api/v1/validate/", {"lines": chunk}, content_type="application/json"
        )
        assert response.status_code == 200, response.content[:300]
        results = response.json()["results"]
        assert [r["id"] for r in results] == [line["id"] for line in chunk]
        for line, result in zip(chunk, results):
            day = datetime.date.fromisoformat(line["date"])
            expected = oracle.expect(line["code"], day)
            wrong = []
            mods = [oracle.expect(m, day) for m in line.get("modifiers", [])]
            valid = expected.valid and all(m.valid for m in mods)
            if result["status"] != expected.status or result["valid"] != valid:
                wrong.append(f"status {result['status']}, valid {result['valid']}")
            named = result["release"]
            wrong += _citation(oracle, expected, labels.get(named), named)
            for mod, got in zip(mods, result["modifiers"]):
                if got["status"] != mod.status:
                    wrong.append(
                        f"modifier {mod.code}: expected {mod.status}, got {got['status']} "
                        f"({mod.reasoning})"
                    )
            if wrong:
                problems.append(_say(expected, "validate", wrong, result["message"]))
    return problems


def _plain(add: str | None, term: str | None, day: datetime.date) -> str:
    if term and day > datetime.date.fromisoformat(term):
        return "terminated"
    if add and day < datetime.date.fromisoformat(add):
        return "not_yet_effective"
    return "active"


def _corrected() -> set[tuple[str, str]]:
    """(file name, code) of the curators' corrections bundled beside the files."""
    from tests.timeline.oracle import ROOT

    document = json.loads((ROOT / CORRECTIONS).read_text())
    return {(c["file"], c["code"]) for c in document["corrections"]}


def check_detail(client, oracle: Oracle, pairs: list[tuple]) -> list[str]:
    """GET /api/v1/codes/<code>/?as_of= for each pair: the answer, the release it cites, and
    the record shown beside it (the cited file's dates and description; its ADD DT and
    TERM DT say the same status, or a note explains why not)."""
    labels = releases_by_label(oracle)
    corrected = _corrected()
    problems = []
    for number, (code, day) in enumerate(pairs):
        expected = oracle.expect(code, day)
        # One client address per 200 requests keeps under the anonymous rate limit.
        address = f"10.21.{number // 200}.1"
        response = client.get(f"/api/v1/codes/{code}/?as_of={day}", REMOTE_ADDR=address)
        if expected.status == UNKNOWN:
            if response.status_code != 404:
                problems.append(_say(expected, "detail", ["not a 404"], response.status_code))
            continue
        if response.status_code != 200:
            problems.append(_say(expected, "detail", ["not a 200"], response.status_code))
            continue
        data = response.json()
        wrong = []
        if data["status"] != expected.status or data["valid"] != expected.valid:
            wrong.append(f"status {data['status']}, valid {data['valid']}")
        wrong += _citation(oracle, expected, labels.get(data["release"]), data["release"])
        row = expected.cited_row
        shown = (data["add_dt"], data["act_eff_dt"], data["term_dt"])
        if shown != tuple(d.isoformat() if d else None for d in (row.add, row.act, row.term)):
            wrong.append(f"shows ADD DT, ACT EFF DT, TERM DT {shown}, not the cited file's")
        if (expected.cited.path.name, code) not in corrected:
            description = " ".join(data["long_description"].split())
            if description != row.description:
                wrong.append(f"shows a description that is not the cited file's: {description!r}")
        plain = _plain(data["add_dt"], data["term_dt"], day)
        if plain != data["status"] and not data["notes"]:
            wrong.append(f"its record's dates say {plain} and no note explains why not")
        if wrong:
            problems.append(_say(expected, "detail", wrong, f"{data['message']!r}"))
    return problems


def check_fhir(client, oracle: Oracle, pairs: list[tuple]) -> list[str]:
    """CodeSystem/$batch-validate-code with every pair, in chunks: ``result``, and the version
    each result speaks for (the cited release, YYYY-MM)."""
    by_version = {f"{f.day:%Y-%m}": f for f in oracle.files}
    problems = []
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        parameters = [{"name": "url", "valueUri": FHIR_SYSTEM}]
        for code, day in chunk:
            inputs = [{"name": "code", "valueCode": code}, {"name": "date", "valueDate": f"{day}"}]
            resource = {"resourceType": "Parameters", "parameter": inputs}
            parameters.append({"name": "validation", "resource": resource})
        body = json.dumps({"resourceType": "Parameters", "parameter": parameters})
        response = client.post(
            "/fhir/CodeSystem/$batch-validate-code", data=body, content_type="application/fhir+json"
        )
        assert response.status_code == 200, response.content[:300]
        outputs = json.loads(response.content)["parameter"]
        assert len(outputs) == len(chunk)
        for (code, day), output in zip(chunk, outputs):
            expected = oracle.expect(code, day)
            found = {p["name"]: p for p in output["resource"]["parameter"]}
            result = found["result"]["valueBoolean"]
            message = found.get("message", {}).get("valueString", "")
            wrong = []
            if result != expected.valid:
                wrong.append(f"result {result}")
            if expected.status != UNKNOWN:
                version = found.get("version", {}).get("valueString")
                wrong += _citation(oracle, expected, by_version.get(version), version)
            if wrong:
                problems.append(_say(expected, "FHIR", wrong, repr(message)))
    return problems


def report(problems: list[str], what: str) -> str:
    shown = "\n".join(problems[:20])
    return f"{len(problems)} disagreements with the oracle ({what}); the first 20:\n{shown}"
