"""Machine-readable companions of the site: Atom feed, sitemap, robots.txt, iCalendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr


@dataclass
class Entry:
    url: str  # absolute when the site's host is known, else from the root
    title: str
    updated: date
    summary: str
    author: str


def tag_id(path: str, year: int) -> str:
    """A stable Atom id that survives a move of the site to another host (RFC 4151)."""
    return f"tag:sitegen,{year}:{path}"


def atom(title: str, feed_url: str, site_url: str, entries: list[Entry], generator: str) -> bytes:
    updated = max((e.updated for e in entries), default=date(2000, 1, 1))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ko">',
        f"<title>{escape(title)}</title>",
        f"<id>{tag_id(site_url, 2000)}</id>",
        f'<link rel="self" href={quoteattr(feed_url)}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(site_url)}/>',
        f"<updated>{updated.isoformat()}T00:00:00Z</updated>",
        f"<generator>{escape(generator)}</generator>",
    ]
    for e in sorted(entries, key=lambda e: (e.updated, e.url), reverse=True):
        out += [
            "<entry>",
            f"<title>{escape(e.title)}</title>",
            f"<id>{tag_id(e.url, e.updated.year)}</id>",
            f'<link rel="alternate" type="text/html" href={quoteattr(e.url)}/>',
            f"<updated>{e.updated.isoformat()}T00:00:00Z</updated>",
            f"<author><name>{escape(e.author)}</name></author>",
            f"<summary>{escape(e.summary)}</summary>",
            "</entry>",
        ]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def sitemap(urls: list[tuple[str, date | None]]) -> bytes:
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, modified in urls:
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        out.append(f"<url><loc>{escape(loc)}</loc>{lastmod}</url>")
    out.append("</urlset>")
    return ("\n".join(out) + "\n").encode("utf-8")


def robots(sitemap_url: str | None) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines.append(f"Sitemap: {sitemap_url}")
    return ("\n".join(lines) + "\n").encode("utf-8")


@dataclass
class Event:
    uid: str
    start: date
    end: date  # inclusive last day
    summary: str
    url: str
    description: str = ""


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


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


def calendar(name: str, events: list[Event], stamp: date) -> bytes:
    """An all-day event calendar; DTSTAMP is a content date so builds are reproducible."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sitegen//plans//KO",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_text(name)}",
    ]
    for e in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}",
            f"DTSTAMP:{stamp.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{e.start.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(e.end + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_text(e.summary)}",
            f"URL:{e.url}",
        ]
        if e.description:
            lines.append(f"DESCRIPTION:{_ics_text(e.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(f"{part}\r\n" for line in lines for part in _fold(line)).encode("utf-8")
