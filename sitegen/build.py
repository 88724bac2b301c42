"""render → write: turns a validated SiteModel into the output folder.

PDFs are made first (in parallel, from the cache where nothing changed), so
the web pages can link to them with their sizes; then the web pages. All of
it is written into a staging folder that replaces the old build only when
everything succeeded.

Sharding spreads the heavy outputs over machines: `build --shard I/N` makes
only the PDFs and EPUBs of every N-th plan or edition (in the site's order),
with a manifest; `merge` puts the shards' PDFs into the cache and their EPUBs
beside it and builds as usual, so nothing is typeset twice and the result is
the unsharded build, byte for byte.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.content.entries import CouncilEntry, EditionEntry, SiteModel
from sitegen.content.packed import close_all
from sitegen.content.schema import schemas
from sitegen.content.source import text_digest
from sitegen.engine import recording
from sitegen.engine.fingerprint import PACKAGE, PACKAGE_THEMES, fingerprint
from sitegen.engine.git import Revision, revision
from sitegen.engine.progress import Progress
from sitegen.engine.recording import Read
from sitegen.engine.workers import pool as workers_pool
from sitegen.engine.writer import Link, Output, in_place, staged
from sitegen.messages import text
from sitegen.outputs import markdown
from sitegen.outputs.gathered import Gathered
from sitegen.outputs.graph import EPUB, SITE, Digests, Graph, file_digest
from sitegen.outputs.page import Download
from sitegen.outputs.theme import Theme
from sitegen.outputs.web.pages import WebRenderer

if TYPE_CHECKING:
    from sitegen.outputs.pdf.typeset import Result

MANIFEST = "sitegen-shard.json"


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    def has(self, site: SiteModel, url: str) -> bool:
        """Whether this shard makes the PDF and EPUB of the plan or edition at url."""
        heavy = [p.url for p in site.all_plans()] + [e.url for e in site.all_editions()]
        return heavy.index(url) % self.count == self.index - 1


def theme_dirs(site: SiteModel, theme: Path | None) -> list[Path]:
    """Theme folders, most specific first: a site's own theme overrides by path."""
    dirs = []
    if theme:
        dirs.append(theme)
    local = site.root.parent / "themes" / site.config.theme
    if local.is_dir():
        dirs.append(local)
    default = PACKAGE_THEMES / "default"
    if default.resolve() not in [d.resolve() for d in dirs]:
        dirs.append(default)
    return dirs


def source_revisions(site: SiteModel) -> dict[str, Revision | None]:
    """Per plan and edition page: the last commit of its sources (named in colophons)."""
    folders = [(p.url, p.source.path.parent) for p in site.all_plans()]
    folders += [(e.url, e.source.path.parent) for e in site.all_editions()]
    return {url: revision(folder) for url, folder in folders}


def printed(
    site: SiteModel, theme: Theme, cache: Path, revisions: dict[str, Revision | None], shard: Shard | None = None
) -> dict[str, Result]:
    """Every plan's booklet and every newsletter edition (of the shard) as a PDF: page url → its PDF."""
    from sitegen.outputs.pdf.booklet import BookletRenderer
    from sitegen.outputs.pdf.magazine import MagazineRenderer
    from sitegen.outputs.pdf.typeset import build_date, render_all

    made = list(BookletRenderer(site, theme, site.config.print, revisions).booklets())
    made += MagazineRenderer(site, theme, site.config.print, revisions).editions()
    made = [b for b in made if shard is None or shard.has(site, b.url)]

    def describe(r: Result) -> str:
        size = Download(r.rel, r.size).size_text()
        if r.rendered:
            return text("pdf_rendered", title=r.title, pages=r.pages, size=size, seconds=r.seconds)
        return text("pdf_cached", title=r.title, pages=r.pages, size=size)

    results = render_all(made, site.config.print, cache, describe, build_date(site.root))
    return {b.url: r for b, r in zip(made, results, strict=True)}


