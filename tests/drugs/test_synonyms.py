"""Curated synonyms in the admin: curators edit them with a reason in the audit trail;
empty, self-referring and looping entries are refused and change nothing."""

from __future__ import annotations

import pytest

from codes.drugs.services import synonym_problems
from codes.models import AuditEntry
from codes.models.drugs import Synonym

ADD = "/admin/codes/synonym/add/"


def post(client, **fields):
    data = {"term": "", "expansions": "", "note": "", "active": "on", "reason": "test"}
    data.update(fields)
    return client.post(ADD, data)


def test_a_curator_adds_a_synonym_with_a_reason(curator, as_user, bundled):
    response = post(
        as_user(curator),
        term="Zimmer Frame",
        expansions="walker folding",
        reason="British name of a walking frame",
    )
    assert response.status_code == 302
    synonym = Synonym.objects.get(term="zimmer frame")
    assert synonym.expansion_list == ["walker folding"]
    entry = AuditEntry.objects.get(action="vocabulary")
    assert entry.user == curator and entry.reason == "British name of a walking frame"
    assert entry.new_value == "zimmer frame → walker folding"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"term": "   ", "expansions": "walker"}, "This field is required"),
        ({"term": "rollator", "expansions": "rollator"}, "cannot mean itself"),
        ({"term": "orthosis", "expansions": "brace"}, "This would make a loop: orthosis → brace"),
        ({"term": "brace", "expansions": "x"}, "already a synonym"),
    ],
)
def test_bad_synonyms_are_refused(curator, as_user, bundled, fields, message):
    before = (Synonym.objects.count(), AuditEntry.objects.count())
    response = post(as_user(curator), **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Synonym.objects.count(), AuditEntry.objects.count()) == before


def test_problems_in_plain_words():
    others = {"a": ["b"], "b": ["c"]}
    assert synonym_problems("c", ["a"], others=others) == ["This would make a loop: c → a → b → c."]
    assert synonym_problems("x", [" "], others={}) == [
        "“x” has no meaning: give at least one line of CMS's words."
    ]
    assert synonym_problems("", ["y"], others={}) == ["The term is empty."]
    assert synonym_problems("knee brace", ["knee orthosis"], others={"brace": ["orthosis"]}) == []


def test_an_auditor_reads_but_does_not_edit(auditor, as_user, bundled):
    client = as_user(auditor)
    assert client.get("/admin/codes/synonym/").status_code == 200
    assert post(client, term="zimmer frame", expansions="walker").status_code == 403
