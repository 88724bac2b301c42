"""A view of any model for templates: every field, labelled, in declaration order.

Zola keeps a separate view of a page for templates; here the view is built
generically from the model's field titles, so a field added to the model
appears on its page without a template change, and nothing is unreachable.
Figures kept as published carry the note readers see beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from sitegen.checks import fmt
from sitegen.messages import text
from sitegen.model.common import Funding, Table, recurrence
from sitegen.model.plan import BudgetRow, BudgetSummary, Count, Staffing
from sitegen.model.types import Markdown, PartialDate, Period, parse_period
from sitegen.render.markdown import render
from sitegen.source import Path_, dotted
from sitegen.structure import Acknowledged

SKIP = {"as_published"}  # shown as notes beside the figures they concern


@dataclass
class Cell:
    text: str
    header: bool = False
    note: Acknowledged | None = None
    numeric: bool = False


@dataclass
class TableView:
    caption: str
    unit: str
    head: list[list[str]]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)


@dataclass
class Node:
    kind: str  # text | html | list | group | table
    label: str
    value: Any = None
    children: list[Node] = field(default_factory=list)
    note: Acknowledged | None = None
    name: str = ""


def show_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return fmt(value) if value >= 0 else "△" + fmt(-value)
    if isinstance(value, bool):
        return text("yes") if value else text("no")
    if value is None:
        return "-"
    return str(value)


class Viewer:
    def __init__(
        self, acknowledged: dict[str, Acknowledged], teams: dict[str, str] | None = None, year: int | None = None
    ):
        self.ack = acknowledged
        self.year = year  # the plan's year, for dates written without one (3월)
        self.teams = teams or {}  # team id → name, so readers see names, not ids

    def note(self, path: Path_) -> Acknowledged | None:
        return self.ack.get(dotted(path))

    def cell(self, value: Any, path: Path_, header: bool = False) -> Cell:
        numeric = isinstance(value, int | float | Decimal | Count) and not isinstance(value, bool)
        shown = fmt(value) if isinstance(value, int) and not isinstance(value, bool) else show_value(value)
        return Cell(shown, header, self.note(path), numeric)

    def fields(self, model: BaseModel, path: Path_ = (), skip: set[str] | None = None) -> list[Node]:
        out: list[Node] = []
        for name, info in type(model).model_fields.items():
            if name in SKIP or (skip and name in skip):
                continue
            node = self.node(getattr(model, name), info.title or name, (*path, name))
            if node is not None:
                node.name = name
                out.append(node)
        return out

    def node(self, value: Any, label: str, path: Path_) -> Node | None:
        if value is None or value == "" or value == [] or value == {}:
            return None
        if isinstance(value, Table):
            return Node("table", label, self.table(value, path))
        if isinstance(value, Funding):
            return Node("table", label, self.funding(value, path))
        if isinstance(value, Staffing):
            return Node(
                "group",
                label,
                self.staffing(value, path),
                self.fields(value, path, {"rows", "total", "grades", "groups"}),
            )
        if isinstance(value, BudgetSummary):
            return Node("group", label, self.budget(value, path), self.fields(value, path, {"rows", "total"}))
        if isinstance(value, Markdown):
            return Node("html", label, render(value, 2))
        if isinstance(value, BaseModel):
            return Node("group", label, None, self.fields(value, path))
        if isinstance(value, list):
            if all(isinstance(v, str) for v in value):
                return Node("list", label, [str(v) for v in value])
            children = [self.node(v, f"{label} {i + 1}", (*path, i)) for i, v in enumerate(value)]
            return Node("group", label, None, [c for c in children if c])
        if isinstance(value, dict):
            children = [self.node(v, str(k), (*path, k)) for k, v in value.items()]
            return Node("group", label, None, [c for c in children if c])
        if path and path[-1] == "when" and isinstance(value, str) and not recurrence(value):
            return Node("text", label, str(parse_period(value, self.year)))
        if path and path[-1] == "team" and isinstance(value, str):
            return Node("text", label, self.teams.get(value, value))
        if isinstance(value, PartialDate | Period):
            return Node("text", label, str(value), note=self.note(path))
        return Node("text", label, show_value(value), note=self.note(path))

    def table(self, t: Table, path: Path_) -> TableView:
        rows = [
            [self.cell(v, (*path, "rows", r, c), header=c == 0) for c, v in enumerate(row)]
            for r, row in enumerate(t.rows)
        ]
        caption = t.caption + (f" ({t.as_of})" if t.as_of else "")
        return TableView(caption, t.unit, [t.columns], rows, list(t.notes))

    def funding(self, f: Funding, path: Path_) -> TableView:
        head = [text("col_source") if f.kind == "sources" else text("col_item"), text("col_total")]
        head += [c.label for c in f.columns]
        rows = []
        items = [(("total",), f.total)] if f.total else []
        items += [(("rows", i), r) for i, r in enumerate(f.rows)]
        for rel, row in items:
            p = (*path, *rel)
            cells = [Cell(row.label, header=True), self.cell(row.total, (*p, "total"))]
            cells += [self.cell(v, (*p, "values", i)) for i, v in enumerate(row.values)]
            rows.append(cells)
        return TableView(f.caption, f.unit, [head], rows, [f.note] if f.note else [])

    def staffing(self, s: Staffing, path: Path_) -> TableView:
        subtotal_names = [g.name for g in s.groups]
        head = [
            text("col_label"),
            text("col_total"),
            *[f"{n} {text('col_subtotal')}" for n in subtotal_names],
            *s.grades,
        ]
        rows = []
        items = [(("total",), s.total)] if s.total else []
        items += [(("rows", i), r) for i, r in enumerate(s.rows)]
        for rel, row in items:
            p = (*path, *rel)
            cells = [Cell(row.label, header=True), self.cell(row.total, (*p, "total"))]
            cells += [self.cell(row.subtotals.get(n), (*p, "subtotals", n)) for n in subtotal_names]
            cells += [self.cell(row.counts.get(g), (*p, "counts", g)) for g in s.grades]
            rows.append(cells)
        meaning = text("staff_cells_" + s.cells)
        return TableView(text("staff_caption", meaning=meaning), text("unit_people"), [head], rows, list(s.notes))

    def budget(self, b: BudgetSummary, path: Path_) -> TableView:
        head = [
            text("col_label"),
            b.current_label,
            b.previous_label,
            text("col_change"),
            text("col_rate"),
            text("col_share"),
        ]
        rows: list[list[Cell]] = []

        def add(row: BudgetRow, p: Path_, depth: int) -> None:
            share = None
            if b.total.current and row.current is not None:
                share = (row.current * 100 / b.total.current).quantize(Decimal("0.1"))
            stated_change = row.change if "change" in row.model_fields_set else None
            stated_rate = row.rate if "rate" in row.model_fields_set else None
            change = stated_change if stated_change is not None else row.derived_change()
            rate = stated_rate if stated_rate is not None else row.derived_rate(b.change_rate_base)
            if not change:
                rate = None  # no change: the documents print '-'
            rows.append(
                [
                    Cell(("\u00a0\u00a0" * depth) + row.label, header=True),
                    self.cell(row.current, (*p, "current")),
                    self.cell(row.previous, (*p, "previous")),
                    Cell(show_value(change) if change else "-", note=self.note((*p, "change")), numeric=True),
                    Cell(show_value(rate) if rate is not None else "-", note=self.note((*p, "rate")), numeric=True),
                    Cell(show_value(share), numeric=True),
                ]
            )
            for i, child in enumerate(row.rows):
                add(child, (*p, "rows", i), depth + 1)

        add(b.total, (*path, "total"), 0)
        for i, row in enumerate(b.rows):
            add(row, (*path, "rows", i), 0)
        notes = [text("rate_base_" + b.change_rate_base)]
        return TableView(text("budget_caption", account=b.account), b.unit, [head], rows, notes)
