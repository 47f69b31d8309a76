"""NDCs as claims carry them: the N4 qualifier, the 11-digit billing form and the unit of
measure and quantity after it (CMS-1500 item 24's shaded line, the 837's LIN and CTP)."""

from __future__ import annotations

import pytest

from codes.cms.ndc import candidates, looks_like_ndc


@pytest.mark.parametrize(
    "typed",
    [
        "N400006302602 UN1",  # as on the paper claim
        "N400006302602UN1",
        "n4 00006302602 ml2.5",
        "N4*00006302602*UN*1",  # the 837's separators
        "N400006302602",
        "N4 0006-3026-02 UN 2",
    ],
)
def test_the_claim_form_is_read_as_the_billing_form(typed):
    assert looks_like_ndc(typed)
    assert candidates(typed) == ["00006-3026-02"]


@pytest.mark.parametrize("typed", ["N412345", "N4", "UN1", "N4 wheelchair"])
def test_what_is_not_a_claim_form_ndc(typed):
    assert not looks_like_ndc(typed) or candidates(typed) == []


@pytest.mark.usefixtures("bundled")
def test_a_claim_form_ndc_opens_its_code(client):
    response = client.get("/codes/", {"q": "N400006302602 UN1"})
    assert response.status_code == 302
    assert response["Location"] == "/codes/J9271/?ndc=00006-3026-02"
