"""The loaded site: councils → plans → programmes, each with its source file.

This is what every renderer receives. It holds validated models plus what a
renderer needs to know about the sources (slugs, acknowledged figures),
so renderers never go back to the files. Reading an entry's data or body is
noted while an output is made (sitegen/engine/recording.py): that is how the build
knows which outputs an edit affects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.content.model.newsletter import Article, Edition, Publication
from sitegen.content.model.performance import hierarchy
from sitegen.content.model.plan import Plan
from sitegen.content.model.programme import Channels, Programme
from sitegen.content.model.site import Council, Site
from sitegen.content.model.types import Markdown
from sitegen.content.source import Positions
from sitegen.engine.recording import Lazy, T, recorded

# Folders of a plan's own pages beside its programmes' (schedule/, budget/ …):
# a programme may not take one of these names.
PLAN_PAGES = ("schedule", "budget", "indicators", "data")
# Folders of the site's own pages beside the councils' (search/, compare/ …, see
# sitegen/outputs/web/pages.py and build.py): a council may not take one of these names.
SITE_PAGES = ("search", "compare", "static", "schemas", "build-info")


@dataclass(frozen=True)
class Acknowledged:
    """A figure kept as published although its parts give another value."""

    stated: Any
    derived: Any
    reason: str


@dataclass
class Source:
    # not in repr: a template printing an entry (|string) would publish where the build runs
    path: Path = field(repr=False)
    shown: str  # as the editor sees it: content/councils/…/plan.yaml
    positions: Positions
    acknowledged: dict[str, Acknowledged] = field(default_factory=dict)
    digest: str = ""  # of the parsed text: an edit changes it (see sitegen/outputs/graph.py)

    def __getattr__(self, name: str) -> Any:
        """Only for what __dict__ lacks: a path the council cache left as its text, made a
        Path when first asked for. An edit's build asks for the plans' and editions' paths,
        not the programmes', and making every one was a fifth of taking the councils from the
        cache (benchmarks/README.md)."""
        if name == "path" and "_path_text" in self.__dict__:
            path = self.__dict__["path"] = Path(self.__dict__.pop("_path_text"))
            return path
        raise AttributeError(name)


@dataclass(frozen=True)
class Brief:
    """What is shown of a programme where every programme is (the search page's list, the
    channels comparison) and what links it: kept open beside its packed data, so those pages
    and the loader open no one's data; a read of it is a read of the data (sitegen/engine/recording.py)."""

    title: str
    tags: tuple[str, ...]
    channels: Channels | None
    continues: str

    @classmethod
    def of(cls, data: Programme) -> Brief:
        return cls(data.title, tuple(data.tags), data.channels, data.continues)


class KeptApart:
    """A plan's programmes or an edition's articles, which the council cache keeps apart from
    the rest of the council and unpickles when they are first read (content/councilcache.py):
    an edit's build reads no other council's, and unpickling every council's whole was most
    of taking the untouched councils from the cache (benchmarks/README.md). Until then the
    field holds a Lazy, whose open() puts every such list of its council in place."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name]
        if isinstance(value, Lazy):
            value.open()
            value = obj.__dict__[self.name]
            if isinstance(value, Lazy):  # an entry copied from the council's (none is): not its place
                raise RuntimeError(f"{self.name} of a copied entry read before the council's own")
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


def kept_len(entry: Any, name: str) -> int:
    """len() of a list KeptApart, told by the council cache while it holds the list unread: the
    site's counts (build-info, check) and the shards' weights open no council's programmes."""
    value = entry.__dict__[name]
    known = value.length(entry, name) if isinstance(value, Lazy) else None
    return len(getattr(entry, name)) if known is None else known


def held_digests(council: CouncilEntry) -> dict[str, tuple[str, str]] | None:
    """The (data, body) digests of the council's programmes and articles by their source as
    shown, while the council cache still holds them apart (none of them read); else None."""
    lists = [plan.__dict__["programmes"] for plan in council.plans[:1]]
    lists += [e.__dict__["articles"] for pub in council.publications for e in pub.editions[:1]]
    return getattr(lists[0], "digests", None) if lists else None  # every list holds the same


def kept_apart(name: str) -> Callable[[T], T]:
    """Make the named dataclass field KeptApart; put above @dataclass, which must see a plain field."""

    def wrap(cls: T) -> T:
        setattr(cls, name, KeptApart(name))
        return cls

    return wrap


