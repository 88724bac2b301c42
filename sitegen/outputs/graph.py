"""The dependency graph: which parts of the sources each output was made from.

Every page of the website is made as one unit (the page with its data files,
images and feed or calendar), and while it is made the parts of the sources
it reads are recorded (sitegen/engine/recording.py): an entry's YAML data or its
Markdown body, each theme template, the size of a PDF or EPUB it links to,
an image it copies, and the shape of its council (which plans, programmes
and editions there are, in which order; fixed by folders and lists, so it is
compared as a whole). With them go the inputs every page reads: the site's
config, the theme's strings and sitegen's own code.

The next build into the same output folder takes a unit's files from the
previous build (hard links: no file of a build is ever written into) when
everything it read is as it was and its files are as that build wrote them,
together with what it gave the site-wide files (search entries, characters
for the font, sitemap and feed entries). Everything else is made again. So
an edit of a programme's wording re-renders its page only; an edit of its
title, the pages that show the title; an edit of programme.html, the
programme pages. The site-wide files (search index, feeds, sitemap, fonts)
are always assembled, from the units' recorded parts.

The records are kept per council in the build cache, so councils rendered in
parallel processes each read and write their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.content.entries import CouncilEntry, SiteModel, held_digests
from sitegen.content.packed import body_digest
from sitegen.content.source import text_digest
from sitegen.engine import cachefiles
from sitegen.engine.fingerprint import file_sha256, signature
from sitegen.engine.git import Grouped, Revision, grouped, latest
from sitegen.engine.lookahead import Ahead, records_folder
from sitegen.engine.recording import Read

if TYPE_CHECKING:
    from sitegen.outputs.gathered import Gathered
    from sitegen.outputs.page import Download
    from sitegen.outputs.theme import Theme

ENTRY_PARTS = ("data", "body")  # what an entry's pages read of it (engine/recording.Recorded)
SITE = "_site"  # the scope of the pages that show every council (home, comparison, search)
EPUB = "_epub"  # the e-books


@dataclass
class Record:
    """One unit as last made: what it read and the digests of those parts then (with the base
    digest every page reads), the files it wrote and their signature in the output, and its
    part of the site-wide files."""

    base: str
    reads: tuple[Read, ...]
    digests: tuple[str, ...]
    files: list[str]
    gathered: Gathered | None  # None for outputs that give the site-wide files nothing
    signature: str = ""


def council_shape(council: CouncilEntry) -> str:
    """What a council's pages can see of its structure besides the entries' own data."""
    parts: list[Any] = []
    for plan in council.plans:
        parts.append(plan.url)
        for prog in plan.programmes:
            continues = prog.continues.url if prog.continues else ""
            parts.append((prog.url, prog.chapter, continues, [c.url for c in prog.continued_by]))
    for pub in council.publications:
        parts.append(pub.url)
        for edition in pub.editions:
            parts.append(edition.url)
            for article in edition.articles:
                parts.append(
                    (article.url, [p.url for p in article.related], [[p.url for p in ps] for ps in article.included])
                )
    return text_digest(repr(parts))


class Digests:
    """The current digest of each part of the sources an output can read."""

    def __init__(
        self,
        site: SiteModel,
        theme: Theme,
        downloads: dict[str, dict[str, Download]],
        shaped: Mapping[str, tuple[str, str]] | None = None,
    ):
        """shaped: by council, the shape of the council loaded under a key (CouncilEntry.key) as a
        build before found it: a council of that key has that shape (a walk over every council's
        entries otherwise, on every build; benchmarks/README.md)."""
        self.theme = theme
        self.downloads = downloads
        self.entries: dict[str, Any] = {}
        # councils whose programmes and articles are not indexed yet, by folder: indexed when
        # one under it is first asked for (an edit's build asks for no other council's, which
        # the council cache then never unpickles: entries.KeptApart)
        self.unindexed: dict[str, CouncilEntry] = {}
        for council in site.councils:
            self.entries[council.source.shown] = council
            for plan in council.plans:
                self.entries[plan.source.shown] = plan
            for pub in council.publications:
                self.entries[pub.source.shown] = pub
                for edition in pub.editions:
                    self.entries[edition.source.shown] = edition
            self.unindexed[council.folder] = council
        self.parents = sorted({f[: f.rstrip("/").rfind("/") + 1] for f in self.unindexed})  # councils/, once
        self.held: dict[str, dict[str, tuple[str, str]] | None] = {}  # by folder: entries.held_digests
        shapes: dict[str, str] = {}
        self.shaped: dict[str, tuple[str, str]] = {}  # the same, for the next build
        for c in site.councils:
            known = (shaped or {}).get(c.slug)
            if c.key and known and known[0] == c.key:
                shapes[c.slug] = known[1]
            else:
                shapes[c.slug] = council_shape(c)
            if c.key:
                self.shaped[c.slug] = (c.key, shapes[c.slug])
        councils = repr(list(shapes))  # every page's navigation can list the councils
        self.shapes = {slug: text_digest(councils + shape) for slug, shape in shapes.items()}
        self.shapes[SITE] = text_digest(councils + repr(sorted(shapes.items())))
        self.extra: dict[Read, str] = {}  # digests the build supplies: ("epub", url) → its own inputs'
        self.revisions: Mapping[str, Revision | None] = {}  # plan and edition url → last commit
        # of which, grouped (git.latest): the build assigns revisions whole, never changes them in place
        self.by_folder: tuple[Mapping[str, Revision | None], Grouped] | None = None
        self.memo: dict[Read, str] = {}

    def __call__(self, read: Read) -> str:
        if read not in self.memo:
            self.memo[read] = self.find(*read)
        return self.memo[read]

    def same(self, pairs: Iterable[tuple[Read, str]]) -> bool:
        """Whether each read has the digest beside it, as __call__ would give it: in one loop,
        not a call each (an edit's build compares a big site's records' tens of thousands of
        reads; benchmarks/README.md)."""
        memo, find = self.memo, self.find
        for read, digest in pairs:
            now = memo.get(read)
            if now is None:  # not asked yet (find gives a str for every read)
                now = memo[read] = find(*read)
            if now != digest:
                return False
        return True

    def unindexed_council(self, name: str) -> str | None:
        """The folder of the not yet indexed council that name would be under, if any: one
        look-up by its folder's name (councils lie side by side)."""
        for parent in self.parents:
            if name.startswith(parent) and (cut := name.find("/", len(parent))) > 0:
                folder = name[: cut + 1]
                return folder if folder in self.unindexed else None
        return None

    def entry(self, name: str) -> Any:
        """The entry whose source is shown as name, or None."""
        if (found := self.entries.get(name)) is not None or not self.unindexed:
            return found
        if (folder := self.unindexed_council(name)) is None:
            return None
        council = self.unindexed.pop(folder)
        for plan in council.plans:
            self.entries.update((p.source.shown, p) for p in plan.programmes)
        for pub in council.publications:
            for edition in pub.editions:
                self.entries.update((a.source.shown, a) for a in edition.articles)
        return self.entries.get(name)

    def entry_digest(self, kind: str, name: str) -> str:
        """An entry's data or body digest; of a council whose programmes and articles the
        council cache still holds apart, as it kept them (none unpickled: the site-wide pages
        read every programme, and an edit's build asks again of each)."""
        if name not in self.entries and self.unindexed:
            folder = self.unindexed_council(name)
            if folder is not None and folder not in self.held:  # asked of each council once
                self.held[folder] = held_digests(self.unindexed[folder])
            if folder is not None and (held := self.held[folder]) is not None:
                found = held.get(name)
                return (found[0] if kind == "data" else found[1]) if found else "-"
        entry = self.entry(name)
        if entry is None:
            return "-"
        return entry.source.digest if kind == "data" else body_digest(entry)

    def find(self, kind: str, name: str) -> str:
        if kind in ENTRY_PARTS:
            return self.entry_digest(kind, name)
        if kind == "shape":
            return self.shapes.get(name, "-")
        if kind == "template":
            path = self.theme.template(name)
            return f"{path}\0{file_digest(path)}" if path else "-"
        if kind == "download":
            url, _, fmt = name.rpartition("#")
            d = self.downloads.get(url, {}).get(fmt)
            return f"{d.path}\0{d.size_text()}" if d else "-"  # pages show the size rounded
        if kind == "file":
            return file_digest(Path(name))
        if kind == "revision":  # the day a page says its sources last changed (WebRenderer.last_changed)
            if self.by_folder is None or self.by_folder[0] is not self.revisions:
                self.by_folder = (self.revisions, grouped(self.revisions))
            found = latest(self.revisions, name, self.by_folder[1])
            # the day only, as the page shows it: the day's later commits (each a push a CI job
            # builds) make again only the pages that show what they changed
            return found.date[:10] if found else "-"
        if kind == "commit":  # the whole revision, as build-info names it: commit, author, uncommitted edits
            # the folder's own ("" is content/ as a whole: latest() would give the newest plan's)
            found = self.revisions[name] if name in self.revisions else latest(self.revisions, name)
            return f"{found.commit}\0{found.date}\0{found.author}\0{found.dirty}" if found else "-"
        if (kind, name) in self.extra:
            return self.extra[(kind, name)]
        raise ValueError(f"unknown kind of read: {kind}")


