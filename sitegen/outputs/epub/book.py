"""Newsletter editions as EPUB 3 e-books, accessible per EPUB Accessibility 1.1.

One XHTML document per article (the same blocks, includes and ids as the
print edition), a cover, the navigation document (table of contents,
landmarks, and a page list), a colophon, the theme's Korean font subset to
the book's characters, and the accessibility metadata a reading system or a
bookstore shows (schema.org accessMode … accessibilitySummary, conformsTo).

The page list: the print edition is typeset first, and WeasyPrint reports on
which page each 'pb-' id landed. A page-break marker for page N goes before
the first element that begins on page N, so '3쪽으로 가기' in the e-book goes
where page 3 of the PDF begins. Without a print edition there is no page list.

The zip is reproducible: fixed entry order and timestamps, mimetype first
and stored, as the OCF container requires.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

from markupsafe import Markup

from sitegen.content.entries import EditionEntry, SiteModel
from sitegen.content.model.common import Image
from sitegen.engine import recording
from sitegen.engine.git import Revision
from sitegen.outputs.fonts import subset_font
from sitegen.outputs.markdown import MarkdownCache
from sitegen.outputs.news import ArticleView, Includes, article_view, edition_name
from sitegen.outputs.page import Page
from sitegen.outputs.pdf.booklet import font_faces
from sitegen.outputs.renderer import Renderer
from sitegen.outputs.theme import Theme
from sitegen.outputs.view import TableView

MEDIA_TYPES = {
    **{".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"},
    **{".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml"},
}
ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # every entry's timestamp: the same bytes from the same sources
ACCESSIBILITY = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


@dataclass
class Book:
    url: str  # the edition's page
    rel: str  # where the EPUB goes, from the site root
    data: bytes


@dataclass
class Item:
    """A file in the book, with its manifest entry."""

    href: str
    data: bytes
    media_type: str
    id: str
    properties: str = ""


@dataclass
class Document:
    href: str
    id: str
    title: str
    xhtml: str
    properties: set[str] = field(default_factory=set)


def page_markers(pages: list[list[str]]) -> dict[str, list[int]]:
    """Anchor id → the page numbers whose marker goes right before it.

    A page on which no anchor begins (a long table running over) gets its
    marker before the next anchor; pages after the last anchor go with it.
    """
    out: dict[str, list[int]] = {}
    pending: list[int] = []
    last = None
    for number, names in enumerate(pages, 1):
        pending.append(number)
        if names:
            out.setdefault(names[0], []).extend(pending)
            pending, last = [], names[0]
    if pending and last:
        out[last].extend(pending)
    return out


def marker(number: int, t: Callable[..., str]) -> str:
    label = t("page_label", page=number)
    return f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{number}" aria-label="{label}"></span>'


class EpubRenderer(Renderer):
    """Renders through the web's templates and macros; links leave the book for the website."""

    def __init__(
        self,
        site: SiteModel,
        theme: Theme,
        pages: dict[str, list[list[str]]],
        revisions: dict[str, Revision | None],
        font_cache: Path | None = None,
        markdown: MarkdownCache | None = None,
    ):
        super().__init__(site, theme, markdown)
        self.font_cache = font_cache  # subset fonts by (font, characters), kept between builds
        self.printed = pages  # edition url → per printed page, the anchors that begin on it
        self.revisions = revisions  # edition url → last commit of its sources: the book's modified date
        self.includes = Includes(self.t, self.show, self.viewer)
        self.env.globals["url"] = self.external
        self.style = theme.file("epub/style.css").read_text(encoding="utf-8")
        self.fonts = {p.stem: p for p in theme.fonts().values() if p.suffix in (".otf", ".ttf")}

    def external(self, rel: str = "") -> str:
        """Links in the book lead to the website; with no host known there is nowhere to lead."""
        return self.absolute(rel) if self.host else ""

    def chart(self, page: Page, tv: TableView) -> Markup:
        return Markup("")  # the table beside it carries every figure; bar charts add nothing to an e-book

    def book(self, edition: EditionEntry) -> Book:
        t, pub = self.t, edition.publication
        name = edition_name(edition, t)
        page = Page(edition.url, name, downloads=False)
        items: list[Item] = []

        def image(prefix: str, n: int, im: Image, folder: Path) -> str:
            src = folder / im.src
            href = f"images/{prefix}-{n}{src.suffix.lower()}"
            recording.read("file", str(src))
            items.append(Item(href, src.read_bytes(), MEDIA_TYPES[src.suffix.lower()], f"img-{prefix}-{n}"))
            return href

        cover = None
        if edition.data.cover:
            cover = image("cover", 0, edition.data.cover, edition.source.path.parent)
            items[-1].properties = "cover-image"
        articles: list[ArticleView] = [
            article_view(a, self.includes, partial(image, a.slug, folder=a.source.path.parent), 1, self.markdown.render)
            for a in edition.articles
        ]
        sections = {s.id: s.title for s in edition.data.sections}
        pdf = f"{edition.url}{pub.slug}-{edition.slug}.pdf"
        printed = self.printed.get(edition.url)
        summary = t("epub_a11y_summary") + (" " + t("epub_a11y_pages") if printed else "")
        ctx = {
            "page": page,
            "edition": edition,
            "pub": pub,
            "council": pub.council,
            "name": name,
            "sections": sections,
            "cover": cover,
            "articles": articles,
            "a11y_summary": summary,
        }
        docs = [Document("cover.xhtml", "cover", t("cover"), self.render("epub/cover.xhtml", **ctx))]
        docs += [
            Document(
                f"a-{a.entry.slug}.xhtml",
                f"a-{a.entry.slug}",
                a.entry.data.title,
                self.render("epub/article.xhtml", article=a, section=sections[a.entry.data.section], **ctx),
            )
            for a in articles
        ]
        docs.append(Document("colophon.xhtml", "colophon", t("colophon"), self.render("epub/colophon.xhtml", **ctx)))
        nav = Document("nav.xhtml", "nav", t("contents"), self.render("epub/nav.xhtml", docs=docs, page_list=[], **ctx))
        nav.properties.add("nav")
        spine_docs = [docs[0], nav, *docs[1:]]
        markers = page_markers(printed) if printed else {}
        where = {anchor: next((d for d in spine_docs if f' id="{anchor}"' in d.xhtml), None) for anchor in markers}
        page_list = sorted((n, f"{d.href}#page-{n}") for anchor, d in where.items() if d for n in markers[anchor])
        nav.xhtml = self.render("epub/nav.xhtml", docs=docs, page_list=page_list, **ctx)
        for anchor, d in where.items():
            if d:
                found = re.search(rf'<[a-z][a-z0-9]*\b[^>]*\sid="{re.escape(anchor)}"', d.xhtml)
                if found:
                    spans = "".join(marker(n, t) for n in markers[anchor])
                    d.xhtml = d.xhtml[: found.start()] + spans + d.xhtml[found.start() :]
        docs = spine_docs
        for doc in docs:
            ElementTree.fromstring(doc.xhtml.encode("utf-8"))  # a theme that breaks XML fails here, not in a reader
            if "<svg" in doc.xhtml:
                doc.properties.add("svg")
        text = "".join(re.sub(r"<[^>]+>", "", d.xhtml) for d in docs)
        faces, _ = font_faces(self.fonts, lambda p: f"fonts/{p.stem}.woff2")
        items.append(Item("style.css", (faces + "\n" + self.style).encode("utf-8"), "text/css", "css"))
        for stem, path in sorted(self.fonts.items()):
            items.append(
                Item(f"fonts/{stem}.woff2", subset_font(path, text, self.font_cache), "font/woff2", f"font-{stem}")
            )
        spine = [
            Item(d.href, d.xhtml.encode("utf-8"), "application/xhtml+xml", d.id, " ".join(sorted(d.properties)))
            for d in docs
        ]
        items += spine
        changed = self.revisions.get(edition.url)
        if changed:  # the commit's time in UTC, as dcterms:modified wants it
            modified = datetime.fromisoformat(changed.date).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            modified = f"{edition.data.date.first_day().isoformat()}T00:00:00Z"
        identifier = uuid.uuid5(uuid.NAMESPACE_URL, self.absolute(edition.url) or edition.url)
        opf = self.render(
            "epub/package.opf",
            identifier=f"urn:uuid:{identifier}",
            modified=modified,
            items=items,
            spine=spine,
            source=(self.absolute(pdf) if self.host else "") if printed else "",
            has_images=any(i.media_type.startswith("image/") for i in items),
            page_list=page_list,
            conforms_to=ACCESSIBILITY,
            **ctx,
        )
        ElementTree.fromstring(opf.encode("utf-8"))
        return Book(edition.url, f"{edition.url}{pub.slug}-{edition.slug}.epub", pack(opf, items))

    def render(self, template: str, **ctx: object) -> str:
        html = self.env.get_template(template).render(**ctx)
        return re.sub(r'<a href="">(.*?)</a>', r"\1", html, flags=re.S)  # links with nowhere to go: their text


def pack(opf: str, items: list[Item]) -> bytes:
    """The OCF zip: mimetype first and uncompressed, then the container, package and files."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as z:

        def add(name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED) -> None:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            z.writestr(info, data)

        add("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        add(
            "META-INF/container.xml",
            b'<?xml version="1.0" encoding="UTF-8"?>\n'
            b'<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
            b'<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>'
            b"</rootfiles></container>\n",
        )
        add("EPUB/package.opf", opf.encode("utf-8"))
        for item in items:
            add(f"EPUB/{item.href}", item.data)
    return out.getvalue()
