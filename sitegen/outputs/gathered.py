"""What the site-wide files are made of, gathered page by page (see Gathered)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