def file_digest(path: Path) -> str:
    found = file_sha256(path)
    return "-" if found is None else found[:16].hex()


class Graph:
    def __init__(
        self,
        digests: Digests,
        base: str,
        previous: Path,
        cache: Path,
        trusted: bool = False,
        memo: cachefiles.Memo | None = None,
    ):
        self.digests = digests
        self.memo = memo  # the preview's: records stay in memory between builds
        # the previous build's files are as the records say (the preview's own folder, written
        # over in place by this process after a build that succeeded): no stat of each
        self.trusted = trusted
        self.base = base  # what every page reads: config, strings, code, options
        self.previous = previous  # the output folder this build replaces
        self.folder = records_folder(cache, previous)
        # the look at the previous build's files begun before the load, if any (lookahead.py)
        self.ahead: Ahead | None = None

    def unchanged(self, record: Record) -> bool:
        """Whether every part the record's unit read is as it was (compared part by part,
        not hashed: this runs for every page of the site on every build)."""
        if getattr(record, "base", None) != self.base:  # or a record of another sitegen's making
            return False
        return self.digests.same(zip(record.reads, record.digests, strict=True))

    def still(self, base: str, reads: dict[Read, str], own: str = "") -> bool:
        """Whether parts read with these digests (a whole council's, see build.Rendered) are as
        they were: one comparison per distinct part, not one per page that read it. own: the
        folder of entries known to be as they were (a council loaded as its pages were made
        from it), whose data and bodies are not compared."""
        if base != self.base:
            return False
        if own:
            return self.digests.same(
                (read, known)
                for read, known in reads.items()
                if not (read[0] in ENTRY_PARTS and read[1].startswith(own))
            )
        return self.digests.same(reads.items())

    def scope(self, name: str) -> Scope:
        return Scope(self, name)


