"""The Atom feeds of releases and of each section: valid Atom (RFC 4287), each entry one
published release with its changes, escaped; a new publish shows in them through the page
cache; an unknown section is a 404."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from codes.models import Release
from codes.releases import curation
from codes.releases.services import release_publish, release_stage, state_before
from tests.curation import parsed_from

ATOM = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM}}}"
# RFC 3339 date-time, as RFC 4287 section 3.3 requires (an offset or Z, seconds).
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# The children RFC 4287 allows (4.1.1, 4.1.2); anything else in its namespace is invalid.
FEED_CHILDREN = {
    "author",
    "category",
    "contributor",
    "generator",
    "icon",
    "id",
    "link",
    "logo",
    "rights",
    "subtitle",
    "title",
    "updated",
    "entry",
}
ENTRY_CHILDREN = {
    "author",
    "category",
    "content",
    "contributor",
    "id",
    "link",
    "published",
    "rights",
    "source",
    "summary",
    "title",
    "updated",
}
TEXT_TYPES = {"text", "html", "xhtml"}


def _one(parent: ET.Element, name: str) -> ET.Element:
    found = parent.findall(A + name)
    assert len(found) == 1, f"{parent.tag} must have exactly one atom:{name}, has {len(found)}"
    return found[0]


def _absolute_iri(value: str) -> None:
    parts = urlsplit(value)
    assert parts.scheme and (parts.netloc or parts.scheme == "tag"), f"not an absolute IRI: {value}"


def _date(element: ET.Element) -> None:
    assert RFC3339.fullmatch(element.text or ""), f"not an RFC 3339 date: {element.text!r}"


def _text_construct(element: ET.Element) -> None:
    assert element.get("type", "text") in TEXT_TYPES
    assert (element.text or "").strip(), f"{element.tag} is empty"


def _author(element: ET.Element) -> None:
    assert (_one(element, "name").text or "").strip()


def _links(element: ET.Element) -> dict[str, ET.Element]:
    links = element.findall(A + "link")
    for link in links:
        _absolute_iri(link.get("href", ""))
    alternates = [
        (link.get("type"), link.get("hreflang"))
        for link in links
        if link.get("rel", "alternate") == "alternate"
    ]
    assert len(alternates) == len(set(alternates)), "two alternate links of one type"
    return {link.get("rel", "alternate"): link for link in links}


def atom(response) -> ET.Element:
    """The feed, checked against RFC 4287's rules for feeds and entries (what its RELAX NG
    schema checks, and the rules it leaves to prose: one id/title/updated, an author for
    every entry, at most one alternate link per type, no repeated entry id)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    # Well-formed XML, or this raises (the site's own answer, not untrusted input).
    feed = ET.fromstring(response.content)  # noqa: S314
    assert feed.tag == A + "feed"
    unknown = {child.tag for child in feed} - {A + name for name in FEED_CHILDREN}
    assert not unknown, unknown
    _absolute_iri(_one(feed, "id").text)
    _text_construct(_one(feed, "title"))
    _date(_one(feed, "updated"))
    links = _links(feed)
    assert "alternate" in links and "self" in links
    feed_authors = feed.findall(A + "author")
    for author in feed_authors:
        _author(author)
    ids = []
    for entry in feed.findall(A + "entry"):
        unknown = {child.tag for child in entry} - {A + name for name in ENTRY_CHILDREN}
        assert not unknown, unknown
        ids.append(_one(entry, "id").text)
        _absolute_iri(ids[-1])
        _text_construct(_one(entry, "title"))
        _date(_one(entry, "updated"))
        _date(_one(entry, "published"))
        assert "alternate" in _links(entry)
        authors = entry.findall(A + "author")
        assert authors or feed_authors, "an entry without an author in a feed without one"
        for author in authors:
            _author(author)
        content = _one(entry, "content")
        _text_construct(content)
        assert content.get("src") is None
        _text_construct(_one(entry, "summary"))
    assert len(ids) == len(set(ids)), "repeated entry ids"
    return feed


def entries(feed: ET.Element) -> dict[str, ET.Element]:
    """{entry title up to its first parenthesis: entry}."""
    return {e.find(A + "title").text.split(" (", 1)[0]: e for e in feed.findall(A + "entry")}


def content_of(entry: ET.Element) -> str:
    return entry.find(A + "content").text


def test_the_release_feed_is_atom_with_one_entry_per_published_release(client, bundled):
    feed = atom(client.get("/releases/feed/"))
    assert feed.find(A + "title").text == "HCPCS Level II releases"
    assert feed.find(f"{A}link[@rel='self']").get("href") == "http://testserver/releases/feed/"
    assert feed.find(f"{A}link[@rel='alternate']").get("href") == "http://testserver/releases/"
    by_label = entries(feed)
    assert set(by_label) == set(Release.objects.published().values_list("label", flat=True))
    october = Release.objects.get(label="2025 October")
    entry = by_label["2025 October"]
    link = entry.find(A + "link").get("href")
    assert link == f"http://testserver/releases/{october.pk}/"
    assert "204 added" in entry.find(A + "title").text
    html = content_of(entry)
    assert "<h3>Added: 204</h3>" in html and "<h3>Terminated: 54</h3>" in html
    # Q4390 came in October 2025; its link is relative to the entry's link (xml:base).
    assert '<a href="/codes/Q4390/">Q4390</a>' in html
    assert entry.find(A + "content").get("{http://www.w3.org/XML/1998/namespace}base") == link