def build(
    site: SiteModel,
    out: Path,
    theme_dir: Path | None = None,
    cache: Path | None = None,
    shard: Shard | None = None,
    premade: dict[str, tuple[str, Path]] | None = None,
) -> int:
    """Build into out, staged beside it and switched in when complete. With a shard: only its
    PDFs and EPUBs, and the manifest merge recording. premade: edition url → (rel, file) of EPUBs
    a shard made, used as they are. Returns the number of files."""
    return _build(site, out, theme_dir, cache, shard=shard, premade=premade)[0].count


def preview_build(
    site: SiteModel, out: Path, theme_dir: Path | None, cache: Path, live: set[str] | None, kept: Kept
) -> tuple[set[str], dict[str, Callable[[], bytes]]]:
    """The live preview's build (sitegen serve): fonts cut to a broad set (see
    fonts.preview_text). The first is staged like any build; later ones are written in
    place over the files the one before wrote (live), in this process: an edit re-renders
    a page or a few, which costs less than forking workers or writing a spare. Returns the
    files written, and the files to serve from memory, made when asked for (the search
    index: see WebRenderer.finish). kept: each council's pages as the last build made
    them, brought up to date (see kept_or_rendered)."""
    output, on_request = _build(site, out, theme_dir, cache, preview=True, live=live, kept=kept)
    return output.seen, on_request


def _build(
    site: SiteModel,
    out: Path,
    theme_dir: Path | None,
    cache: Path | None,
    shard: Shard | None = None,
    premade: dict[str, tuple[str, Path]] | None = None,
    preview: bool = False,
    live: set[str] | None = None,
    kept: Kept | None = None,
) -> tuple[Output, dict[str, Callable[[], bytes]]]:
    theme = Theme(theme_dirs(site, theme_dir), site.config.language)
    outputs = site.config.outputs
    # every page says when its sources last changed; the preview, rebuilt on every edit, does not ask git
    revisions = source_revisions(site) if {"pdf", "epub"} & set(outputs) or not preview else {}
    cache = cache or site.root.parent / ".sitegen-cache"
    markdown.keep_in(cache / "markdown")
    try:
        place = in_place(out.resolve(), live) if live is not None else staged(out)
        with place as output:
            on_request = _write(site, output, theme, cache, revisions, shard, premade, preview, live is None, kept)
        return output, on_request
    finally:
        markdown.flush()


