"""Print editions of newsletters: each edition as one HTML document for WeasyPrint.

A magazine layout: a cover with the edition's name, number and date and a
QR code to its web edition; a contents page with page numbers; articles with
their bodies in two columns where the page is wide enough; the plan data an
article includes, across the full width; a colophon. It shares the plan
booklet's fonts, QR codes, chart images and print options, and the web's
template macros, so the same include renders alike on the web and on paper.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property, partial
from pathlib import Path

from markupsafe import Markup

from sitegen.content.entries import EditionEntry
from sitegen.content.model.common import Image
from sitegen.outputs.keepall import keep_words
from sitegen.outputs.news import Includes, article_view, edition_name
from sitegen.outputs.page import Page
from sitegen.outputs.pdf.booklet import BUILD_DATE, Booklet, PrintRenderer, page_width_mm

# Two columns of Korean body text need about 70 mm each: below this page width, one column.
TWO_COLUMNS_MM = 160


class MagazineRenderer(PrintRenderer):
    """Each newsletter edition as a magazine."""

    STYLE = "print/edition.css"

    @cached_property
    def includes(self) -> Includes:
        """The plan data articles include, shown with the print views."""
        return Includes(self.t, self.show, self.viewer)

    def page_rules(self) -> str:
        rules = super().page_rules()
        if page_width_mm(self.options.page_size) >= TWO_COLUMNS_MM:
            rules += ".article-body { column-count: 2; column-gap: 7mm; }\n"
        return rules

    def editions(self) -> Iterator[Booklet]:
        for edition in self.site.all_editions():
            yield self.edition(edition)

    def edition(self, edition: EditionEntry) -> Booklet:
        pub = edition.publication
        name = edition_name(edition, self.t)
        files = list(self.font_files)
        cover = None
        if edition.data.cover:
            path = edition.source.path.parent / edition.data.cover.src
            files.append(path)
            cover = path.resolve().as_uri()

        def image_src(article_path: Path, n: int, image: Image) -> str:
            path = article_path.parent / image.src
            files.append(path)
            return path.resolve().as_uri()

        articles = [
            article_view(a, self.includes, partial(image_src, a.source.path), 1, self.markdown.render)
            for a in edition.articles
        ]
        sections = {s.id: s.title for s in edition.data.sections}
        html = self.env.get_template("print/edition.html").render(
            page=Page(edition.url, name, downloads=False),
            edition=edition,
            pub=pub,
            council=pub.council,
            name=name,
            cover=cover,
            articles=articles,
            sections=sections,
            qr=self.qr(self.absolute(edition.url), name),
            fonts=Markup(self.faces),
            css=Markup(self.css),
            created=edition.data.date.first_day().isoformat(),
            build_date=BUILD_DATE,
            revision=self.revisions.get(edition.url),
            web=self.absolute(edition.url) if self.host else "",
        )
        rel = f"{edition.url}{pub.slug}-{edition.slug}.pdf"
        return Booklet(edition.url, rel, name, keep_words(html), files)
