"""A view of any model for templates: every field, labelled, in declaration order.

Zola keeps a separate view of a page for templates; here the view is built
generically from the model's field titles, so a field added to the model
appears on its page without a template change, and nothing is unreachable.
Figures kept as published carry the note readers see beside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from sitegen.content.checks import fmt, tidy
from sitegen.content.entries import Acknowledged
from sitegen.content.model.common import UNITS, Contact, Figure, Funding, Milestone, Table, recurrence
from sitegen.content.model.plan import BudgetRow, BudgetSummary, Count, Staffing, Team
from sitegen.content.model.programme import Budget, BudgetItem, Channel, Channels, Formula, SourceShare
from sitegen.content.model.types import Markdown, PartialDate, Period, parse_period
from sitegen.content.source import Path_, dotted
from sitegen.outputs.charts import Chart
from sitegen.outputs.markdown import render

SKIP = {"as_published"}  # shown as notes beside the figures they concern


# Widths in ems of the table's text, for TableView.narrowest: the advances of the default
# theme's font (Pretendard GOV, its bold the same), enough to tell whether a table fits a phone
CELL_PADDING = 1.26  # .6rem each side, in ems of the table's .95rem text
NOTE_MARK = 1.2
ROW_LABEL = 6.5  # tbody th's min-width
DEPTH_INDENT = 1.05  # a nested budget row's extra indent per level
# where a line may break inside a cell: spaces, after "/", ")" or a middle dot, before "(" (독산3동/독산4동,
# 지역보건의료정보시스템(PHIS)통합)
BREAKS = re.compile(r"\s+|(?<=[/)·・])|(?=\()")
NARROW = frozenset(" ()/.,·:;'\"[]!|")


def text_em(text: str) -> float:
    width = 0.0
    for ch in text:
        if "\uac00" <= ch <= "\ud7a3" or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef":
            width += 0.864  # Hangul, CJK and full-width forms
        elif ch in NARROW:
            width += 0.288
        elif ch.isupper() or ch in "%mwMW":
            width += 0.7
        else:  # digits, small letters, - ~ and the rest
            width += 0.576
    return width


@dataclass
class Cell:
    text: str
    header: bool = False
    note: Acknowledged | None = None
    numeric: bool = False
    value: Any = None  # the number behind the text, for charts and open data
    href: str = ""  # a page the cell links to, from the site root


@dataclass
class TableView:
    caption: str
    unit: str
    head: list[list[str]]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)
    key: str = ""  # stable id on its page, from the field path: names its data files
    depth: list[int] = field(default_factory=list)  # per row: nesting level (budget rows)
    chart: Chart | None = None

    def noted(self) -> list[Acknowledged]:
        """Its cells' notes (figures kept as published), each once, in reading order: a numbered
        mark in the cell and the note under the table, so a note never widens a figure's column."""
        found: list[Acknowledged] = []
        for row in self.rows:
            found += [c.note for c in row if c.note and c.note not in found]
        return found

    def numeric_columns(self) -> set[int]:
        """The columns of figures: their headers stand right, over the figures."""
        return {j for row in self.rows for j, c in enumerate(row) if c.numeric}

    def narrowest(self) -> float:
        """About how narrow the table can be, in ems of its text: per column, its widest word
        (a Korean line breaks between 어절 only; a figure or a column heading not at all),
        plus the cells' padding. Enough to tell a table that fits a phone from one that does
        not, so the hint to scroll it sideways is shown only where it scrolls."""
        widths: dict[int, float] = {}
        for j, text in enumerate(self.head[-1] if self.head else []):
            widths[j] = text_em(text)
        numeric = self.numeric_columns()
        for r, row in enumerate(self.rows):
            for j, c in enumerate(row):
                text = c.text or ""
                words = [text] if j in numeric else BREAKS.split(text)
                widest = max((text_em(w) for w in words), default=0.0)
                if c.header:  # a row's label: at least ROW_LABEL wide, indented by its depth
                    indent = DEPTH_INDENT * (self.depth[r] if r < len(self.depth) else 0)
                    widest = max(widest, ROW_LABEL) + indent
                widths[j] = max(widths.get(j, 0.0), widest + (NOTE_MARK if c.note else 0.0))
        return sum(widths.values()) + CELL_PADDING * len(widths)