def _write(
    site: SiteModel,
    output: Output,
    theme: Theme,
    cache: Path,
    revisions: dict[str, Revision | None],
    shard: Shard | None,
    premade: dict[str, tuple[str, Path]] | None,
    preview: bool,
    parallel: bool,
    kept: Kept | None = None,
) -> dict[str, Callable[[], bytes]]:
    outputs = site.config.outputs
    pdfs = printed(site, theme, cache, revisions, shard) if "pdf" in outputs else {}
    close_all()  # the booklets read every entry: packed again (sitegen/content/packed.py)
    downloads = {url: {"pdf": Download(r.rel, r.size)} for url, r in pdfs.items()}
    graph = dependency_graph(site, theme, downloads, output.target, cache, trusted=output.live)
    graph.digests.revisions = revisions
    made: dict[str, list[dict]] = {"pdf": [], "epub": []}  # what a shard made, for merge
    for url, r in pdfs.items():
        output.write(r.rel, r.path)
        made["pdf"].append({"url": url, "rel": r.rel, "key": r.path.stem, "pages": r.pages, "anchors": r.anchors})
    if "epub" in outputs:
        editions = [e for e in site.all_editions() if not shard or shard.has(site, e.url)]
        anchors = {url: r.anchors for url, r in pdfs.items()}
        for url, rel in ebooks(site, theme, editions, anchors, revisions, cache, graph, output, premade or {}):
            size = (output.root / rel).stat().st_size
            downloads.setdefault(url, {})["epub"] = Download(rel, size, "EPUB")
            made["epub"].append({"url": url, "rel": rel})
            close_all()
    if shard:
        manifest = {"shard": f"{shard.index}/{shard.count}", **made}
        output.write(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
        return {}
    on_request: dict[str, Callable[[], bytes]] = {}
    if "web" in outputs:
        web = WebRenderer(site, theme, downloads, cache / "fonts", preview, revisions)
        web.scope = graph.scope(SITE)
        for rel, data in web.opening():
            output.write(rel, data)
        pages, fresh = councils_rendered(web, output, graph, parallel, kept)
        for rel, data in web.closing():
            output.write(rel, data)
        close_all()
        web.scope.save(output.root)
        pages, fresh = pages + len(web.scope.now), fresh + len(web.scope.made)
        print(text("pages_made", pages=pages, made=fresh, kept=pages - fresh), file=sys.stderr)
        on_request = web.on_request
    for name, data in schemas().items():
        output.write(f"schemas/{name}", data)
    return on_request


def ebooks(
    site: SiteModel,
    theme: Theme,
    editions: list[EditionEntry],
    anchors: dict[str, list[list[str]]],
    revisions: dict[str, Revision | None],
    cache: Path,
    graph: Graph,
    output: Output,
    premade: dict[str, tuple[str, Path]],
) -> Iterator[tuple[str, str]]:
    """Each edition's EPUB written: (edition url, file). One a shard made is taken as it is;
    one whose sources are unchanged, from the previous build (sitegen/outputs/graph.py); the
    rest are made, with the e-book's own inputs (its PDF's page anchors, the commit that
    dates it, the e-book style and fonts) as one more part of what each one read."""
    from sitegen.outputs.epub.book import EpubRenderer

    books = EpubRenderer(site, theme, anchors, revisions, cache / "fonts")
    scope = graph.scope(EPUB)
    own = [books.style, *(file_digest(p) for p in books.fonts.values())]
    for edition in editions:
        url = edition.url
        graph.digests.extra[("epub", url)] = text_digest(repr((revisions.get(url), anchors.get(url), own)))
        if url in premade:
            rel, path = premade[url]
            output.write(rel, path)
        elif known := scope.reusable(url):
            rel = known.files[0]
            output.write(rel, Link(graph.previous / rel))
        else:
            with recording.recording() as seen:
                recording.read("epub", url)
                book = books.book(edition)
            rel = book.rel
            output.write(rel, book.data)
            scope.add(url, seen, [rel], None)
        yield url, rel
    scope.save(output.root)


def dependency_graph(
    site: SiteModel,
    theme: Theme,
    downloads: dict[str, dict[str, Download]],
    out: Path,
    cache: Path,
    trusted: bool = False,
) -> Graph:
    """The outputs' dependency graph against the build in out. What every page reads (the
    site's config, the theme's strings, sitegen's code, the options) is one base digest;
    templates and content are recorded output by output. Downloads fill in as the PDFs
    and EPUBs are made; pages ask for their sizes only after."""
    options = {"base_url": site.config.base_url, "outputs": site.config.outputs, "language": site.config.language}
    base = fingerprint([site.source.path, PACKAGE, *(d / "strings" for d in theme.dirs)], options, epoch=False)
    return Graph(Digests(site, theme, downloads), base, out, cache, trusted)


@dataclass
class Rendered:
    """What rendering a council's pages left: the files written, what the site-wide files
    need of them, and how many of its pages were made rather than taken as they were.
    For the preview, also every part its pages read, with its digest (see kept_or_rendered)."""

    files: list[str]
    gathered: Gathered
    pages: int
    made: int
    base: str = ""
    reads: dict[Read, str] | None = None


# The preview's councils as last rendered: slug → (the council the loader gave, its pages).
Kept = dict[str, tuple[CouncilEntry, Rendered]]
_JOB: tuple[WebRenderer, Graph | None, bool, Output] | None = None  # what forked workers inherit


def _render_one(web: WebRenderer, graph: Graph | None, index: int, into: Output, whole: bool = False) -> Rendered:
    """One council's pages written straight to the output folder, as into writes there."""
    council = web.site.councils[index]
    outer = web.gathered, web.scope
    web.gathered, web.scope = Gathered(), graph.scope(council.slug) if graph else None
    out = into.beside()
    try:
        for rel, data in web.council_pages(council):
            out.write(rel, data)
        markdown.flush()
        if web.scope is not None:
            web.scope.save(into.root)
        gathered = web.gathered
        if not web.preview:  # indexed here, in parallel, rather than in the parent (the preview: when asked)
            gathered = replace(gathered, search=gathered.search.compact())
        if web.scope is None:
            return Rendered(list(out.seen), gathered, 0, 0)
        rendered = Rendered(list(out.seen), gathered, len(web.scope.now), len(web.scope.made))
        if whole and graph:
            rendered.base, rendered.reads = graph.base, web.scope.read()
        return rendered
    finally:
        web.gathered, web.scope = outer
        close_all()  # this council's entries: packed again (sitegen/content/packed.py)


def _render_council(index: int) -> Rendered:
    """In a forked worker."""
    assert _JOB is not None
    web, graph, whole, output = _JOB
    return _render_one(web, graph, index, output, whole=whole)


def kept_or_rendered(web: WebRenderer, graph: Graph | None, index: int, output: Output, kept: Kept | None) -> Rendered:
    """A council's pages. In the live preview, a council the loader kept (the same object:
    none of its files changed) whose pages read no part that changed since is taken whole,
    its files as they are: an edit then costs its own council's pages, not a look at every
    page's record, which was most of an edit's time (benchmarks/README.md, "Figures behind
    the code")."""
    council = web.site.councils[index]
    if kept is None or graph is None or not output.live:
        return _render_one(web, graph, index, output, whole=kept is not None)
    last = kept.get(council.slug)
    if last and last[0] is council and last[1].reads is not None and graph.still(last[1].base, last[1].reads):
        return replace(last[1], made=0)
    return _render_one(web, graph, index, output, whole=True)


def councils_rendered(
    web: WebRenderer, output: Output, graph: Graph | None, parallel: bool = True, kept: Kept | None = None
) -> tuple[int, int]:
    """Every council's pages, by one forked process per core (each page taken from the
    previous build where nothing it reads has changed). Pages go straight to disk, so the
    site's HTML is never held in one place; what they gathered joins in the site's order,
    so the output is the same however it was made. kept (the preview's): each council as
    last rendered, replaced by this build's when every council is done."""
    global _JOB
    councils = web.site.councils
    progress = Progress(len(councils), text("progress_web"))
    workers = min(len(councils), os.cpu_count() or 1)
    pages = made = 0
    now: Kept = {}

    def join(i: int, rendered: Rendered) -> None:  # as each comes: one council's part held at a time
        nonlocal pages, made
        if kept is not None:
            now[councils[i].slug] = (councils[i], rendered)
        output.add(rendered.files)
        web.gathered.add(rendered.gathered)
        pages, made = pages + rendered.pages, made + rendered.made
        progress.step(councils[i].data.full_name)

    try:
        if workers <= 1 or not parallel or sys.platform != "linux":  # fork shares the site; else one by one
            for i in range(len(councils)):
                join(i, kept_or_rendered(web, graph, i, output, kept))
        else:
            _JOB = (web, graph, kept is not None, output)
            try:
                with workers_pool(workers) as pool:
                    for i, rendered in enumerate(pool.map(_render_council, range(len(councils)))):
                        join(i, rendered)
            finally:
                _JOB = None
    finally:
        progress.close()
    if kept is not None:  # only when every council is done: a failed build's pages are not kept
        kept.clear()
        kept.update(now)
    return pages, made


def merge(site: SiteModel, shards: list[Path], out: Path, theme_dir: Path | None, cache: Path) -> int:
    """Gather shard builds: their PDFs into the cache (so none is typeset again), their
    EPUBs as they are; then build as usual."""
    from sitegen.outputs.pdf.typeset import sha256_file

    folder = cache / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    premade: dict[str, tuple[str, Path]] = {}
    for shard in shards:
        manifest = json.loads((shard / MANIFEST).read_text(encoding="utf-8"))
        for doc in manifest["pdf"]:
            shutil.copyfile(shard / doc["rel"], folder / f"{doc['key']}.pdf")
            meta = {"pages": doc["pages"], "rel": doc["rel"], "anchors": doc["anchors"]}
            meta["sha256"] = sha256_file(folder / f"{doc['key']}.pdf")  # checked when taken (pdf.cached)
            (folder / f"{doc['key']}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for doc in manifest["epub"]:
            premade[doc["url"]] = (doc["rel"], shard / doc["rel"])
    return build(site, out, theme_dir, cache, premade=premade)
