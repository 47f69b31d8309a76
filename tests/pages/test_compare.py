"""Comparing a code between any two loaded releases."""

from __future__ import annotations

import pytest

from codes.models import Release

pytestmark = pytest.mark.usefixtures("bundled")


def ids():
    return (
        Release.objects.get(label="2025 January").pk,
        Release.objects.get(label="2025 October").pk,
    )


def test_compare_two_releases_word_by_word(client):
    january, october = ids()
    html = client.get(f"/codes/A6549/compare/?from={january}&to={october}").content.decode()
    assert "3 fields differ between 2025 January and 2025 October" in html
    assert "specified<ins>, for daytime use, each</ins>" in html
    backwards = client.get(f"/codes/A6549/compare/?from={october}&to={january}").content.decode()
    assert "specified<del>, for daytime use, each</del>" in backwards


def test_a_code_not_in_one_release_and_bad_input(client):
    html = client.get("/codes/Q4390/compare/").content.decode()
    assert "Q4390 is not in 2017 January." in html  # the first loaded release, by default
    response = client.get("/codes/A6549/compare/?from=%3Cscript%3E")
    assert response.status_code == 400
    assert "is not a published release" in response.content.decode()
    assert "<script>" not in response.content.decode()
    assert client.get("/codes/NOPE1/compare/").status_code == 404


def test_the_code_page_links_to_the_comparison(client):
    assert "/codes/A6549/compare/" in client.get("/codes/A6549/").content.decode()
