"""`sitegen new …`: valid starting files from the theme's scaffold/ templates.

Each kind writes files that pass `sitegen check` as they are and says what to
edit next. A programme or an article is also added to the list that orders it
(plan.yaml's first programmes chapter, edition.yaml's articles), since a file
missing from that list is an error.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined

from sitegen import DIST, __version__
from sitegen.content.entries import PLAN_PAGES, SITE_PAGES
from sitegen.content.model.common import is_slug
from sitegen.messages import text
from sitegen.outputs.theme import ThemeSandbox

SITE_FILES = Path(__file__).resolve().parents[1] / "site_files"  # CI, hooks and README for a new site repository


PINNED = "@SITEGEN_REQUIREMENT@"  # in the CI files: the distribution at this very version


def requirement() -> str:
    """What a new site's CI installs: this sitegen's own distribution, pinned to its version,
    with the native Markdown engine (the `fast` extra: a wheel for the workflows' Python 3.11
    on Linux; sitegen falls back to markdown-it-py wherever it is missing)."""
    return f"{DIST}[fast]=={__version__}"


class ScaffoldError(Exception):
    """A sentence for the editor; exit status 1."""


@dataclass
class Made:
    files: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


class Scaffold:
    def __init__(self, themes: list[Path], content: Path):
        folders = [str(t / "scaffold") for t in themes if (t / "scaffold").is_dir()]
        self.env = ThemeSandbox(  # the scaffold templates are the theme's, which a push may change
            loader=FileSystemLoader(folders), undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
        )
        self.content = content
        self.made = Made()

    def unlinked(self, path: Path) -> Path:
        """path, when neither it nor a folder on the way to it from the content folder (that
        folder included) is a symbolic link: `new` wrote through a pushed link to outside."""
        here = self.content
        for part in (None, *path.relative_to(self.content).parts):
            here = here if part is None else here / part
            if os.path.islink(here):
                raise ScaffoldError(text("new_link", path=here))
        return path

    def write(self, template: str, target: Path, **values: object) -> None:
        if os.path.lexists(self.unlinked(target)):  # a link to nothing exists too
            raise ScaffoldError(text("new_exists", path=target))
        target.parent.mkdir(parents=True, exist_ok=True)
        made = self.env.get_template(template).render(**values).encode("utf-8")
        fd = os.open(self.unlinked(target), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(made)
        self.made.files.append(target)

    def rewrite(self, path: Path, source: str) -> None:
        """A list file (plan.yaml, edition.yaml) written again, whole, never through a link."""
        tmp = self.unlinked(path).with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(source, encoding="utf-8")
        os.replace(tmp, path)
        self.made.changed.append(path)

    def folder(self, *parts: str, must_exist: bool = True) -> Path:
        for part in parts:
            check_slug(part)
        path = self.unlinked(self.content.joinpath("councils", *parts))
        if must_exist and not path.is_dir():
            raise ScaffoldError(text("new_missing", path=path))
        return path

    def council(self, slug: str, name: str, level: str, parent: str) -> Made:
        refuse_reserved(slug, SITE_PAGES, "site_reserved", "council_folder_name")
        folder = self.folder(slug, must_exist=False)
        self.write("council/council.yaml", folder / "council.yaml", name=name, level=level, parent=parent)
        self.made.next_steps.append(text("new_next_council", path=folder / "council.yaml", slug=slug))
        return self.made

    def plan(self, council: str, year: int, department: str) -> Made:
        plans = self.folder(council) / "plans"
        folder = plans / str(year)
        values = {"year": year, "department": department, "programme": "first", "team": "team", "team_name": "담당팀"}
        self.write("plan/plan.yaml", folder / "plan.yaml", **values)
        self.write("programme/programme.md", folder / "programmes/first.md", title="첫 사업", **values)
        self.made.next_steps.append(text("new_next_plan", path=folder / "plan.yaml"))
        return self.made

    def programme(self, council: str, year: int, slug: str, title: str) -> Made:
        folder = self.folder(council, "plans", str(year))
        plan = folder / "plan.yaml"
        source = self.unlinked(plan).read_text(encoding="utf-8")
        team = re.search(r"^\s*-?\s*id:\s*([a-z0-9-]+)", source, re.M)
        listed = re.compile(r"^(\s*programmes:\s*\[)([^\]]*)\]", re.M)
        if not team or not listed.search(source):
            raise ScaffoldError(text("new_no_list", path=plan, field="chapters[].programmes"))
        refuse_reserved(slug, PLAN_PAGES, "reserved_name", "other_name")
        target = folder / "programmes" / f"{check_slug(slug)}.md"
        self.write("programme/programme.md", target, title=title, year=year, team=team[1])
        self.rewrite(plan, listed.sub(lambda m: f"{m[1]}{join(m[2], slug)}]", source, count=1))
        self.made.next_steps.append(text("new_next_programme", path=folder / "programmes" / f"{slug}.md"))
        return self.made

    def edition(self, council: str, publication: str, slug: str, name: str, date: str, title: str) -> Made:
        folder = self.folder(council) / "publications" / publication
        self.folder(council, "publications", publication, slug, must_exist=False)
        if not (folder / "publication.yaml").exists():
            self.write("publication/publication.yaml", folder / "publication.yaml", name=name)
        self.write("edition/edition.yaml", folder / slug / "edition.yaml", date=date, title=title, article="first")
        self.write("article/article.md", folder / slug / "articles/first.md", title="첫 기사", section="news")
        self.made.next_steps.append(text("new_next_edition", path=folder / slug / "edition.yaml"))
        return self.made

    def article(self, council: str, publication: str, edition: str, slug: str, title: str) -> Made:
        folder = self.folder(council, "publications", publication, edition)
        yaml = folder / "edition.yaml"
        source = self.unlinked(yaml).read_text(encoding="utf-8")
        section = re.search(r"\bid:\s*([a-z0-9-]+)", source)
        listed = re.compile(r"^(articles:\s*\[)([^\]]*)\]", re.M)
        if not section or not listed.search(source):
            raise ScaffoldError(text("new_no_list", path=yaml, field="articles"))
        target = folder / "articles" / f"{check_slug(slug)}.md"
        self.write("article/article.md", target, title=title, section=section[1])
        self.rewrite(yaml, listed.sub(lambda m: f"{m[1]}{join(m[2], slug)}]", source, count=1))
        self.made.next_steps.append(text("new_next_article", path=folder / "articles" / f"{slug}.md"))
        return self.made


def check_slug(name: str) -> str:
    """A file or folder name as content/ wants it: it becomes part of web addresses."""
    if not is_slug(name):
        raise ScaffoldError(text("new_bad_slug", slug=name))
    return name


def refuse_reserved(name: str, reserved: tuple[str, ...], found: str, expected: str) -> None:
    """What `check` would refuse, refused before anything is written: a name the site's or
    a plan's own pages use."""
    if name in reserved:
        names = ", ".join(reserved)
        raise ScaffoldError(
            f"{text('found')}: {text(found, name=name)} / {text('expected')}: {text(expected, names=names)}"
        )