class Scope:
    """The units of one council (or of the site-wide pages): the records the last build
    left, and the ones this build makes or keeps."""

    def __init__(self, graph: Graph, name: str):
        self.graph = graph
        self.name = name
        self.path = graph.folder / f"{name}.pickle"
        self.known: dict[str, Record] = cachefiles.load(self.path, graph.memo) or {}
        self.now: dict[str, Record] = {}
        self.made: list[str] = []

    def shape(self) -> Read:
        return ("shape", self.name)

    def reusable(self, uid: str) -> Record | None:
        known = self.known.get(uid)
        if (
            known
            and self.graph.unchanged(known)
            and (self.graph.trusted or known.signature == signature(self.graph.previous, known.files))
        ):
            self.now[uid] = known
            return known
        return None

    def add(self, uid: str, reads: set[Read], files: list[str], gathered: Gathered | None) -> None:
        ordered = tuple(sorted({*reads, self.shape()}))
        digests = tuple(self.graph.digests(read) for read in ordered)
        self.now[uid] = Record(self.graph.base, ordered, digests, files, gathered)
        self.made.append(uid)

    def save(self, root: Path) -> None:
        """Remember this build's units, with their files as written under root."""
        if not self.made and self.now.keys() == self.known.keys():
            return  # the records as they are: every unit taken, its files linked unchanged
        for uid in self.made:
            self.now[uid].signature = signature(root, self.now[uid].files)
        cachefiles.dump(self.path, self.now, self.graph.memo)

    def read(self) -> dict[Read, str] | None:
        """Every part this build's units read, with its digest (None if the units disagree)."""
        found: dict[Read, str] = {}
        for record in self.now.values():
            if record.base != self.graph.base:
                return None
            for read, digest in zip(record.reads, record.digests, strict=True):
                if found.setdefault(read, digest) != digest:
                    return None
        return found
