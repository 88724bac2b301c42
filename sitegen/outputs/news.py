"""What every output of a newsletter edition shows: its name, and the plan data
its articles include (a month's milestones, a programme's summary card, a
programme's budget).

The web pages, the EPUB and the print PDF all render these views with the
same template macros, so an edit to a plan reaches all three in one build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from sitegen.content.entries import ArticleEntry, EditionEntry, PlanEntry, ProgrammeEntry
from sitegen.content.model.common import Image
from sitegen.outputs import summary
from sitegen.outputs.markdown import render
from sitegen.outputs.view import Cell, Node, TableView, Viewer, won_reading

T = Callable[..., str]
# The fields of a programme its summary card shows; the budget comes from summary.programme_budget.
CARD_FIELDS = {"kind", "purpose", "period", "period_note", "place", "target", "scale"}
BUDGET_FIELDS = {"budget", "funding"}


@dataclass
class IncludeView:
    kind: str  # milestones | programme | budget
    title: str
    source_label: str  # where the data comes from, named for readers
    source_url: str  # its page, from the site root
    key: str  # unique within the article: names ids and data files
    facts: list[Node] = field(default_factory=list)
    sections: list[Node] = field(default_factory=list)
    table: TableView | None = None
    empty: str = ""  # said instead when there is nothing to show


@dataclass
class ArticleView:
    """An article as the print edition and the e-book show it: the same blocks with the same ids.

    Ids starting with 'pb-' mark the article and each of its top-level blocks,
    so the e-book's page list can point where each printed page begins.
    """

    entry: ArticleEntry
    body: Markup
    includes: list[IncludeView]
    images: list[tuple[str, Image]]  # (address in this output, image)

    @property
    def anchor(self) -> str:
        return f"pb-{self.entry.slug}"


def article_view(
    article: ArticleEntry,
    includes: Includes,
    image_src: Callable[[int, Image], str],
    shift: int = 1,
    markdown: Callable[..., Markup] = render,
) -> ArticleView:
    return ArticleView(
        article,
        markdown(article.body, shift, ids=f"pb-{article.slug}-"),
        includes.views(article, prefix=f"{article.slug}-"),
        [(image_src(n, im), im) for n, im in enumerate(article.data.images, 1)],
    )


def edition_name(edition: EditionEntry, t: T) -> str:
    """'중구뉴스 2026년 1분기', with the issue number when it is known."""
    name = f"{edition.publication.data.name} {edition.data.title}"
    return f"{name} ({t('issue_number', number=edition.data.number)})" if edition.data.number else name


def plan_label(plan: PlanEntry) -> str:
    return f"{plan.council.data.full_name} {plan.data.department.name} {plan.data.title}"


def _fields(viewer: Viewer, prog: ProgrammeEntry, keep: set[str]) -> list[Node]:
    skip = set(type(prog.data).model_fields) - keep
    return viewer.fields(prog.data, skip=skip)


class Includes:
    """Builds an article's include views; `viewer` makes the plan's Viewer (teams, notes, year)."""

    def __init__(self, t: T, show: Callable[[object], str], viewer: Callable[[PlanEntry, dict], Viewer]):
        self.t, self.show, self.viewer = t, show, viewer

    def views(self, article: ArticleEntry, prefix: str = "") -> list[IncludeView]:
        """`prefix` keeps ids unique where several articles share a document (the print edition)."""
        out = []
        for i, (inc, progs) in enumerate(zip(article.data.includes, article.included, strict=True)):
            key = f"{prefix}include-{i + 1}"
            if not progs:
                continue  # the loader reported it; a build never gets here with a dangling include
            if inc.kind == "milestones":
                month = inc.month or article.edition.data.date.month
                assert month is not None  # the loader refused an include without one
                out.append(self.milestones(progs, article.edition.data.date.year, month, key, inc.months))
            elif inc.kind == "programme":
                out.append(self.card(progs[0], key))
            else:
                out.append(self.budget(progs[0], key))
        return out

    def milestones(self, progs: list[ProgrammeEntry], year: int, month: int, key: str, months: int = 1) -> IncludeView:
        """The milestones of `months` months from `month`, each once: a quarter's schedule as
        one table, not three that repeat what runs through all of them."""
        items = summary.in_months([m for p in progs for m in summary.programme_milestones(p)], year, month, months)
        last_year, last = year + (month + months - 2) // 12, (month + months - 2) % 12 + 1
        when = self.t("month_label", year=year, month=month)
        if months > 1:
            end = (
                self.t("month_only", month=last)
                if last_year == year
                else self.t("month_label", year=last_year, month=last)
            )
            when = self.t("month_range", start=when, end=end)
        title = self.t("include_milestones", month=when)
        plan = progs[0].plan
        rows = [
            [Cell(m.when), Cell(m.programme.data.title, header=True, href=m.programme.url), Cell(m.what)] for m in items
        ]
        head = [self.t("col_when"), self.t("col_programme"), self.t("col_what")]
        caption = self.t("include_milestones_table", month=when)
        table = TableView(caption, "", [head], rows, key=key) if rows else None
        return IncludeView(
            "milestones",
            title,
            plan_label(plan),
            f"{plan.url}schedule/",
            key,
            table=table,
            empty=self.t("include_no_milestones" if months == 1 else "include_no_milestones_period"),
        )

    def card(self, prog: ProgrammeEntry, key: str) -> IncludeView:
        viewer = self.viewer(prog.plan, prog.source.acknowledged)
        nodes = _fields(viewer, prog, CARD_FIELDS)
        # in the unit of the plan's own pages (음성: 백만원), said aloud beside it as there
        unit = summary.plan_unit(prog.plan)
        amount = summary.programme_budget(prog, unit)
        if amount is not None:
            budget = f"{self.show(amount)}{unit}"
            if reading := won_reading(amount, unit):
                budget += f" ({reading})"
            nodes.append(Node("text", self.t("col_budget"), budget, name="budget"))
        return IncludeView(
            "programme",
            prog.data.title,
            plan_label(prog.plan),
            prog.url,
            key,
            facts=[n for n in nodes if n.kind == "text"],
            sections=[n for n in nodes if n.kind != "text"],
        )

    def budget(self, prog: ProgrammeEntry, key: str) -> IncludeView:
        viewer = self.viewer(prog.plan, prog.source.acknowledged)
        nodes = _fields(viewer, prog, BUDGET_FIELDS)
        for n in nodes:  # node names become element ids: keep them unique on the page
            n.name = f"{key}-{n.name}"
        return IncludeView(
            "budget",
            self.t("include_budget", programme=prog.data.title),
            plan_label(prog.plan),
            prog.url,
            key,
            facts=[n for n in nodes if n.kind == "text"],
            sections=[n for n in nodes if n.kind != "text"],
            empty=self.t("include_no_budget"),
        )