@dataclass
class Node:
    kind: str  # text | html | list | group | table
    label: str
    value: Any = None
    children: list[Node] = field(default_factory=list)
    note: Acknowledged | None = None
    name: str = ""
    heading: bool = True  # False: shown without a heading of its own (its label is only the field's)


# The fields that name an item of a list: its heading, instead of the list's title and a number
TITLE_FIELDS = ("title", "name")


def own_title(item: Any) -> str:
    """The name an item of a list gives itself ("" for none; a table's caption names it inside)."""
    if isinstance(item, BaseModel) and not isinstance(item, Table):
        for name in TITLE_FIELDS:
            value = getattr(item, name, None)
            if isinstance(value, str) and value.strip():
                return value
    return ""


def show_value(value: Any, t: Callable[..., str]) -> str:
    """A value as the documents print it: thousand separators, △ for a decrease."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return fmt(value) if value >= 0 else "△" + fmt(-value)
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if value is None:
        return "-"
    return str(value)


BULLET = re.compile(r"^\s*[-*•·○◦▪※]\s+")


def bullets(text: str) -> list[str]:
    """The items of a text written as a list over several lines ("- 첫째\n- 둘째"); [] for any
    other text."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2 or not all(BULLET.match(line) for line in lines):
        return []
    return [BULLET.sub("", line).strip() for line in lines]


