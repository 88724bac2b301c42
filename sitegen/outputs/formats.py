"""Outputs as a registry: each says its name, which outputs it reads, what it writes.

The build makes the outputs site.yaml names, each after the ones it reads
(the web pages link to the PDFs and e-books with their sizes; the e-book's
page list comes from the PDF's pages), passing one BuildContext from output
to output. sitegen's own are web, pdf and epub; a package adds one through
the entry point group "sitegen.outputs" (sitegen/engine/plugins.py). An
output made of units (one file or a few per plan or edition) uses
Format.units, which takes an unchanged unit from the previous build, writes
only the shard's units in `build --shard I/N` and takes a shard's as they
are in `merge`: a new output gets caching and sharding without code of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from sitegen.content.entries import CouncilEntry, SiteModel, kept_len
from sitegen.engine import recording
from sitegen.engine.git import Revision
from sitegen.engine.plugins import output_entry_points, outputs_named
from sitegen.engine.writer import Link, Output
from sitegen.outputs.graph import Graph
from sitegen.outputs.markdown import MarkdownCache
from sitegen.outputs.page import Download, File
from sitegen.outputs.theme import Theme


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    def has(self, owners: dict[str, int], url: str) -> bool:
        """Whether this shard makes the units at url (owners: Shard.councils): a council's
        pages, and its plans' and newsletters' files, all in one shard (a page shows the size
        of its PDF, so they are made together); a unit of no council in the first."""
        return owners.get(url.split("/", 1)[0], 1) == self.index

    def councils(self, site: SiteModel) -> dict[str, int]:
        """Each council's shard: the heaviest first, each to the shard with least so far. A
        council weighs its pages and, where the site makes them, its PDFs and e-books (a plan's
        booklet takes as long as some twenty pages)."""
        heavy = 20 if {"pdf", "epub"} & set(site.config.outputs) else 0

        def weight_of(c: CouncilEntry) -> int:
            editions = [e for p in c.publications for e in p.editions]
            pages = 1 + sum(1 + kept_len(p, "programmes") for p in c.plans)
            pages += sum(1 + kept_len(e, "articles") for e in editions)
            return pages + heavy * (len(c.plans) + len(editions))

        weight = {c.slug: weight_of(c) for c in site.councils}
        load = [0] * self.count
        owner = {}
        for slug in sorted(weight, key=lambda s: -weight[s]):  # sorted() is stable: ties in the site's order
            lightest = load.index(min(load))
            owner[slug] = lightest + 1
            load[lightest] += weight[slug]
        return owner


@dataclass
class Made:
    """What outputs made that later ones read."""

    # page url → its files by kind ("pdf", "epub"): the pages link to them with their sizes
    downloads: dict[str, dict[str, Download]] = field(default_factory=dict)
    # a PDF's page url → per printed page, the anchors that begin on it (the e-book's page list)
    anchors: dict[str, list[list[str]]] = field(default_factory=dict)
    # output name → what this shard made, for `merge` (the shard's manifest)
    sharded: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # the preview's files made only when asked for (the search index)
    on_request: dict[str, Callable[[], bytes]] = field(default_factory=dict)


@dataclass
class BuildContext:
    """One build, as every output sees it: settings, the theme, caches and what others made."""

    site: SiteModel
    theme: Theme
    output: Output  # the folder being written (staged, or the preview's in place)
    graph: Graph  # what each unit read last time (sitegen/outputs/graph.py)
    cache: Path
    revisions: dict[str, Revision | None]
    shard: Shard | None = None
    # output name → unit → its files a shard made (merge): written as they are
    premade: dict[str, dict[str, list[tuple[str, Path]]]] = field(default_factory=dict)
    markdown: MarkdownCache = field(default_factory=lambda: MarkdownCache(None))  # rendered before, kept
    preview: bool = False  # sitegen serve: fonts cut broadly, the search index made when asked
    parallel: bool = True  # workers may be forked (not in the preview's later builds)
    # what an output keeps between the preview's builds, by output name (the web: each council's pages)
    memory: dict[str, Any] | None = None
    made: Made = field(default_factory=Made)
    last_deploy: dict[str, Any] | None = None  # the hooks' deploy before this one: its outcome
    owners: dict[str, int] = field(default_factory=dict)  # council slug → its shard (Shard.councils)

    def ours(self, url: str) -> bool:
        """Whether this build makes the units at url (a council's, a plan's, an edition's)."""
        if self.shard is None:
            return True
        if not self.owners:
            self.owners = self.shard.councils(self.site)
        return self.shard.has(self.owners, url)


class Format:
    """An output: what `outputs: [...]` names. Subclasses set the class attributes and make()."""

    name: ClassVar[str]
    reads: ClassVar[tuple[str, ...]] = ()  # outputs whose results it uses, made first when the site makes them
    writes: ClassVar[str] = ""  # what it writes, in a few words (sitegen fields, CONTRIBUTING.md)
    sharded: ClassVar[bool] = False  # split between shards (build --shard); else made by the merge

    def __init__(self, ctx: BuildContext):
        self.ctx = ctx

    def make(self) -> None:
        raise NotImplementedError

    @classmethod
    def adopt(cls, cache: Path, shard: Path, records: list[dict[str, Any]]) -> dict[str, list[tuple[str, Path]]]:
        """For merge: the units a shard made (as Format.units recorded them), taken as they are."""
        return {r["url"]: [(rel, shard / rel) for rel in r["files"]] for r in records}

    def units(self, made: Iterable[tuple[str, Callable[[], list[File]]]]) -> Iterator[tuple[str, list[str]]]:
        """Each unit's files written: a shard's as it made them; one whose reads are unchanged
        since the last build, linked from it; the rest made while what they read is recorded.
        made: (unit, how to make its files), a unit being a plan's or an edition's url or
        below it. Yields each unit with its files."""
        ctx = self.ctx
        scope = ctx.graph.scope(f"_{self.name}")
        premade = ctx.premade.get(self.name, {})
        done = ctx.made.sharded.setdefault(self.name, [])
        for uid, make in made:
            if not ctx.ours(uid):
                continue
            ctx.graph.digests.extra.setdefault((self.name, uid), "")  # an output may add inputs of its own
            if uid in premade:
                rels = [rel for rel, _ in premade[uid]]
                for rel, path in premade[uid]:
                    ctx.output.write(rel, path)
            elif known := scope.reusable(uid):
                rels = known.files
                for rel in rels:
                    ctx.output.write(rel, Link(ctx.graph.previous / rel))
            else:
                with recording.recording() as seen:
                    recording.read(self.name, uid)
                    files = make()
                rels = [rel for rel, _ in files]
                for rel, data in files:
                    ctx.output.write(rel, data)
                scope.add(uid, seen, rels, None)
            done.append({"url": uid, "files": rels})
            yield uid, rels
        scope.save(ctx.output.root)


def registry() -> dict[str, type[Format]]:
    """Every output sitegen and the installed packages offer, by name (each imported)."""
    return {name: _format(ep.value, ep.load()) for name, ep in output_entry_points().items()}


def _format(value: str, cls: object) -> type[Format]:
    if not (isinstance(cls, type) and issubclass(cls, Format)):
        raise TypeError(f"{value}: not a sitegen.outputs.formats.Format")
    return cls


def in_order(names: Iterable[str]) -> list[type[Format]]:
    """The named outputs, each after those it reads (that the site makes too), else as named."""
    chosen = {name: _format(value, cls) for name, (value, cls) in outputs_named(names).items()}
    ordered: list[type[Format]] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        cls = chosen[name]
        if cls in ordered:
            return
        if name in path:
            raise ValueError(f"outputs read each other: {' → '.join((*path, name))}")
        for needed in cls.reads:
            if needed in chosen:
                visit(needed, (*path, name))
        ordered.append(cls)

    for name in chosen:  # sitegen's own first, then the packages' by name
        visit(name, ())
    return ordered