def test_a_release_with_thousands_of_changes_names_some_and_links_the_rest(client, bundled):
    first = Release.objects.published().order_by("effective_date").first()
    entry = entries(atom(client.get("/releases/feed/")))[first.label]
    html = content_of(entry)
    added = first.versions.filter(change_type="added", held=False).count()
    assert added > 1000
    assert html.count("<li>") < 1000
    assert f"And {added - 200} more:" in html
    assert f'href="/releases/{first.pk}/?kind=added"' in html


def test_descriptions_are_escaped_in_the_feed(client, curator, draft):
    version = draft.versions.get(code="A4453")
    curation.version_edit(
        version=version,
        values={"short_description": '<i>Rec</i> & "cath"'},
        reason="test",
        user=curator,
    )
    release_publish(release=draft)
    html = content_of(entries(atom(client.get("/releases/feed/")))["2026 October"])
    assert "A4453</a> &lt;i&gt;Rec&lt;/i&gt; &amp; &quot;cath&quot;" in html
    assert "<i>" not in html


def test_a_new_publish_shows_in_the_cached_feed(client, draft):
    first = client.get("/releases/feed/")
    assert "2026 October" not in entries(atom(first))
    assert client.get("/releases/feed/")["X-Cache"] == "hit"
    section = client.get("/sections/E/feed/")
    release_publish(release=draft)
    feed = entries(atom(client.get("/releases/feed/")))
    assert "2026 October" in feed
    html = content_of(feed["2026 October"])
    for code in ("A9998", "A4453", "J9333", "E1130", "A0021"):
        assert f">{code}</a>" in html
    assert "<h3>Terminated: 1</h3>" in html and "<h3>No longer in the file: 1</h3>" in html
    after = client.get("/sections/E/feed/")
    assert "2026 October" not in entries(atom(section))
    e_entry = entries(atom(after))["2026 October, section E"]
    assert ">E1130</a>" in content_of(e_entry) and "A4453" not in content_of(e_entry)
    assert e_entry.find(A + "link").get("href").endswith(f"/releases/{draft.pk}/?code=E")


def test_the_section_feed_lists_only_its_codes(client, bundled):
    feed = atom(client.get("/sections/j/feed/"))
    assert feed.find(A + "title").text.startswith("HCPCS Level II section J: Drugs")
    assert feed.find(f"{A}link[@rel='alternate']").get("href") == "http://testserver/sections/J/"
    for entry in feed.findall(A + "entry"):
        codes = re.findall(r">([A-Z0-9]{2,5})</a>", content_of(entry))
        assert codes and all(code.startswith("J") and len(code) == 5 for code in codes)
        assert ", section J (" in entry.find(A + "title").text
    # An entry's id differs from the same release's in the release feed.
    main = {e.find(A + "id").text for e in atom(client.get("/releases/feed/")).findall(A + "entry")}
    assert not main & {e.find(A + "id").text for e in feed.findall(A + "entry")}


@pytest.mark.parametrize("letter", ["Z", "I", "JJ", "%3Cb%3E", "1"])
def test_an_unknown_section_feed_is_a_404(client, bundled, letter):
    assert client.get(f"/sections/{letter}/feed/").status_code == 404


def test_the_feeds_are_read_in_a_bounded_number_of_queries(
    client, bundled, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        atom(client.get("/releases/feed/"))
    with django_assert_max_num_queries(8):
        atom(client.get("/sections/A/feed/"))


def test_with_nothing_published_the_feeds_are_valid_and_empty(client, empty_codes):
    for url in ("/releases/feed/", "/sections/J/feed/"):
        assert atom(client.get(url)).findall(A + "entry") == []


def test_the_feeds_are_linked_from_the_pages(client, bundled):
    releases = client.get("/releases/").content.decode()
    assert 'href="/releases/feed/" type="application/atom+xml"' in releases
    assert '<link rel="alternate" type="application/atom+xml"' in releases
    section = client.get("/sections/J/").content.decode()
    assert 'href="/sections/J/feed/"' in section
    assert section.count('rel="alternate" type="application/atom+xml"') == 2


def test_a_backfilled_release_says_it_added_history(client, bundled):
    """A release older than the newest one added history for its dates: the feed says so
    rather than that it added codes."""
    day = datetime.date(2026, 2, 1)
    records = [
        {**record, "short_description": "Changed in a backfill"} if code == "E1130" else record
        for code, (record, listed) in sorted(state_before(day).items())
        if listed
    ]
    parsed = parsed_from(records, label="2026 February", effective_date=day)
    release = release_stage(parsed=parsed).release
    release_publish(release=release, allow_out_of_order=True)
    entry = entries(atom(client.get("/releases/feed/")))["2026 February"]
    assert entry.find(A + "title").text.endswith("history added for 1 code")
    assert "A backfill" in content_of(entry)
