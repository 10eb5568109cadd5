"""The Atom feed of story updates, written with ElementTree (which escapes every value)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from urllib.parse import urljoin

from markupsafe import Markup

from .models import Story
from .types import PartialDate

ATOM = "http://www.w3.org/2005/Atom"


def timestamp(day: PartialDate) -> str:
    """An RFC 3339 time for a day (Atom needs a time; midnight UTC stands for the day)."""
    return f"{day}T00:00:00Z"


def atom_feed(stories: Sequence[Story], site_url: str, site_name: str, author: str) -> bytes:
    """One entry per story, dated by its last update, with its update log and corrections."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", f"{site_name}: story updates")
    _text(feed, "id", urljoin(site_url, "feed.xml"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=urljoin(site_url, "feed.xml"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=site_url)
    newest = max((story.last_updated for story in stories), default=None)
    _text(feed, "updated", timestamp(newest) if newest else "1970-01-01T00:00:00Z")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", author)
    for story in stories:
        feed.append(_entry(story, urljoin(site_url, f"{story.slug}/"), author))
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _entry(story: Story, url: str, author: str) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "title", story.title)
    _text(entry, "id", url)
    ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
    _text(entry, "published", timestamp(story.published))
    _text(entry, "updated", timestamp(story.last_updated))
    _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", author)
    ET.SubElement(entry, f"{{{ATOM}}}category", term=story.label)
    _text(entry, "summary", story.standfirst).set("type", "text")
    _text(entry, "content", str(update_log_html(story))).set("type", "html")
    return entry


def update_log_html(story: Story) -> Markup:
    """The corrections and the update log as escaped HTML (the feed then escapes it again, as Atom requires)."""
    items = [
        Markup("<li><strong>Correction</strong> ({}): {}</li>").format(c.date.display(), c.text)
        for c in story.corrections
    ]
    items += [Markup("<li>{}: {}</li>").format(u.date.display(), u.text) for u in story.updates]
    items.append(Markup("<li>{}: First published.</li>").format(story.published.display()))
    return Markup("<p>{}</p><ul>{}</ul>").format(story.standfirst, Markup("").join(items))


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element
