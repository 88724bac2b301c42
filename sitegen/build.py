"""render → write: turns a validated SiteModel into the output folder.

PDFs are made first (in parallel, from the cache where nothing changed), so
the web pages can link to them with their sizes; then the web pages. All of
it is written into a staging folder that replaces the old build only when
everything succeeded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.messages import text
from sitegen.render.page import Download
from sitegen.render.theme import Theme
from sitegen.render.web import WebRenderer
from sitegen.revision import Revision, revision
from sitegen.schema import schemas
from sitegen.structure import SiteModel
from sitegen.writer import staged

if TYPE_CHECKING:
    from sitegen.render.pdf import Result

PACKAGE_THEMES = Path(__file__).resolve().parent.parent / "themes"


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


def printed(site: SiteModel, theme: Theme, cache: Path, revisions: dict[str, Revision | None]) -> dict[str, Result]:
    """Every plan's booklet and every newsletter edition as a PDF: page url → its PDF."""
    from sitegen.render.booklet import BookletRenderer
    from sitegen.render.magazine import MagazineRenderer
    from sitegen.render.pdf import build_date, render_all

    made = list(BookletRenderer(site, theme, site.config.print, revisions).booklets())
    made += MagazineRenderer(site, theme, site.config.print, revisions).editions()

    def describe(r: Result) -> str:
        size = Download(r.rel, r.size).size_text()
        if r.rendered:
            return text("pdf_rendered", title=r.title, pages=r.pages, size=size, seconds=r.seconds)
        return text("pdf_cached", title=r.title, pages=r.pages, size=size)

    results = render_all(made, site.config.print, cache, describe, build_date(site.root))
    return {b.url: r for b, r in zip(made, results, strict=True)}


def build(site: SiteModel, out: Path, theme_dir: Path | None = None, cache: Path | None = None) -> int:
    theme = Theme(theme_dirs(site, theme_dir), site.config.language)
    outputs = site.config.outputs
    revisions = source_revisions(site) if {"pdf", "epub"} & set(outputs) else {}
    cache = cache or site.root.parent / ".sitegen-cache"
    pdfs = printed(site, theme, cache, revisions) if "pdf" in outputs else {}
    downloads = {url: {"pdf": Download(r.rel, r.size)} for url, r in pdfs.items()}
    with staged(out) as output:
        for r in pdfs.values():
            output.write(r.rel, r.path)
        if "epub" in outputs:
            from sitegen.render.epub import EpubRenderer

            pages = {url: r.anchors for url, r in pdfs.items()}
            for book in EpubRenderer(site, theme, pages, revisions).books():
                output.write(book.rel, book.data)
                downloads.setdefault(book.url, {})["epub"] = Download(book.rel, len(book.data), "EPUB")
        if "web" in outputs:
            for rel, data in WebRenderer(site, theme, downloads).pages():
                output.write(rel, data)
        for name, data in schemas().items():
            output.write(f"schemas/{name}", data)
        return output.count
