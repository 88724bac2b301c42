"""render → write: turns a validated SiteModel into the output folder."""

from __future__ import annotations

from pathlib import Path

from sitegen.render.web import WebRenderer
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


def build(site: SiteModel, out: Path, theme: Path | None = None) -> int:
    renderer = WebRenderer(site, theme_dirs(site, theme))
    with staged(out) as output:
        for rel, data in renderer.pages():
            output.write(rel, data)
        for name, data in schemas().items():
            output.write(f"schemas/{name}", data)
        return output.count
