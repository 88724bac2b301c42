"""What the site-wide files are made of, gathered page by page (see Gathered)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sitegen.outputs.tabledata import DataTable, Figure
from sitegen.outputs.web import feeds
from sitegen.outputs.web.search import SearchIndex


@dataclass
class Gathered:
    """What the site-wide files are made of, gathered page by page: the search index,
    the characters the font subset needs, the sitemap, the feed's newsletter entries, the
    tables the data packages list and their figures.
    Renderers in other processes send theirs back to be added in the site's order."""

    search: SearchIndex = field(default_factory=SearchIndex)
    chars: set[str] | str = field(default_factory=set)  # a str once recorded: one object, not hundreds
    sitemap: list[tuple[str, date | None]] = field(default_factory=list)
    feed_entries: list[feeds.Entry] = field(default_factory=list)
    tables: list[DataTable] = field(default_factory=list)  # every table's CSV, for the data packages
    figures: list[Figure] = field(default_factory=list)  # every figure, for the site-wide file of them

    def see(self, text: str) -> None:
        """Note text's characters: the font subset must cover them."""
        assert isinstance(self.chars, set)  # a str only once recorded, and then not added to
        self.chars.update(text)

    def add(self, other: Gathered) -> None:
        self.search.join(other.search)
        assert isinstance(self.chars, set)
        self.chars.update(other.chars)
        self.sitemap += other.sitemap
        self.feed_entries += other.feed_entries
        self.tables += other.tables
        self.figures += other.figures

    def record(self) -> dict[str, Any]:
        """As plain JSON data (dates as ISO text, figures as text), read back by from_record:
        what a shard build leaves for the merge beside its councils' pages, so the merge makes
        the site-wide files without rendering those pages again."""
        return {
            "search": self.search.record(),
            "chars": "".join(sorted(self.chars)),
            "sitemap": [[url, day.isoformat() if day else None] for url, day in self.sitemap],
            "feed": [[e.url, e.title, e.updated.isoformat(), e.summary, e.author] for e in self.feed_entries],
            "tables": [[t.path, t.page, t.name, t.title, t.unit, [list(f) for f in t.fields]] for t in self.tables],
            # an int as a JSON number, a Decimal as its text: each read back as it was
            "figures": [
                [
                    f.page,
                    f.table,
                    f.row,
                    f.column,
                    f.value if isinstance(f.value, int) else str(f.value),
                    f.unit,
                    f.note,
                ]
                for f in self.figures
            ],
        }

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Gathered:
        return cls(
            search=SearchIndex.from_record(data["search"]),
            chars=set(data["chars"]),
            sitemap=[(url, date.fromisoformat(day) if day else None) for url, day in data["sitemap"]],
            feed_entries=[feeds.Entry(u, t, date.fromisoformat(d), s, a) for u, t, d, s, a in data["feed"]],
            tables=[DataTable(p, g, n, t, u, tuple((c, k) for c, k in f)) for p, g, n, t, u, f in data["tables"]],
            figures=[
                Figure(p, t, r, c, v if isinstance(v, int) else Decimal(v), u, n)
                for p, t, r, c, v, u, n in data["figures"]
            ],
        )
