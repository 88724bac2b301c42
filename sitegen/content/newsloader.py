"""Load newsletters: publications → editions → articles, after the plans,
because articles refer to programmes (related, includes) that must exist.

Problems are reported through the site's loader (loader.py), with file:line
like everything else; what this needs of it, SiteLoader says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel

from sitegen.content.entries import ArticleEntry, CouncilEntry, EditionEntry, ProgrammeEntry, PublicationEntry, Source
from sitegen.content.model.newsletter import Article, Edition, Publication
from sitegen.content.model.types import Markdown
from sitegen.content.packed import Packed
from sitegen.content.source import Loaded, Path_, read_text, split_front_matter
from sitegen.messages import text
from sitegen.problems import Problems


class SiteLoader(Protocol):
    """What loading newsletters needs of the site's loader: its files read and validated,
    its problems, and its entries to pack once checked."""

    problems: Problems
    packing: list[tuple[Any, Packed, str]]

    def shown(self, path: Path) -> str: ...
    def problem(self, path: Path, found: str, expected: str, line: int = 1, field: str = "") -> None: ...
    def at(self, source: Source, loc: Path_, found: str, expected: str, hint: str = "") -> None: ...
    def open_folder(self, folder: Path, name: str) -> tuple[Path, Loaded | None] | None: ...
    def model(
        self, cls: type[BaseModel], path: Path, doc: Loaded, context: dict[str, Any]
    ) -> tuple[Any, Source] | None: ...
    def front_matter(
        self, cls: type[BaseModel], path: Path, front: str, context: dict[str, Any]
    ) -> tuple[Any, Source, Packed] | None: ...
    def check_body(self, path: Path, body: str, body_line: int) -> None: ...
    def check_file(self, source: Source, loc: Path_, base: Path, ref: str) -> None: ...


NEWS = "news"  # publications are published under <council>/news/


class NewsLoader:
    def __init__(self, loader: SiteLoader):
        self.loader = loader

    def load_council(self, folder: Path, council: CouncilEntry) -> None:
        root = folder / "publications"
        for pub_folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
            publication = self.load_publication(pub_folder, council)
            if publication:
                council.publications.append(publication)

    def load_publication(self, folder: Path, council: CouncilEntry) -> PublicationEntry | None:
        opened = self.loader.open_folder(folder, "publication.yaml")
        if opened is None:
            return None
        path, doc = opened
        if doc is None:
            return None
        loaded = self.loader.model(Publication, path, doc, {})
        if not loaded:
            return None
        publication = PublicationEntry(folder.name, loaded[1], loaded[0], council)
        for edition_folder in sorted(p for p in folder.iterdir() if p.is_dir()):
            edition = self.load_edition(edition_folder, publication)
            if edition:
                publication.editions.append(edition)
        publication.editions.sort(key=lambda e: e.data.date.first_day(), reverse=True)
        seen: dict[int, EditionEntry] = {}
        for e in publication.editions:
            if e.data.number is None:
                continue
            if e.data.number in seen:
                other = seen[e.data.number].source.shown
                self.loader.at(
                    e.source, ("number",), text("duplicate_number", number=e.data.number), text("unique_number"), other
                )
            seen.setdefault(e.data.number, e)
        return publication

    def load_edition(self, folder: Path, publication: PublicationEntry) -> EditionEntry | None:
        opened = self.loader.open_folder(folder, "edition.yaml")
        if opened is None:
            return None
        path, doc = opened
        if doc is None:
            return None
        loaded = self.loader.model(Edition, path, doc, {})
        if not loaded:
            return None
        edition = EditionEntry(folder.name, loaded[1], loaded[0], publication)
        if edition.data.cover:
            self.loader.check_file(edition.source, ("cover", "src"), folder, edition.data.cover.src)
        ids = [s.id for s in edition.data.sections]
        for i, sid in enumerate(ids):
            if sid in ids[:i]:
                self.loader.at(edition.source, ("sections", i, "id"), text("duplicate_id", id=sid), text("unique_id"))
        article_dir = folder / "articles"
        files = {p.stem: p for p in sorted(article_dir.glob("*.md"))} if article_dir.is_dir() else {}
        for i, slug in enumerate(edition.data.articles):
            loc = ("articles", i)
            if slug in edition.data.articles[:i]:
                self.loader.at(edition.source, loc, text("article_twice", slug=slug), text("listed_once"))
            elif slug not in files:
                self.loader.at(
                    edition.source,
                    loc,
                    text("unknown_reference", kind=text("kind_article"), ref=slug),
                    text("one_of_known", kind=text("kind_article"), known=", ".join(files) or text("none_defined")),
                    text("article_file", slug=slug),
                )
        for slug, file in files.items():
            if slug not in edition.data.articles:
                self.loader.problem(file, text("article_not_listed", slug=slug), text("article_listed"))
                continue
            article = self.load_article(file, edition)
            if article:
                edition.articles.append(article)
        order = edition.data.articles
        edition.articles.sort(key=lambda a: order.index(a.slug))
        return edition

    def load_article(self, path: Path, edition: EditionEntry) -> ArticleEntry | None:
        shown = self.loader.shown(path)
        raw, problems = read_text(path, shown)
        self.loader.problems.extend(problems)
        if raw is None:
            return None
        front, body, body_line, problems = split_front_matter(raw, shown)
        self.loader.problems.extend(problems)
        if front is None:
            return None
        loaded = self.loader.front_matter(Article, path, front, {"year": edition.data.date.year})
        if not loaded:
            return None
        article = ArticleEntry(path.stem, loaded[1], loaded[0], Markdown(body), body_line, edition)
        self.loader.packing.append((article, loaded[2], body))
        self.loader.check_body(path, body, body_line)
        source, data = article.source, article.data
        ids = [s.id for s in edition.data.sections]
        if data.section not in ids:
            self.loader.at(
                source,
                ("section",),
                text("unknown_reference", kind=text("kind_section"), ref=data.section),
                text("one_of_known", kind=text("kind_section"), known=", ".join(ids)),
            )
        for i, image in enumerate(data.images):
            self.loader.check_file(source, ("images", i, "src"), path.parent, image.src)
        council = edition.publication.council
        for i, ref in enumerate(data.related):
            target = self.programme(council, source, ("related", i), ref)
            if target:
                article.related.append(target)
        for i, inc in enumerate(data.includes):
            loc: Path_ = ("includes", i, "programme")
            if inc.programme:
                target = self.programme(council, source, loc, inc.programme)
                article.included.append([target] if target else [])
            elif inc.kind == "milestones":  # the council's plans for the edition's year
                year = edition.data.date.year
                progs = [g for p in council.plans if p.data.year == year for g in p.programmes]
                if not progs:
                    self.loader.at(source, ("includes", i), text("no_plan_for_year", year=year), text("plan_for_year"))
                if inc.month is None and edition.data.date.month is None:  # which month's schedule?
                    self.loader.at(source, ("includes", i), text("include_needs_month"), text("include_month"))
                article.included.append(progs)
            else:
                self.loader.at(source, loc, text("include_needs_programme", kind=inc.kind), text("programme_ref"))
                article.included.append([])
        return article

    def programme(self, council: CouncilEntry, source: Source, loc: Path_, ref: str) -> ProgrammeEntry | None:
        folder, _, slug = ref.partition("/")
        plan = next((p for p in council.plans if p.slug == folder), None)
        target = plan.programme(slug) if plan else None
        if target is None and plan and slug in plan.unloaded:
            return None  # it exists; its own file's problems are reported
        if target is None:
            known = ", ".join(f"{p.slug}/{g.slug}" for p in council.plans for g in p.programmes)
            self.loader.at(
                source,
                loc,
                text("unknown_reference", kind=text("kind_programme"), ref=ref),
                text("one_of_known", kind=text("kind_programme"), known=known or text("none_defined")),
            )
        return target
