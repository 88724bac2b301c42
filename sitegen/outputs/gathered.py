"""What the site-wide files are made of, gathered page by page (see Gathered)."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from sitegen.engine.cachefiles import Tail
from sitegen.outputs.tabledata import DataTable, Figure
from sitegen.outputs.web import feeds
from sitegen.outputs.web.search import SearchIndex
from sitegen.outputs.web.searchfile import Part, part_of


@dataclass(frozen=True)
class Held:
    """A council's search index, and its tables and figures, each as a pickle, as the
    cache keeps the council whole: read only when a site-wide file made of them is made.
    An edit's build reads none of them for the councils it did not touch (the search index
    is spliced, sitegen/outputs/web/searchfile.py; the tables and figures are read only
    when a data package or the figures file is made again), where reading them was much
    of its time (benchmarks/README.md)."""

    search: bytes
    rest: bytes  # (tables, figures)
    key: str  # the search index's digest (SearchIndex.digest)
    docs: int
    grams: tuple[str, ...]  # sorted
    # search left in the council's record file (sitegen/outputs/web/output.py), read from
    # there only when the index is made again: most of a record's bytes, most builds unread
    stored: Tail | None = None

    def index(self) -> SearchIndex:
        data = self.search or (self.stored.read() if self.stored is not None else b"")
        if not data:
            raise RuntimeError("a council's search part was read after it was let go")
        found = pickle.loads(data)
        assert isinstance(found, SearchIndex)
        return found


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
    # by plan (plan_of), the digests of its tables and of its figures, a digest for each part
    # as it came: what the data packages' keys are made of, kept with a council taken whole
    # so that a build does not look at each of its tables and figures again (folded: the
    # first tables and figures the digests cover; those after them are folded in when asked)
    parts: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    folded: tuple[int, int] = (0, 0)
    held: Held | None = None  # search, tables and figures packed (see Held)
    # the site's (deferred): what is added is kept in order, its tables and figures joined
    # only when asked for (settle), its search index kept in parts (search_parts)
    deferred: bool = False
    later: list[Gathered] = field(default_factory=list)
    settled: int = 0  # later[:settled]'s tables and figures are joined in

    def see(self, text: str) -> None:
        """Note text's characters: the font subset must cover them."""
        assert isinstance(self.chars, set)  # a str only once recorded, and then not added to
        self.chars.update(text)

    def add(self, other: Gathered) -> None:
        assert isinstance(self.chars, set)
        self.chars.update(other.chars)
        self.sitemap += other.sitemap
        self.feed_entries += other.feed_entries
        mine = self.digests()
        for plan, (tables, figures) in other.digests().items():
            into = mine.setdefault(plan, ([], []))
            into[0].extend(tables)
            into[1].extend(figures)
        if self.deferred:  # its digests are in: its tables and figures count as folded when settled
            self.later.append(other)
            return
        other = other.unpacked()
        self.search.join(other.search)
        self.tables += other.tables
        self.figures += other.figures
        self.folded = (len(self.tables), len(self.figures))

    def pack(self) -> Gathered:
        """A copy with its search index (compacted), and its tables and figures, held as pickles."""
        self.digests()
        search, dump = self.search, partial(pickle.dumps, protocol=pickle.HIGHEST_PROTOCOL)
        grams = tuple(sorted(search.postings))
        held = Held(dump(search), dump((self.tables, self.figures)), search.digest(), len(search.docs), grams)
        return replace(self, search=SearchIndex(), tables=[], figures=[], folded=(0, 0), held=held)

    def unpacked(self) -> Gathered:
        if self.held is None:
            return self
        tables, figures = pickle.loads(self.held.rest)
        folded = (len(tables), len(figures))
        return replace(self, search=self.held.index(), tables=tables, figures=figures, folded=folded, held=None)

    def settle(self) -> None:
        """The tables and figures of what was added since the last settle, joined in (the site's,
        deferred: its search index stays in parts, see search_parts)."""
        self.digests()  # any added to this one directly, folded in before those that follow
        for other in self.later[self.settled :]:
            if other.held is not None:
                tables, figures = pickle.loads(other.held.rest)
            else:
                tables, figures = other.tables, other.figures
            self.tables += tables
            self.figures += figures
        self.settled = len(self.later)
        self.folded = (len(self.tables), len(self.figures))  # their digests were taken as they came

    def all_tables(self) -> list[DataTable]:
        self.settle()
        return self.tables

    def all_figures(self) -> list[Figure]:
        self.settle()
        return self.figures

    def search_parts(self) -> list[Part]:
        """The search index in parts, in the order they came (see searchfile.py): what this one
        holds itself, then each one added (deferred), a held one read only if it is written."""
        parts = [part_of(self.search)] if self.search.docs else []
        for other in self.later:
            if (held := other.held) is not None:
                parts.append(Part(held.key, held.docs, held.grams, held.index, other.let_go_of_search))
            else:
                parts.append(part_of(other.search))
        return parts

    def let_go_of_search(self) -> None:
        """Its held search part dropped, once the index is written whole from it: the site keeps
        every council's part until the site-wide files are made, and the cold build's peak
        memory had grown by them (benchmarks/README.md)."""
        if self.held is not None:
            self.held = replace(self.held, search=b"", stored=None)

    def joined_search(self) -> SearchIndex:
        """The whole search index, joined from its parts."""
        if not self.later:
            return self.search
        joined = SearchIndex()
        for part in self.search_parts():
            joined.join(part.index())
        return joined

    def digests(self) -> dict[str, tuple[list[str], list[str]]]:
        """parts, with the tables and figures added since it was last asked for folded in."""
        tables, figures = self.folded
        pending: tuple[list[DataTable] | list[Figure], ...] = (self.tables[tables:], self.figures[figures:])
        for slot, items in enumerate(pending):
            by_plan: dict[str, list[str]] = {}
            for item in items:
                by_plan.setdefault(plan_of(item.page), []).append(repr(item))
            for plan, texts in by_plan.items():
                self.parts.setdefault(plan, ([], []))[slot].append(parts_digest(texts))
        self.folded = (len(self.tables), len(self.figures))
        return self.parts

    def record(self) -> dict[str, Any]:
        """As plain JSON data (dates as ISO text, figures as text), read back by from_record:
        what a shard build leaves for the merge beside its councils' pages, so the merge makes
        the site-wide files without rendering those pages again."""
        whole = self.unpacked()
        tables, figures = whole.all_tables(), whole.all_figures()
        return {
            "search": whole.joined_search().record(),
            "chars": "".join(sorted(whole.chars)),
            "sitemap": [[url, day.isoformat() if day else None] for url, day in whole.sitemap],
            "feed": [[e.url, e.title, e.updated.isoformat(), e.summary, e.author] for e in whole.feed_entries],
            "tables": [[t.path, t.page, t.name, t.title, t.unit, [list(f) for f in t.fields]] for t in tables],
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
                for f in figures
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


def plan_of(page: str) -> str:
    """The plan a page belongs to: a plan's pages are below its url, council/year/."""
    return "/".join(page.split("/")[:2]) + "/"


def parts_digest(parts: Iterable[str]) -> str:
    """A digest of texts, each ended by a NUL (the figures file's parts are every figure): the
    parts joined and hashed in one update, which gives the digest of one update a part in a
    fraction of the time."""
    texts = list(parts)
    joined = "".join(("\0".join(texts), "\0")) if texts else ""
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()