def join(items: str, slug: str) -> str:
    listed = [s.strip() for s in items.split(",") if s.strip()]
    if slug in listed:
        raise ScaffoldError(text("new_listed", slug=slug))
    return ", ".join([*listed, slug])


def new_site(target: Path, themes: list[Path]) -> Made:
    """A new site repository: config, one example council with a plan and a newsletter, CI, hooks, README."""
    if target.exists() and any(target.iterdir()):
        raise ScaffoldError(text("new_not_empty", path=target))
    content = target / "content"
    content.mkdir(parents=True, exist_ok=True)
    scaffold = Scaffold(themes, content)
    scaffold.write("site/site.yaml", content / "site.yaml")
    scaffold.council("example", "예시구", "구", "예시광역시")
    scaffold.plan("example", 2026, "홍보담당관")
    scaffold.edition("example", "news", "2026-01", "예시구 소식", "2026. 1.", "2026년 1월호")
    for src in sorted(SITE_FILES.rglob("*")):
        if src.is_file():
            dest = target / src.relative_to(SITE_FILES)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest)
            if src.suffix in (".yml", ".yaml", ".md"):  # CI and editors install exactly this version
                body = dest.read_text(encoding="utf-8").replace(PINNED, requirement())
                dest.write_text(body, encoding="utf-8")
            scaffold.made.files.append(dest)
    scaffold.made.next_steps = [text("new_next_site", path=target)]
    return scaffold.made
