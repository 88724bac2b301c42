"""render → write: turns a validated SiteModel into the output folder.

PDFs are made first (in parallel, from the cache where nothing changed), so
the web pages can link to them with their sizes; then the web pages. All of
it is written into a staging folder that replaces the old build only when
everything succeeded.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.messages import text
from sitegen.render.theme import Theme
from sitegen.render.web import Download, WebRenderer
from sitegen.schema import schemas
from sitegen.structure import SiteModel
from sitegen.writer import staged

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


def booklets(site: SiteModel, theme: Theme, cache: Path) -> dict[str, tuple[str, Path, int]]:
    """Every plan's PDF: plan url → (output path, file, size)."""
    from sitegen.render.booklet import BookletRenderer
    from sitegen.render.pdf import Result, render_all
    from sitegen.revision import revision

    revisions = {p.url: revision(p.source.path.parent) for p in site.all_plans()}
    renderer = BookletRenderer(site, theme, site.config.print, revisions)
    made = list(renderer.booklets())

    def describe(r: Result) -> str:
        size = Download(r.rel, r.size).size_text()
        if r.rendered:
            return text("pdf_rendered", title=r.title, pages=r.pages, size=size, seconds=r.seconds)
        return text("pdf_cached", title=r.title, pages=r.pages, size=size)

    results = render_all(made, site.config.print, cache, describe)
    return {b.plan.url: (r.rel, r.path, r.size) for b, r in zip(made, results, strict=True)}


def build(site: SiteModel, out: Path, theme_dir: Path | None = None, cache: Path | None = None) -> int:
    theme = Theme(theme_dirs(site, theme_dir), site.config.language)
    outputs = site.config.outputs
    pdfs = booklets(site, theme, cache or site.root.parent / ".sitegen-cache") if "pdf" in outputs else {}
    downloads = {url: Download(rel, size) for url, (rel, _, size) in pdfs.items()}
    with staged(out) as output:
        for rel, path, _ in pdfs.values():
            output.write(rel, path)
        if "web" in outputs:
            for rel, data in WebRenderer(site, theme, downloads).pages():
                output.write(rel, data)
        for name, data in schemas().items():
            output.write(f"schemas/{name}", data)
        return output.count
