"""Machine-readable companions of the site: Atom feed, sitemap, robots.txt, iCalendar.

Each is a theme template (templates/feeds/), so a theme can change one by
path as it changes a page; here is what the formats require whatever the
theme says: entries in order, iCalendar text escaped, lines folded and
ended as RFC 5545 wants.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from jinja2 import Environment


@dataclass
class Entry:
    url: str  # absolute when the site's host is known, else from the root
    title: str
    updated: date
    summary: str
    author: str


@dataclass
class Event:
    uid: str
    start: date
    end: date  # inclusive last day
    summary: str
    url: str
    description: str = ""

    @property
    def day_after_end(self) -> date:
        """DTEND of an all-day event is exclusive."""
        return self.end + timedelta(days=1)


def tag_id(path: str, year: int) -> str:
    """A stable Atom id that survives a move of the site to another host (RFC 4151)."""
    return f"tag:sitegen,{year}:{path}"


def ics_text(value: str) -> str:
    """RFC 5545 3.3.11: backslash, semicolon, comma and newline escaped."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def prepare(env: Environment) -> None:
    """What the feed templates use, added to a renderer's environment."""
    env.globals["tag_id"] = tag_id
    env.filters["ics"] = ics_text


def _text(env: Environment, template: str, **ctx: object) -> str:
    return env.get_template(template).render(**ctx).strip() + "\n"


def atom(env: Environment, title: str, feed_url: str, site_url: str, entries: list[Entry], language: str) -> bytes:
    updated = max((e.updated for e in entries), default=date(2000, 1, 1))
    ordered = sorted(entries, key=lambda e: (e.updated, e.url), reverse=True)
    ctx = {"title": title, "feed_url": feed_url, "site_url": site_url, "language": language}
    return _text(env, "feeds/atom.xml", **ctx, updated=updated, entries=ordered, generator="sitegen").encode("utf-8")


def sitemap(env: Environment, urls: list[tuple[str, date | None]]) -> bytes:
    return _text(env, "feeds/sitemap.xml", urls=urls).encode("utf-8")


def robots(env: Environment, sitemap_url: str | None) -> bytes:
    return _text(env, "feeds/robots.txt", sitemap=sitemap_url).encode("utf-8")


def _fold(line: str) -> list[str]:
    """RFC 5545 3.1: lines of at most 75 octets, continued with a leading space."""
    out: list[str] = []
    current = ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def calendar(env: Environment, name: str, events: list[Event], stamp: date) -> bytes:
    """An all-day event calendar; DTSTAMP is a content date so builds are reproducible."""
    lines = [line for line in _text(env, "feeds/calendar.ics", name=name, events=events, stamp=stamp).splitlines()]
    return "".join(f"{part}\r\n" for line in lines if line.strip() for part in _fold(line)).encode("utf-8")
