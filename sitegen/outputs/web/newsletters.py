"""The newsletter's web pages: per publication an archive and an Atom feed, per
edition a page with its files (EPUB, PDF, message digests), per article a page.

It renders through the web renderer it is given (same templates, search
index, sitemap and font subset as the plan pages), as SitePages describes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from sitegen.content.entries import ArticleEntry, CouncilEntry, EditionEntry, PlanEntry, PublicationEntry
from sitegen.outputs import mms
from sitegen.outputs.gathered import Gathered
from sitegen.outputs.markdown import MarkdownCache
from sitegen.outputs.news import Includes, edition_name
from sitegen.outputs.page import Download, File, Page
from sitegen.outputs.strings import Strings
from sitegen.outputs.theme import ThemeSandbox
from sitegen.outputs.view import Viewer
from sitegen.outputs.web import feeds


class SitePages(Protocol):
    """What the newsletter's pages need of the site's web renderer (render/web.py), which
    owns them: its templates, addresses, units of the build and what the pages gather."""

    t: Strings
    host: str
    gathered: Gathered
    markdown: MarkdownCache
    env: ThemeSandbox
    language: str

    def url(self, rel: str = "") -> str: ...
    def absolute(self, rel: str) -> str: ...
    def show(self, value: Any) -> str: ...
    def download(self, url: str, kind: str) -> Download | None: ...
    def asset(self, rel: str, src: Path) -> File: ...
    def card(self, rel: str, kicker: str, title: str) -> File: ...
    def unit(self, uid: str, make: Callable[[], Iterator[File]]) -> Iterator[File]: ...
    def viewer(self, plan: PlanEntry, acknowledged: dict) -> Viewer: ...
    def page(
        self, template: str, page: Page, *, index: str | None = "", modified: date | None = None, **ctx: Any
    ) -> Iterator[File]: ...


def image_rel(owner_url: str, n: int, src: str) -> str:
    """Where an article's or edition's image is published: <page>/images/<n>.<ext>."""
    return f"{owner_url}images/{n}{Path(src).suffix.lower()}"


READING_RATE = 500  # characters a minute: Korean read silently, spaces and Markdown aside
MARKUP = re.compile(r"[\s#*_>|`\-\[\]()!]+")


def reading_minutes(body: str) -> int:
    """About how long an article takes to read, in whole minutes (at least one)."""
    return max(1, round(len(MARKUP.sub("", body)) / READING_RATE))


def digest_items(edition: EditionEntry, link: Callable[[str], str]) -> list[mms.Item]:
    return [mms.Item(a.data.title, link(a.url), a.data.summary) for a in edition.articles]


class NewsPages:
    def __init__(self, web: SitePages):
        self.web = web
        self.t = web.t
        self.includes = Includes(web.t, web.show, web.viewer)

    def link(self, rel: str) -> str:
        """Messages and feeds leave the site: absolute when the host is known."""
        return self.web.absolute(rel) if self.web.host else self.web.url(rel)

    def council(self, council: CouncilEntry) -> Iterator[File]:
        """Each page one unit of the build (see WebRenderer.unit)."""
        web = self.web
        for pub in council.publications:
            yield from web.unit(pub.url, partial(self.publication, pub))
            for i, edition in enumerate(pub.editions):  # newest first
                newer = pub.editions[i - 1] if i > 0 else None
                older = pub.editions[i + 1] if i + 1 < len(pub.editions) else None
                yield from web.unit(edition.url, partial(self.edition, edition, newer, older))
                for j, article in enumerate(edition.articles):
                    prev = edition.articles[j - 1] if j > 0 else None
                    after = edition.articles[j + 1] if j + 1 < len(edition.articles) else None
                    yield from web.unit(article.url, partial(self.article, article, prev, after))

    def crumbs(self, pub: PublicationEntry) -> list[tuple[str, str]]:
        council = pub.council
        return [(self.t("home"), ""), (council.data.full_name, council.url)]

    def edition_crumbs(self, edition: EditionEntry) -> list[tuple[str, str]]:
        """Above an edition's page (and, with the edition, its articles')."""
        pub = edition.publication
        return [*self.crumbs(pub), (pub.data.name, pub.url)]

    def publication(self, pub: PublicationEntry) -> Iterator[File]:
        web = self.web
        page = Page(pub.url, pub.data.name, self.crumbs(pub), "councils", pub.data.description)
        feed = f"{pub.url}feed.xml"
        yield from web.page(
            "news_publication.html", page, pub=pub, council=pub.council, feed=feed, index=pub.council.data.full_name
        )
        entries = [self.entry(e) for e in pub.editions]
        web.gathered.feed_entries.extend(entries)
        title = f"{pub.council.data.full_name} {pub.data.name}"
        yield feed, feeds.atom(web.env, title, self.link(feed), self.link(pub.url), entries, web.language)

    def entry(self, edition: EditionEntry) -> feeds.Entry:
        pub = edition.publication
        titles = " · ".join(a.data.title for a in edition.articles)
        author = pub.data.department or pub.council.data.full_name
        return feeds.Entry(
            self.link(edition.url), edition_name(edition, self.t), edition.data.date.first_day(), titles, author
        )

    def edition(self, edition: EditionEntry, newer: EditionEntry | None, older: EditionEntry | None) -> Iterator[File]:
        web, pub = self.web, edition.publication
        name = edition_name(edition, self.t)
        crumbs = self.edition_crumbs(edition)
        cover = None
        if edition.data.cover:
            cover = image_rel(edition.url, 0, edition.data.cover.src)
            yield web.asset(cover, edition.source.path.parent / edition.data.cover.src)
        # a magazine's front: the cover, the first article large (with its first picture), then
        # the rest by section
        lead = edition.articles[0] if edition.articles else None
        lead_image = None
        if lead and lead.data.images:
            lead_image = (image_rel(lead.url, 1, lead.data.images[0].src), lead.data.images[0])
        rest = [a for a in edition.articles if a is not lead]
        sections = [(s, [a for a in rest if a.data.section == s.id]) for s in edition.data.sections]
        titles = {s.id: s.title for s in edition.data.sections}
        items = digest_items(edition, self.link)
        whole = self.link(edition.url)
        title = " · ".join(t for t in (edition.data.title, edition.data.special_title) if t)
        yield web.card(f"{edition.url}share.png", f"{pub.council.data.full_name} {pub.data.name}", title)
        yield f"{edition.url}digest-mms.txt", mms.mms(name, items, whole, self.t)
        yield f"{edition.url}digest-kakao.txt", mms.kakao_text(name, items, whole, self.t)
        yield f"{edition.url}kakao.json", mms.kakao_template(name, items, whole, self.t)
        yield from web.page(
            "news_edition.html",
            Page(edition.url, name, crumbs, "councils", edition.data.special_title),
            edition=edition,
            pub=pub,
            cover=cover,
            lead=lead,
            lead_section=titles.get(lead.data.section, "") if lead else "",
            lead_image=lead_image,
            minutes={a.slug: reading_minutes(a.body) for a in edition.articles},
            sections=[(s, arts) for s, arts in sections if arts],
            epub=web.download(edition.url, "epub"),
            pdf=web.download(edition.url, "pdf"),
            newer=newer,
            older=older,
            index=pub.data.name,
            modified=edition.data.date.first_day(),
        )

    def article(
        self, article: ArticleEntry, previous: ArticleEntry | None, following: ArticleEntry | None
    ) -> Iterator[File]:
        edition = article.edition
        name = edition_name(edition, self.t)
        crumbs = [*self.edition_crumbs(edition), (edition.data.title, edition.url)]
        images = []
        for n, image in enumerate(article.data.images, 1):
            rel = image_rel(article.url, n, image.src)
            yield self.web.asset(rel, article.source.path.parent / image.src)
            images.append((self.web.url(rel), image))
        section = next(s for s in article.edition.data.sections if s.id == article.data.section)
        yield from self.web.page(
            "news_article.html",
            Page(article.url, article.data.title, crumbs, "councils", article.data.summary),
            article=article,
            edition_name=name,
            section=section,
            body=self.web.markdown.render(article.body, 1),
            minutes=reading_minutes(article.body),
            images=images,
            includes=self.includes.views(article),
            previous=previous,
            next=following,
            index=name,
            modified=article.edition.data.date.first_day(),
        )
