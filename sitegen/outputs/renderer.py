"""What every output renders through: the theme's templates, strings and views.

The web pages, the print booklets and magazines and the e-books show the same
views with the same template macros, so a table reads alike on a phone, on
paper and in a reading app. This base holds only that shared part; each
output's renderer adds its own (the web's search index and page records, the
print styles, the e-book's packaging) and none is built on another's.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlparse

from markupsafe import Markup

from sitegen.content.entries import PlanEntry, SiteModel
from sitegen.outputs import charts, summary
from sitegen.outputs.markdown import MarkdownCache
from sitegen.outputs.page import Page
from sitegen.outputs.theme import Theme
from sitegen.outputs.view import Node, TableView, Viewer, bullets, show_value

# Where a plan's parts belong among its chapters, by the chapter's kind.
CHAPTER_FIELDS = {
    "overview": frozenset({"department", "occasion", "teams", "staffing", "budget", "tables"}),
    "results": frozenset({"results"}),
    "direction": frozenset({"direction"}),
}


class Renderer:
    def __init__(self, site: SiteModel, theme: Theme, markdown: MarkdownCache | None = None):
        self.site = site
        self.markdown = markdown or MarkdownCache(None)  # the build's: what was rendered before is kept
        parsed = urlparse(site.config.base_url)
        self.base = parsed.path or "/"
        self.host = f"{parsed.scheme}://{parsed.netloc}" if parsed.netloc else ""
        self.theme = theme
        self.t = theme.t
        self.env = theme.environment()
        self.env.globals.update(
            t=self.t,
            url=self.url,
            site=site,
            config=site.config,
            show=self.show,
            bullets=bullets,  # a text field written as "- " lines: its items, to show as a list
            programme_count=summary.programme_count,
            chart=self.chart,
            register=self.register,
            absolute=self.absolute,
            programme_table=lambda plan, progs, caption, key: summary.programme_list(
                plan, progs, caption, key, self.t, self.show
            ),
        )
        self.env.filters["money"] = self.show

    # --- helpers templates call -------------------------------------------------

    def url(self, rel: str = "") -> str:
        return self.base + rel

    def absolute(self, rel: str) -> str:
        return self.host + self.url(rel)

    def show(self, value: Any) -> str:
        return show_value(value, self.t)

    def register(self, page: Page, tv: TableView) -> TableView:
        """A table is about to be shown: give it a key unique on the page and its data files."""
        key, n = tv.key or "table", 2
        while key in page.tables and page.tables[key] is not tv:
            key, n = f"{tv.key}-{n}", n + 1
        tv.key = key
        page.tables[key] = tv
        return tv

    def chart(self, page: Page, tv: TableView) -> Markup:
        if not tv.chart or not tv.chart.drawable():
            return Markup("")
        page.charts += 1
        return charts.svg(tv.chart, f"chart{page.charts}", self.show, t=self.t)

    # --- a plan, as every output shows it ------------------------------------------

    def viewer(self, plan: PlanEntry, acknowledged: dict) -> Viewer:
        teams = {t.id: t.name for t in plan.data.teams}
        return Viewer(self.t, acknowledged, teams, plan.data.year, self.markdown.render)

    def performance(self, plan: PlanEntry) -> dict[str, Any] | None:
        """A performance plan as the web's indicators page and the booklet show it: the top
        levels' table, then each level with its texts, its own facts (code, period, delivery,
        ...), the table of the levels under it (budget by year with 결산/예산) and its indicators."""
        perf = plan.data.performance
        if perf is None:
            return None
        viewer = self.viewer(plan, plan.source.acknowledged)
        overview, levels = summary.performance_view(perf, plan.data.year, self.t, self.show, plan.source.acknowledged)

        def shown(lv: summary.LevelView) -> dict[str, Any]:
            d = lv.node.data
            return {
                "view": lv,
                "texts": [(title, self.markdown.render(body, 3)) for title, body in d.texts.items()],
                "facts": viewer.fields(d, skip=set(type(d).model_fields) - set(summary.FACTS)),
                "children": [shown(kid) for kid in lv.children],
            }

        return {"performance": perf, "overview": overview, "levels": [shown(lv) for lv in levels]}

    def performance_holds(self, plan: PlanEntry) -> str:
        """What a performance plan holds, in a line: 전략목표 1개, …, 성과지표 5개."""
        perf = plan.data.performance
        if perf is None:
            return ""
        counts = summary.level_counts(perf)
        return ", ".join(self.t("count_of", level=name or self.t("indicators"), count=n) for name, n in counts if n)

    def plan_title(self, plan: PlanEntry) -> str:
        return f"{plan.council.data.full_name} {plan.data.department.name} {plan.data.title}"

    def plan_date(self, plan: PlanEntry) -> date:
        d = plan.data.issued or plan.data.as_of
        return d.first_day() if d else date(plan.data.year, 1, 1)

    def layout(self, plan: PlanEntry, viewer: Viewer) -> tuple[list[Node], list[tuple[Any, Markup, list, list]]]:
        """A plan's parts, each under the chapter the document prints it in; the rest come after.

        Returns the parts placed in no chapter, and per chapter: the chapter,
        its body, its programmes and its parts.
        """
        nodes = viewer.fields(plan.data, skip={"title", "chapters", "summary"})
        # a department that says only its name says what every page's title says already
        # (울산 중구 2026 ended with "부서 / 부서명 / 홍보실")
        nodes = [n for n in nodes if not (n.name == "department" and [c.name for c in n.children] == ["name"])]
        placed: dict[int, list[Node]] = {}
        for n in nodes:
            kind = next((k for k, names in CHAPTER_FIELDS.items() if n.name in names), None)
            at = next((i for i, ch in enumerate(plan.data.chapters) if ch.kind == kind), None)
            if n.kind != "text" and at is not None:
                placed.setdefault(at, []).append(n)
        inside = {id(n) for ns in placed.values() for n in ns}
        chapters = [
            (ch, self.markdown.render(ch.body, 2), plan.in_chapter(i), placed.get(i, []))
            for i, ch in enumerate(plan.data.chapters)
        ]
        return [n for n in nodes if id(n) not in inside], chapters