@recorded("data", "body", brief="data")
@dataclass
class ProgrammeEntry:
    slug: str
    source: Source
    data: Programme
    body: Markdown
    body_line: int
    plan: PlanEntry = field(repr=False)
    chapter: int = 0
    continued_by: list[ProgrammeEntry] = field(default_factory=list, repr=False)
    continues: ProgrammeEntry | None = field(default=None, repr=False)
    brief: Brief = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.brief = Brief.of(self.data)

    @property
    def url(self) -> str:
        return f"{self.plan.url}{self.slug}/"


@kept_apart("programmes")
@recorded("data")
@dataclass
class PlanEntry:
    slug: str
    source: Source
    data: Plan
    council: CouncilEntry = field(repr=False)
    programmes: list[ProgrammeEntry] = field(default_factory=list)
    # programmes whose files exist but have problems of their own: referred to as existing,
    # so that an article naming one is not told it does not exist (its file's errors say why)
    unloaded: set[str] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"{self.council.url}{self.slug}/"

    def programme(self, slug: str) -> ProgrammeEntry | None:
        return next((p for p in self.programmes if p.slug == slug), None)

    def in_chapter(self, index: int) -> list[ProgrammeEntry]:
        return [p for p in self.programmes if p.chapter == index]

    def programme_count(self) -> int:
        """Its programmes: its programme files; for a performance plan written without them,
        its lowest levels (세부사업), which are its programmes ("사업 0개" otherwise)."""
        perf = self.data.performance
        if (count := kept_len(self, "programmes")) or perf is None:
            return count
        return sum(1 for top in hierarchy(perf) for n in top.walk() if not n.children)


@recorded("data", "body")
@dataclass
class ArticleEntry:
    slug: str
    source: Source
    data: Article
    body: Markdown
    body_line: int
    edition: EditionEntry = field(repr=False)
    related: list[ProgrammeEntry] = field(default_factory=list, repr=False)
    # per entry of data.includes: the programmes it draws on (resolved by the loader)
    included: list[list[ProgrammeEntry]] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        return f"{self.edition.url}{self.slug}/"


@kept_apart("articles")
@recorded("data")
@dataclass
class EditionEntry:
    slug: str
    source: Source
    data: Edition
    publication: PublicationEntry = field(repr=False)
    articles: list[ArticleEntry] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.publication.url}{self.slug}/"


@recorded("data")
@dataclass
class PublicationEntry:
    slug: str
    source: Source
    data: Publication
    council: CouncilEntry = field(repr=False)
    editions: list[EditionEntry] = field(default_factory=list)  # newest first

    @property
    def url(self) -> str:
        return f"{self.council.url}news/{self.slug}/"


@recorded("data")
@dataclass
class CouncilEntry:
    slug: str
    source: Source
    data: Council
    plans: list[PlanEntry] = field(default_factory=list)
    publications: list[PublicationEntry] = field(default_factory=list)
    # its files as the load found them, by the build cache's key (content/councilcache.py),
    # set only when they did not change while it loaded: a council of the same key has the same
    # entries, their data and bodies; "" when not known (outputs/web/output._whole_as_before)
    key: str = field(default="", repr=False, compare=False)

    @property
    def url(self) -> str:
        return f"{self.slug}/"

    @property
    def folder(self) -> str:
        """Its folder as its entries' sources name it ("content/councils/x/"): theirs are below."""
        return f"{self.source.shown.rpartition('/')[0]}/"

    def departments(self) -> list[tuple[int, str, list[str], str]]:
        """The department's history from its plans: (year, name, teams, note)."""
        return [
            (p.data.year, p.data.department.name, [t.name for t in p.data.teams], p.data.department.note)
            for p in sorted(self.plans, key=lambda p: p.data.year)
        ]


@dataclass
class SiteModel:
    root: Path = field(repr=False)  # as Source.path
    source: Source
    config: Site
    councils: list[CouncilEntry] = field(default_factory=list)

    def all_plans(self) -> list[PlanEntry]:
        return [p for c in self.councils for p in c.plans]

    def all_programmes(self) -> list[ProgrammeEntry]:
        return [g for p in self.all_plans() for g in p.programmes]

    def all_editions(self) -> list[EditionEntry]:
        return [e for c in self.councils for pub in c.publications for e in pub.editions]
