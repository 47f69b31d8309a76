"""Atom feeds of what published releases changed: every release (``/releases/feed/``), and
one per code section (``/sections/J/feed/``), each entry one release with the codes it
added, changed, terminated (and reactivated, or left out of the file), linking to the
release's page.

The feeds are public pages like any other: the page cache keeps them under the content
version, so a publish (which moves the version) shows in the feed on the next request.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from codes.releases import changelog
from codes.releases.changelog import ReleaseChanges
from codes.releases.review import history_added_words
from codes.search.sections import SECTIONS

SITE_NAME = "HCPCS Level II code lookup"


class ChangesAtomFeed(Atom1Feed):
    """Atom with each entry's list of changes as its ``content`` (HTML, escaped by the
    template and again as XML text), beside the counts as its ``summary``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # Links in the content are relative to the entry's own (absolute) link.
        handler.addQuickElement(
            "content", item["content"], {"type": "html", "xml:base": item["link"]}
        )


def _counts(changes: ReleaseChanges) -> str:
    return ", ".join(f"{kind.count:,} {kind.label.lower()}" for kind in changes.kinds)


def headline(changes: ReleaseChanges) -> str:
    """'2026 October (effective 2026-10-01): 1 added, 2 changed'; a backfill says it added
    history ('history added for 7,196 codes'), not that it added codes today."""
    release = changes.release
    where = f", section {changes.section}" if changes.section else ""
    what = history_added_words(changes.total) if changes.backfill else _counts(changes)
    return f"{release.label}{where} (effective {release.effective_date:%Y-%m-%d}): {what}"


class ReleaseChangesFeed(Feed):
    """Every published release, most recently published first. One instance serves every
    request, so nothing of a request is kept on it: each item carries its section."""

    feed_type = ChangesAtomFeed
    author_name = SITE_NAME
    language = "en"
    title = "HCPCS Level II releases"
    subtitle = "What each CMS HCPCS Level II release published on this site changed."

    def link(self) -> str:
        return reverse("codes:release-list")

    def feed_url(self) -> str:
        return reverse("codes:release-feed")

    def items(self, obj=None) -> list[ReleaseChanges]:
        return changelog.changes_by_release(changelog.feed_releases(), section=obj)

    def item_title(self, item: ReleaseChanges) -> str:
        return headline(item)

    def item_link(self, item: ReleaseChanges) -> str:
        url = item.release.get_absolute_url()
        return f"{url}?{urlencode({'code': item.section})}" if item.section else url

    def item_pubdate(self, item: ReleaseChanges):
        return item.release.published_at

    def item_updateddate(self, item: ReleaseChanges):
        return item.release.published_at

    def item_description(self, item: ReleaseChanges) -> str:
        return render_to_string("codes/feeds/summary.html", {"changes": item})

    def item_extra_kwargs(self, item: ReleaseChanges) -> dict:
        return {"content": render_to_string("codes/feeds/changes.html", {"changes": item})}


class SectionChangesFeed(ReleaseChangesFeed):
    """The changes of each published release within one section (a procedure code's first
    letter); releases that changed nothing there are left out."""

    def get_object(self, request: HttpRequest, letter: str) -> str:
        letter = letter.upper()
        if letter not in SECTIONS:
            raise Http404("No such section")
        return letter

    def title(self, obj: str) -> str:
        return f"HCPCS Level II section {obj}: {SECTIONS[obj]}, changes by release"

    def subtitle(self, obj: str) -> str:
        return f"What each CMS release published on this site changed in section {obj}."

    def link(self, obj: str) -> str:
        return reverse("codes:section", kwargs={"letter": obj})

    def feed_url(self, obj: str) -> str:
        return reverse("codes:section-feed", kwargs={"letter": obj})
