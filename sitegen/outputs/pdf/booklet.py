"""Print booklets: each plan as one HTML document for WeasyPrint to typeset.

The booklet shows what the plan's web pages show (the same views, tables and
template macros), laid out for paper: a cover, contents with page numbers,
chapters and programmes on new pages, a QR code to each programme's web page
and a colophon. Korean words are kept whole (keepall). The build date is left
as a placeholder so that a booklet's cache key does not change from day to
day; pdf.py fills it in when the PDF is actually made.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import segno
from fontTools.ttLib import TTFont
from markupsafe import Markup, escape

from sitegen.content.entries import PlanEntry, SiteModel
from sitegen.content.model.site import PrintOptions
from sitegen.engine.git import Revision
from sitegen.outputs import charts
from sitegen.outputs.keepall import keep_words
from sitegen.outputs.markdown import MarkdownCache
from sitegen.outputs.page import Page
from sitegen.outputs.renderer import Renderer
from sitegen.outputs.theme import Theme
from sitegen.outputs.view import TableView

BUILD_DATE = "\ue000BUILD-DATE\ue000"  # a private-use marker no content can contain
# Page sizes in mm (width, height), for layouts that depend on the page width.
PAGE_SIZES = {
    **{"A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148)},
    **{"B4": (250, 353), "B5": (176, 250), "B6": (125, 176), "letter": (216, 279), "legal": (216, 356)},
    **{"JIS-B4": (257, 364), "JIS-B5": (182, 257), "JIS-B6": (128, 182)},
}


@dataclass
class Booklet:
    """An HTML document for WeasyPrint: a plan's booklet or a newsletter edition."""

    url: str  # the page the PDF belongs to (a plan's or an edition's)
    rel: str  # where the PDF goes, from the site root
    title: str
    html: str  # with BUILD_DATE still in it
    files: list[Path] = field(default_factory=list)  # fonts and images the HTML points to


def page_width_mm(size: str) -> float:
    """The width of a print option's page size, for layouts that depend on it (columns)."""
    if size.endswith("mm"):
        return float(size.split("mm")[0])
    name, _, orientation = size.partition(" ")
    return PAGE_SIZES[name][orientation == "landscape"]


def font_faces(fonts: dict[str, Path], src: Callable[[Path], str] | None = None) -> tuple[str, list[Path]]:
    """@font-face rules for the theme's fonts, named and weighted as the font files say.

    `src` gives each file's address in the document (default: its file URI).
    """
    rules, files = [], []
    for path in fonts.values():
        if path.suffix not in (".otf", ".ttf"):
            continue  # WeasyPrint reads WOFF too, but print themes ship OpenType
        font = TTFont(str(path), lazy=True)
        names = font["name"]
        family = names.getDebugName(16) or names.getDebugName(1)
        weight = font["OS/2"].usWeightClass
        font.close()
        address = src(path) if src else path.resolve().as_uri()
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{address}"); }}')
        files.append(path)
    return "\n".join(rules), files


