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
import multiprocessing
import os
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.incremental import CouncilReuse, Rendered
from sitegen.messages import text
from sitegen.render.page import Download
from sitegen.render.theme import Theme
from sitegen.render.web import Gathered, WebRenderer
from sitegen.revision import Revision, revision
from sitegen.schema import schemas
from sitegen.state import PACKAGE_THEMES
from sitegen.structure import SiteModel
from sitegen.writer import Output, staged

if TYPE_CHECKING:
    from sitegen.render.pdf import Result

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
    from sitegen.render.booklet import BookletRenderer
    from sitegen.render.magazine import MagazineRenderer
    from sitegen.render.pdf import build_date, render_all

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
    preview: bool = False,
) -> int:
    """Build into out. With a shard: only its PDFs and EPUBs, and the manifest merge reads.
    premade: edition url → (rel, file) of EPUBs a shard made, used as they are.
    preview: for `sitegen serve` (fonts cut to a broad set, see fonts.preview_text)."""
    theme = Theme(theme_dirs(site, theme_dir), site.config.language)
    outputs = site.config.outputs
    revisions = source_revisions(site) if {"pdf", "epub"} & set(outputs) else {}
    cache = cache or site.root.parent / ".sitegen-cache"
    pdfs = printed(site, theme, cache, revisions, shard) if "pdf" in outputs else {}
    downloads = {url: {"pdf": Download(r.rel, r.size)} for url, r in pdfs.items()}
    made: dict[str, list[dict]] = {"pdf": [], "epub": []}  # what a shard made, for merge
    with staged(out) as output:
        for url, r in pdfs.items():
            output.write(r.rel, r.path)
            made["pdf"].append({"url": url, "rel": r.rel, "key": r.path.stem, "pages": r.pages, "anchors": r.anchors})
        if "epub" in outputs:
            from sitegen.render.epub import EpubRenderer

            anchors = {url: r.anchors for url, r in pdfs.items()}
            books = EpubRenderer(site, theme, anchors, revisions, cache / "fonts")
            for edition in site.all_editions():
                if shard and not shard.has(site, edition.url):
                    continue
                if premade and edition.url in premade:
                    rel, path = premade[edition.url]
                    data = path.read_bytes()
                else:
                    book = books.book(edition)
                    rel, data = book.rel, book.data
                output.write(rel, data)
                downloads.setdefault(edition.url, {})["epub"] = Download(rel, len(data), "EPUB")
                made["epub"].append({"url": edition.url, "rel": rel})
        if shard:
            manifest = {"shard": f"{shard.index}/{shard.count}", **made}
            output.write(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
            return output.count
        if "web" in outputs:
            web = WebRenderer(site, theme, downloads, cache / "fonts", preview)
            reuse = CouncilReuse(site, theme.dirs, out, cache, downloads)
            for part in (web.opening(), councils_rendered(web, output, reuse), web.closing()):
                for rel, data in part:
                    output.write(rel, data)
        for name, data in schemas().items():
            output.write(f"schemas/{name}", data)
        return output.count


_WEB: WebRenderer | None = None  # the renderer forked workers inherit


def _render_one(web: WebRenderer, index: int, root: Path) -> tuple[list[str], Gathered]:
    """One council's pages written straight to the staging folder: the files written,
    and what the site-wide files need of them."""
    kept, web.gathered = web.gathered, Gathered()
    out = Output(root, track=True)
    try:
        for rel, data in web.council_pages(web.site.councils[index]):
            out.write(rel, data)
        return out.written or [], web.gathered
    finally:
        web.gathered = kept


def _render_council(index: int, root: str) -> tuple[list[str], Gathered]:
    """In a forked worker."""
    assert _WEB is not None
    return _render_one(_WEB, index, Path(root))


def councils_rendered(web: WebRenderer, output: Output, reuse: CouncilReuse | None) -> Iterator[tuple[str, bytes]]:
    """Every council's pages: taken from the previous build where its inputs are unchanged,
    else rendered, by one forked process per core when more than one council needs it.
    Pages go straight to disk, so the site's HTML is never held in one place; what they
    gathered joins in the site's order, so the output is the same however it was made."""
    global _WEB
    councils = web.site.councils
    keys = [reuse.key(c) for c in councils] if reuse else [""] * len(councils)
    done: dict[int, Rendered] = {}
    for i, council in enumerate(councils):
        known = reuse.reusable(council, keys[i]) if reuse else None
        if known:
            reuse.link(known, output)
            done[i] = known
    todo = [i for i in range(len(councils)) if i not in done]
    workers = min(len(todo), os.cpu_count() or 1)
    if workers <= 1 or sys.platform != "linux":  # fork shares the loaded site; elsewhere, one by one
        made = [_render_one(web, i, output.root) for i in todo]
    else:
        _WEB = web
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                made = list(pool.map(_render_council, todo, [str(output.root)] * len(todo)))
        finally:
            _WEB = None
    for i, (files, gathered) in zip(todo, made, strict=True):
        done[i] = Rendered(keys[i], files, gathered)
        output.count += len(files)
        if reuse:
            reuse.save(councils[i], done[i], output)
    for i in range(len(councils)):
        web.gathered.add(done[i].gathered)
    yield from ()


def merge(site: SiteModel, shards: list[Path], out: Path, theme_dir: Path | None, cache: Path) -> int:
    """Gather shard builds: their PDFs into the cache (so none is typeset again), their
    EPUBs as they are; then build as usual."""
    folder = cache / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    premade: dict[str, tuple[str, Path]] = {}
    for shard in shards:
        manifest = json.loads((shard / MANIFEST).read_text(encoding="utf-8"))
        for doc in manifest["pdf"]:
            shutil.copyfile(shard / doc["rel"], folder / f"{doc['key']}.pdf")
            meta = {"pages": doc["pages"], "rel": doc["rel"], "anchors": doc["anchors"]}
            (folder / f"{doc['key']}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        for doc in manifest["epub"]:
            premade[doc["url"]] = (doc["rel"], shard / doc["rel"])
    return build(site, out, theme_dir, cache, premade=premade)
