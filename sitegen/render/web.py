"""Plain web pages: one per site, council, plan and programme.

The full resident-facing theme is built on top of this; these pages exist so
that every field of the model is reachable and readable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from sitegen.messages import text
from sitegen.render.markdown import render
from sitegen.render.view import Viewer
from sitegen.structure import SiteModel


class WebRenderer:
    def __init__(self, site: SiteModel, themes: list[Path]):
        self.site = site
        self.base = urlparse(site.config.base_url).path or "/"
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader(str(t / "templates")) for t in themes]),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(t=text, url=self.url, site=site, config=site.config)
        self.themes = themes

    def url(self, rel: str = "") -> str:
        return self.base + rel

    def page(self, template: str, **ctx: object) -> str:
        return self.env.get_template(template).render(**ctx)

    def pages(self) -> Iterator[tuple[str, str | bytes]]:
        site = self.site
        yield "index.html", self.page("index.html", councils=site.councils)
        for council in site.councils:
            viewer = Viewer(council.source.acknowledged)
            yield (
                f"{council.url}index.html",
                self.page("council.html", council=council, nodes=viewer.fields(council.data)),
            )
            for plan in council.plans:
                teams = {t.id: t.name for t in plan.data.teams}
                viewer = Viewer(plan.source.acknowledged, teams, plan.data.year)
                yield (
                    f"{plan.url}index.html",
                    self.page(
                        "plan.html",
                        plan=plan,
                        council=council,
                        nodes=viewer.fields(plan.data, skip={"title", "chapters"}),
                        chapters=[
                            (ch, render(ch.body, 2), plan.in_chapter(i)) for i, ch in enumerate(plan.data.chapters)
                        ],
                    ),
                )
                for i, prog in enumerate(plan.programmes):
                    viewer = Viewer(prog.source.acknowledged, teams, plan.data.year)
                    yield (
                        f"{prog.url}index.html",
                        self.page(
                            "programme.html",
                            prog=prog,
                            plan=plan,
                            council=council,
                            nodes=viewer.fields(prog.data, skip={"title"}),
                            body=render(prog.body, 1),
                            previous=plan.programmes[i - 1] if i > 0 else None,
                            next=plan.programmes[i + 1] if i + 1 < len(plan.programmes) else None,
                        ),
                    )
        static: dict[str, Path] = {}
        for theme in reversed(self.themes):  # later (more specific) themes override by path
            folder = theme / "static"
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.is_file():
                        static[f"static/{path.relative_to(folder).as_posix()}"] = path
        for rel, path in sorted(static.items()):
            yield rel, path.read_bytes()