class PrintRenderer(Renderer):
    """What the booklets and the magazines share: the website's views and macros, with links,
    charts, fonts and QR codes made for paper."""

    STYLE = ""  # the layout's own style sheet, after print/base.css

    def __init__(
        self,
        site: SiteModel,
        theme: Theme,
        options: PrintOptions,
        revisions: dict[str, Revision | None],
        markdown: MarkdownCache | None = None,
    ):
        super().__init__(site, theme, markdown)
        self.options = options
        self.revisions = revisions  # page url → last commit of its sources
        self.faces, self.font_files = font_faces(theme.fonts())
        styles = [theme.file("print/base.css"), theme.file(self.STYLE)]
        self.css = "\n".join(p.read_text(encoding="utf-8") for p in styles) + self.page_rules()
        self.env.globals["url"] = self.absolute  # links on paper lead to the website

    def page_rules(self) -> str:
        """The configurable parts of @page: size, bleed and crop marks."""
        rules = f"@page {{ size: {self.options.page_size}; }}"
        if self.options.bleed:
            rules += " @page { bleed: 3mm; marks: crop; }"
        if self.options.recto:
            # bound on both sides: chapters on a right-hand page, running heads and page
            # numbers on the outer edge (the title on the left page, the chapter on the right)
            rules += " .chapter { break-before: right; }"
            rules += " @page :left { @top-right { content: none; } @bottom-center { content: none; }"
            rules += " @bottom-left { content: counter(page); font-size: 9pt; } }"
            rules += " @page :right { @top-left { content: none; } @bottom-center { content: none; }"
            rules += " @bottom-right { content: counter(page); font-size: 9pt; } }"
        return "\n" + rules + "\n"

    def chart(self, page: Page, tv: TableView) -> Markup:
        """Charts as images with the values in their alt text: a PDF figure needs one."""
        if not tv.chart or not tv.chart.drawable():
            return Markup("")
        page.charts += 1
        svg = charts.svg(tv.chart, f"chart{page.charts}", self.show, standalone=True, t=self.t)
        data = base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
        unit = f" ({tv.chart.unit})" if tv.chart.unit else ""
        alt = self.t("chart_alt", title=tv.chart.title + unit, values=charts.describe(tv.chart, self.show))
        return Markup(f'<img class="chart" src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">')

    def qr(self, url: str, title: str) -> Markup:
        if not self.host:  # a relative address means nothing on paper
            return Markup("")
        code = segno.make(url, error="m")
        src = code.svg_data_uri(scale=4, border=2, dark="#000", light="#fff")
        alt = self.t("qr_alt", title=title)
        return Markup(
            f'<figure class="qr"><img src="{src}" alt="{escape(alt)}">'
            f'<figcaption>{escape(self.t("web_version"))}: <a href="{escape(url)}">{escape(url)}</a></figcaption>'
            "</figure>"
        )


class BookletRenderer(PrintRenderer):
    """Each plan as a booklet."""

    STYLE = "print/booklet.css"

    def booklets(self) -> Iterator[Booklet]:
        for plan in self.site.all_plans():
            yield self.booklet(plan)

    def booklet(self, plan: PlanEntry) -> Booklet:
        title = self.plan_title(plan)
        viewer = self.viewer(plan, plan.source.acknowledged)
        nodes, chapters = self.layout(plan, viewer)
        page = Page(plan.url, title, downloads=False)
        files = list(self.font_files)
        programmes: dict[str, dict[str, Any]] = {}
        for prog in plan.programmes:
            pv = self.viewer(plan, prog.source.acknowledged)
            fields = pv.fields(prog.data, skip={"title", "number", "continues", "images"})
            images = []
            for image in prog.data.images:
                src = prog.source.path.parent / image.src
                files.append(src)
                images.append((src.resolve().as_uri(), image))
            programmes[prog.slug] = {
                "facts": [n for n in fields if n.kind == "text"],
                "sections": [n for n in fields if n.kind != "text"],
                "body": self.markdown.render(prog.body, 3),
                "images": images,
                "qr": self.qr(self.absolute(prog.url), prog.data.title),
            }
        council = plan.council.data
        emblem = None
        if council.emblem:
            path = plan.council.source.path.parent / council.emblem
            files.append(path)
            emblem = path.resolve().as_uri()
        revision = self.revisions.get(plan.url)
        html = self.env.get_template("print/booklet.html").render(
            page=page,
            plan=plan,
            council=plan.council,
            emblem=emblem,
            title=title,
            date=plan.data.issued or plan.data.as_of,
            nodes=nodes,
            chapters=chapters,
            performance=self.performance(plan),  # as tables, as the web's indicators page shows it
            summary_html=self.markdown.render(plan.data.summary, 2),
            programmes=programmes,
            fonts=Markup(self.faces),
            css=Markup(self.css),
            created=self.plan_date(plan).isoformat(),
            build_date=BUILD_DATE,
            revision=revision,
            web=self.absolute(plan.url) if self.host else "",
        )
        rel = f"{plan.url}{plan.council.slug}-{plan.slug}.pdf"
        return Booklet(plan.url, rel, title, keep_words(html), files)