def won_reading(amount: Decimal | int, unit: str) -> str:
    """A sum of money as it is said: 379백만원 → "3억 7,900만 원", 3,648,821천원 → "약 36억
    4,882만 원" (below 만 원 left out, and then "약"); "" where there is nothing to read out
    (less than 만 원, a negative or unknown amount)."""
    if unit not in UNITS or amount < 0:
        return ""
    won = int(Decimal(amount) * UNITS[unit])
    if won < 10_000:
        return ""
    parts = [(won // 10**12, "조"), (won // 10**8 % 10**4, "억"), (won // 10**4 % 10**4, "만")]
    said = " ".join(f"{n:,}{name}" for n, name in parts if n)
    return ("약 " if won % 10**4 or Decimal(amount) * UNITS[unit] != won else "") + said + " 원"


def subscribers_text(channel: Channel, t: Callable[..., str]) -> str:
    """10,700여 where the document gives a round figure ('1만 7백여 명')."""
    text = show_value(channel.subscribers, t)
    return t("approximately", value=text) if channel.approximate and channel.subscribers is not None else text


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def _total_and_rows(total: Any, rows: list[Any]) -> list[tuple[Path_, Any]]:
    """A table's total row first (as the documents print it), then its rows, with their paths."""
    return ([(("total",), total)] if total else []) + [(("rows", i), r) for i, r in enumerate(rows)]


def key_of(path: Path_) -> str:
    return "-".join(str(p) for p in path).replace("_", "-")


class Viewer:
    def __init__(
        self,
        t: Callable[..., str],
        acknowledged: dict[str, Acknowledged],
        teams: dict[str, str] | None = None,
        year: int | None = None,
        markdown: Callable[[str, int], Markup] = render,
    ):
        self.t = t
        self.markdown = markdown  # the build's MarkdownCache.render: what was rendered before is kept
        self.unit = ""  # money unit of the budget being shown, for its records
        self.ack = acknowledged
        self.year = year  # the plan's year, for dates written without one (3월)
        self.teams = teams or {}  # team id → name, so readers see names, not ids

    def note(self, path: Path_) -> Acknowledged | None:
        return self.ack.get(dotted(path))

    def cell(self, value: Any, path: Path_, header: bool = False) -> Cell:
        numeric = isinstance(value, int | float | Decimal | Count) and not isinstance(value, bool)
        return Cell(self.show(value), header, self.note(path), numeric, value)

    def show(self, value: Any) -> str:
        return show_value(value, self.t)

    def fields(self, model: BaseModel, path: Path_ = (), skip: set[str] | None = None) -> list[Node]:
        out: list[Node] = []
        for name, info in type(model).model_fields.items():
            if name in SKIP or (skip and name in skip):
                continue
            node = self.node(getattr(model, name), info.title or name, (*path, name))
            if node is not None:
                node.name = name
                out.append(node)
        return self.remarks_joined(model, out)

    @staticmethod
    def remarks_joined(model: BaseModel, nodes: list[Node]) -> list[Node]:
        """A field's remark (period_note, "사업기간 비고") shown with the field it remarks on:
        "2022. ~ 2024. (계속사업)", or, alone, as that field ("사업기간: 연중"). Readers
        saw "사업기간 비고" as a label of its own: an editor's field name, not the page's words."""
        fields = type(model).model_fields
        for remark in [n for n in nodes if n.name.endswith("_note") and n.kind == "text"]:
            base = remark.name.removesuffix("_note")
            if base not in fields:
                continue
            of = next((n for n in nodes if n.name == base), None)
            if of is None:
                remark.name, remark.label = base, fields[base].title or base
            elif of.kind == "text":
                of.value = f"{of.value} ({remark.value})"
                nodes = [n for n in nodes if n is not remark]
        return nodes

    def node(self, value: Any, label: str, path: Path_) -> Node | None:
        if value is None or value == "" or value == [] or value == {}:
            return None
        if isinstance(value, Table):
            return Node("table", label, self.table(value, path))
        if isinstance(value, Funding):
            return Node("table", label, self.funding(value, path))
        if isinstance(value, Channels):
            return Node("table", label, self.channels(value, path))
        if isinstance(value, Staffing):
            return Node(
                "group",
                label,
                self.staffing(value, path),
                self.fields(value, path, {"rows", "total", "grades", "groups", "cells"}),
            )
        if isinstance(value, BudgetSummary):
            # unit, labels, account and rate base are already in the table's caption, heads and notes
            shown = {"rows", "total", "unit", "current_label", "previous_label", "change_rate_base", "account"}
            return Node("group", label, self.budget(value, path), self.fields(value, path, shown))
        if isinstance(value, Budget):
            self.unit = value.unit
            children = self.fields(value, path, {"unit"})
            for child in children:
                if child.name == "amount":  # 293백만원, as the documents print it, and as it is said
                    reading = won_reading(value.amount, value.unit) if value.amount is not None else ""
                    child.value = f"{child.value}{value.unit}" + (f" ({reading})" if reading else "")
            return Node("group", label, None, children)
        if isinstance(value, Markdown):
            return Node("html", label, self.markdown(value, 2))
        if isinstance(value, BaseModel):
            return Node("group", label, None, self.fields(value, path))
        if isinstance(value, list) and value and isinstance(value[0], Milestone):
            items = [(self.when(m.when), m.what) for m in value]
            return Node("timeline", label, items)
        if isinstance(value, list) and value and isinstance(value[0], Contact | SourceShare | BudgetItem | Team):
            return Node("table", label, self.records(value, label, path))
        if isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                return Node("list", label, [str(v) for v in value])
            if isinstance(value[0], Figure):
                return Node("figures", label, None, [self.figure(f, (*path, i)) for i, f in enumerate(value)])
            if len(value) == 1 and not own_title(value[0]):  # one table under "표": no "표 1" of its own
                # and headed by what it shows rather than by "표"
                return self.node(value[0], getattr(value[0], "caption", "") or label, (*path, 0))
            if isinstance(value[0], Table):  # each says what it shows in its caption: "표" says nothing
                label = self.t("tables_title")
            listed = [self.item(v, label, (*path, i), i) for i, v in enumerate(value)]
            return Node("group", label, None, [c for c in listed if c is not None])
        if isinstance(value, dict):
            made = [self.node(v, str(k), (*path, k)) for k, v in value.items()]
            return Node("group", label, None, [c for c in made if c is not None])
        if path and path[-1] == "when" and isinstance(value, str):
            return Node("text", label, self.when(value))
        if path and path[-1] == "team" and isinstance(value, str):
            return Node("text", label, self.teams.get(value, value))
        if isinstance(value, int) and path and str(path[-1]).endswith("year"):
            return Node("text", label, str(value))  # 2025, not 2,025
        if isinstance(value, PartialDate | Period):
            return Node("text", label, str(value), note=self.note(path))
        if isinstance(value, str) and (lines := bullets(value)):
            return Node("list", label, lines)  # "- a\n- b" in a text field: a list, not one line with dashes
        return Node("text", label, self.show(value), note=self.note(path))

    def item(self, value: Any, label: str, path: Path_, index: int) -> Node | None:
        """One item of a list: headed by its own title when it has one ("표 2" is no heading);
        its Markdown under that title needs no heading of the field's ("내용") either."""
        title = own_title(value)
        if not title:
            node = self.node(value, f"{label} {index + 1}", path)
            if node is not None:
                node.heading = False
            return node
        children = self.fields(value, path, set(TITLE_FIELDS))
        for child in children:
            child.heading = child.kind not in ("html", "table")
        return Node("group", title, None, children)

    def figure(self, figure: Figure, path: Path_) -> Node:
        """A headline number as the document gives it: what it counts, the figure with its unit,
        the parts it is the sum of (a table) and its remark."""
        value = f"{self.show(figure.value)}{figure.unit}"
        children = []
        if figure.parts:
            children.append(Node("table", figure.label, self.records(figure.parts, figure.label, (*path, "parts"))))
        if figure.note:
            children.append(Node("text", "", figure.note, heading=False))
        return Node("figure", figure.label, value, children, self.note((*path, "value")))

    def when(self, value: str) -> str:
        return value if recurrence(value) else str(parse_period(value, self.year))

    def records(self, items: Sequence[BaseModel], caption: str, path: Path_) -> TableView:
        """A list of small records (contacts, funding shares, budget items) as one table."""
        model = type(items[0])
        names = [n for n in model.model_fields if n not in SKIP | {"id"} and any(getattr(i, n) for i in items)]
        head = [model.model_fields[n].title or n for n in names]
        rows = []
        for r, item in enumerate(items):
            row = []
            for c, name in enumerate(names):
                value = getattr(item, name)
                if name == "team" and isinstance(value, str):
                    value = self.teams.get(value, value)
                if isinstance(value, list):
                    value = ", ".join(str(v) for v in value)
                if isinstance(value, Formula):
                    value = " × ".join(self.show(f.value) + f.unit for f in value.factors) + f" ({value.unit})"
                row.append(self.cell(value, (*path, r, name), header=c == 0))
            rows.append(row)
        unit = ""
        chart = None
        if isinstance(items[0], SourceShare | BudgetItem):
            # a unit of money only over amounts: "재원 (단위: 백만원)" over 비율(%) alone read
            # "군비 100" as 100백만원
            unit = self.unit if "amount" in names else ""
            key = "amount"
            bars = [(getattr(i, names[0]), [getattr(i, key)]) for i in items if getattr(i, key) is not None]
            if bars:
                chart = Chart(caption, unit, [model.model_fields[key].title or key], bars)
        return TableView(caption, unit, [head], rows, [], key_of(path), chart=chart)

    def table(self, t: Table, path: Path_) -> TableView:
        rows = [
            [self.cell(v, (*path, "rows", r, c), header=c == 0) for c, v in enumerate(row)]
            for r, row in enumerate(t.rows)
        ]
        caption = t.caption + (f" ({t.as_of})" if t.as_of else "")
        return TableView(caption, t.unit, [t.columns], rows, list(t.notes), key_of(path))

    def channels(self, c: Channels, path: Path_) -> TableView:
        """One row per channel (the documents print channels as columns, which no phone can show)."""
        fields = type(c.items[0]).model_fields
        names = [
            n
            for n in ("name", "title", "opened", "subscribers", "output", "note")
            if any(getattr(i, n) is not None and getattr(i, n) != "" for i in c.items)
        ]
        head = [c.output_label if n == "output" else (fields[n].title or n) for n in names]
        rows = []
        for r, item in enumerate(c.items):
            row = []
            for n in names:
                cell = self.cell(getattr(item, n), (*path, "items", r, n), header=n == "name")
                if n == "subscribers":
                    cell.text = subscribers_text(item, self.t)
                row.append(cell)
            rows.append(row)
        caption = c.caption + (" " + self.t("as_of", date=c.as_of) if c.as_of else "")
        bars = [(i.name, [Decimal(i.subscribers)]) for i in c.items if i.subscribers is not None]
        chart = Chart(caption, self.t("unit_people"), [fields["subscribers"].title or ""], bars) if bars else None
        return TableView(caption, "", [head], rows, [], key_of(path), chart=chart)

    def funding(self, f: Funding, path: Path_) -> TableView:
        head = [self.t("col_source") if f.kind == "sources" else self.t("col_item"), self.t("col_total")]
        head += [c.label for c in f.columns]
        rows = []
        for rel, row in _total_and_rows(f.total, f.rows):
            p = (*path, *rel)
            cells = [Cell(row.label, header=True), self.cell(row.total, (*p, "total"))]
            cells += [self.cell(v, (*p, "values", i)) for i, v in enumerate(row.values)]
            rows.append(cells)
        notes = [f.note] if f.note else []
        totals = f.total.values if f.total else [_sum(r.values[i] for r in f.rows) for i in range(len(f.columns))]
        bars = [(c.label, [v]) for c, v in zip(f.columns, totals, strict=False)]
        chart = Chart(f.caption, f.unit, [self.t("col_total")], bars)
        return TableView(f.caption, f.unit, [head], rows, notes, key_of(path), chart=chart)

    def staffing(self, s: Staffing, path: Path_) -> TableView:
        subtotal_names = [g.name for g in s.groups]
        head = [
            self.t("col_label"),
            self.t("col_total"),
            *[f"{n} {self.t('col_subtotal')}" for n in subtotal_names],
            *s.grades,
        ]
        rows = []
        for rel, row in _total_and_rows(s.total, s.rows):
            p = (*path, *rel)
            cells = [Cell(row.label, header=True), self.cell(row.total, (*p, "total"))]
            cells += [self.cell(row.subtotals.get(n), (*p, "subtotals", n)) for n in subtotal_names]
            cells += [self.cell(row.counts.get(g), (*p, "counts", g)) for g in s.grades]
            rows.append(cells)
        meaning = self.t("staff_cells_" + s.cells)
        caption = self.t("staff_caption", meaning=meaning)
        return TableView(caption, self.t("unit_people"), [head], rows, list(s.notes), key_of(path))

    def budget(self, b: BudgetSummary, path: Path_) -> TableView:
        head = [
            self.t("col_label"),
            b.current_label,
            b.previous_label,
            self.t("col_change"),
            self.t("col_rate"),
            self.t("col_share"),
        ]
        rows: list[list[Cell]] = []
        depths: list[int] = []

        def add(row: BudgetRow, p: Path_, depth: int) -> None:
            # the share as the document states it, else derived to one decimal
            share = row.share
            if share is None and b.total.current and row.current is not None:
                share = tidy((row.current * 100 / b.total.current).quantize(Decimal("0.1")))
            stated_change = row.change if "change" in row.model_fields_set else None
            stated_rate = row.rate if "rate" in row.model_fields_set else None
            change = stated_change if stated_change is not None else row.derived_change()
            rate = stated_rate if stated_rate is not None else row.derived_rate(b.change_rate_base)
            if not change and stated_rate is None:
                rate = None  # no change: the documents print '-' (a stated 0.00 stays 0.00)
            depths.append(depth)
            rows.append(
                [
                    Cell(row.label, header=True),
                    self.cell(row.current, (*p, "current")),
                    self.cell(row.previous, (*p, "previous")),
                    Cell(self.show(change) if change else "-", False, self.note((*p, "change")), True, change or 0),
                    Cell(self.show(rate) if rate is not None else "-", False, self.note((*p, "rate")), True, rate),
                    Cell(self.show(share), False, self.note((*p, "share")), True, share),
                ]
            )
            for i, child in enumerate(row.rows):
                add(child, (*p, "rows", i), depth + 1)

        add(b.total, (*path, "total"), 0)
        for i, row in enumerate(b.rows):
            add(row, (*path, "rows", i), 0)
        notes = [self.t("rate_base_" + b.change_rate_base, year=b.current_label)]
        # the account only where the document names one: the model's default is not the document's
        named = "account" in b.model_fields_set
        caption = self.t("budget_caption", account=b.account) if named else self.t("budget_caption_plain")
        bars = [(r.label, [r.current, r.previous]) for r in (b.rows or [b.total])]
        chart = Chart(caption, b.unit, [b.current_label, b.previous_label], bars)
        return TableView(caption, b.unit, [head], rows, notes, key_of(path), depths, chart)
