"""Figures the documents state that can also be derived: totals, changes, rates, shares.

Each check derives the figure from its parts and compares it with what the
editor typed. A mismatch is an error unless the file acknowledges it under
`as_published` with a reason; then it builds, is listed by `sitegen check`,
and readers see a note beside the figure. Official figures are never changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sitegen.content.entries import Acknowledged, Source
from sitegen.content.model.common import UNITS, AsPublished, Figure, Funding, Table, number_in
from sitegen.content.model.performance import Node, Performance, hierarchy
from sitegen.content.model.plan import BudgetRow, BudgetSummary, Count, Plan, Staffing, StaffRow
from sitegen.content.model.programme import Budget, Programme
from sitegen.content.source import Path_, dotted
from sitegen.messages import text
from sitegen.problems import ERROR, NOTE, ROUNDED, Problem

ZERO = Decimal(0)


def tidy(value: Decimal) -> Decimal:
    """A derived figure without trailing zeros: 10.0 → 10, 98.40 → 98.4."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def half_unit(value: Decimal) -> Decimal:
    """Half of the last stated digit: the rounding a figure stated as 10.5 may hide (0.05)."""
    return Decimal(5).scaleb(min(int(value.as_tuple().exponent), 0) - 1)


def at_precision(derived: Decimal, stated: Decimal) -> Decimal:
    """derived rounded as stated was: to as many decimals."""
    return derived.quantize(Decimal(1).scaleb(min(int(stated.as_tuple().exponent), 0)), ROUND_HALF_UP)


def fmt(value: Any) -> str:
    """A figure with thousands separators and the decimals it was stated with (10.50 stays
    10.50, 0.00 stays 0.00); derived figures are made without trailing zeros (tidy)."""
    if isinstance(value, Decimal):
        return f"{value:,f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class Reporter:
    """Collects one source file's problems and figure mismatches."""

    def __init__(self, source: Source, prefix: Path_ = ()):
        self.source = source
        self.prefix = prefix
        self.problems: list[Problem] = []
        # by figure, each way of deriving it that gives another value (a table's corner total is
        # the sum of its row and of its column: two independent checks of one figure)
        self.mismatches: dict[str, list[tuple[Path_, Any, Any]]] = {}
        # by figure: what it was derived from, in words, where a check says (the levels summed)
        self.derived_from: dict[str, str] = {}
        self.rounded: list[tuple[Path_, Decimal, Decimal, Decimal]] = []

    def error(self, path: Path_, found: str, expected: str, hint: str = "", key: bool = False) -> None:
        line, col = self.source.positions.at(path, key=key)
        self.problems.append(Problem(self.source.shown, line, col, dotted(path), found, expected, hint))

    def figure(self, path: Path_, stated: Any, derived: Any, parts: str = "") -> None:
        """Compare a stated figure with the one derived from its parts (named in parts, for the
        message, where they are not beside it in the file)."""
        if stated is None or derived is None or stated == derived:
            return
        if parts:
            self.derived_from.setdefault(dotted(path), parts)
        found = self.mismatches.setdefault(dotted(path), [])
        if all(d != derived for _, _, d in found):
            found.append((path, stated, derived))

    def ratio(
        self, path: Path_, stated: Decimal | None, exact: Decimal | None, low: Decimal | None, high: Decimal | None
    ) -> None:
        """A stated rate or share against what its parts give: exact from the parts as stated,
        [low, high] anywhere within their own rounding (the document computed from amounts
        before it rounded them). Right when exact, rounded as stated, is the stated figure;
        right within rounding (counted, listed on request) when the stated figure's own
        rounding overlaps the range; else a mismatch, as for any figure."""
        if stated is None or exact is None or low is None or high is None:
            return
        if at_precision(exact, stated) == stated:
            return
        h = half_unit(stated)
        derived = at_precision(exact, stated)  # to the precision it stands beside
        if stated - h <= high and low <= stated + h:
            self.rounded.append((path, stated, derived, h))
        else:
            self.figure(path, stated, derived)

    def finish(self, acks: Iterable[tuple[Path_, AsPublished]]) -> list[Problem]:
        """Apply the file's acknowledgements; return every problem found. An entry acknowledges
        one mismatch of its figure: a figure that two ways of deriving contradict needs two
        entries, so that acknowledging one never hides the other. An entry that names its
        `derived` value takes the mismatch with that value; one without takes the first left."""
        by_figure: dict[str, list[tuple[Path_, AsPublished]]] = {}
        for p, a in acks:
            by_figure.setdefault(a.figure.strip(), []).append((p, a))
        taken: set[int] = set()  # the entries used, by id
        for name, derivations in sorted(self.mismatches.items()):
            entries = by_figure.get(name, [])
            for path, stated, derived in derivations:
                line, col = self.source.positions.at(path)
                free = [a for _, a in entries if id(a) not in taken]
                entry = next((a for a in free if a.derived == derived), None) or next(
                    (a for a in free if a.derived is None), None
                )
                if entry is not None:
                    taken.add(id(entry))
                    reason = entry.reason
                    kept = self.source.acknowledged.get(name)
                    # one note for the figure on the page: the first value derived, every reason
                    self.source.acknowledged[name] = (
                        Acknowledged(stated, derived, reason)
                        if kept is None
                        else Acknowledged(kept.stated, kept.derived, f"{kept.reason} {reason}")
                    )
                    found_text = text("acknowledged", stated=fmt(stated), derived=fmt(derived), reason=reason)
                    expected, severity = text("acknowledged_expected"), NOTE
                else:
                    found_text = text("mismatch", stated=fmt(stated), derived=fmt(derived))
                    if parts := self.derived_from.get(name):
                        found_text += f" ({parts})"
                    expected, severity = text("mismatch_expected", figure=name), ERROR
                self.problems.append(
                    Problem(self.source.shown, line, col, name, found_text, expected, severity=severity)
                )
        for path, stated, derived, tolerance in self.rounded:
            line, col = self.source.positions.at(path)
            found = text("rounded", stated=fmt(stated), derived=fmt(derived), tolerance=fmt(tolerance))
            expected = text("rounded_expected")
            self.problems.append(Problem(self.source.shown, line, col, dotted(path), found, expected, severity=ROUNDED))
        for name, entries in by_figure.items():
            for path, ack in entries:
                if id(ack) not in taken:
                    self.error((*path, "figure"), text("ack_unused", figure=name), text("ack_used_only"))
        return self.problems


def total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v or ZERO for v in values), ZERO)


def in_units(amount: Decimal, unit: str) -> Decimal | None:
    factor = UNITS.get(unit)
    return None if factor is None else amount * factor


# ---- shared parts -------------------------------------------------------


def check_figure(r: Reporter, path: Path_, fig: Figure) -> None:
    if fig.parts and fig.value is not None:
        r.figure((*path, "value"), fig.value, total(p.value for p in fig.parts))
    shares = [p.share for p in fig.parts if p.share is not None]
    if shares and fig.value:
        r.figure((*path, "parts"), Decimal(100), total(shares))
        for i, part in enumerate(fig.parts):
            if part.share is not None and part.value is not None:
                exponent = part.share.as_tuple().exponent
                places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
                derived = (part.value * 100 / fig.value).quantize(places, ROUND_HALF_UP)
                r.figure((*path, "parts", i, "share"), part.share, derived)


def check_table(r: Reporter, path: Path_, table: Table) -> None:
    width = len(table.columns)
    for i, row in enumerate(table.rows):
        if len(row) != width:
            r.error((*path, "rows", i), text("row_width", found=len(row)), text("row_width_expected", width=width))
            return
    if table.total_column is not None:
        c = table.total_column
        if c >= width:
            r.error((*path, "total_column"), str(c), text("at_most", limit=width - 1))
            return
        for i, row in enumerate(table.rows):
            stated = number_in(row[c])
            parts = [number_in(v) for v in row[c + 1 :]]
            if stated is not None and any(p is not None for p in parts):
                r.figure((*path, "rows", i, c), stated, total(parts))
    if table.total_row != "none" and len(table.rows) > 1:
        index = 0 if table.total_row == "first" else len(table.rows) - 1
        others = [row for j, row in enumerate(table.rows) if j != index]
        for c in range(1, width):
            stated = number_in(table.rows[index][c])
            parts = [number_in(row[c]) for row in others]
            if stated is not None and any(p is not None for p in parts):
                r.figure((*path, "rows", index, c), stated, total(parts))


def check_funding(r: Reporter, path: Path_, funding: Funding) -> None:
    width = len(funding.columns)
    rows = list(enumerate(funding.rows))
    for i, row in rows:
        if len(row.values) != width:
            r.error(
                (*path, "rows", i, "values"),
                text("row_width", found=len(row.values)),
                text("row_width_expected", width=width),
            )
            return
        r.figure((*path, "rows", i, "total"), row.total, total(row.values))
    t = funding.total
    if t is None:
        return
    if len(t.values) != width:
        r.error(
            (*path, "total", "values"), text("row_width", found=len(t.values)), text("row_width_expected", width=width)
        )
        return
    for c in range(width):
        r.figure((*path, "total", "values", c), t.values[c], total(row.values[c] for _, row in rows))
    r.figure((*path, "total", "total"), t.total, total(t.values))
    r.figure((*path, "total", "total"), t.total, total(row.total for _, row in rows))


# ---- plan -----------------------------------------------------------------


def _count_sum(counts: Iterable[Count]) -> Count:
    """정원 summed; 현원 only when every part states it (else the parts do not give it)."""
    cs = list(counts)
    authorized = sum(c.authorized or 0 for c in cs)
    current = sum(c.current or 0 for c in cs) if cs and all(c.current is not None for c in cs) else None
    return Count(authorized, current)


def _staff_figure(r: Reporter, path: Path_, stated: Count, derived: Count) -> None:
    """A stated count against its parts, as far as both state it: a 현원 the parts do not give
    (정원 by grade, 현원 only in total) has nothing to be checked against."""
    if derived.current is None and stated.current is not None:
        derived = Count(derived.authorized, stated.current)
    elif stated.current is None:
        derived = Count(derived.authorized)
    r.figure(path, stated, derived)


def check_staffing(r: Reporter, path: Path_, s: Staffing, teams: set[str]) -> None:
    grades = set(s.grades)
    groups = {g.name: g.grades for g in s.groups}
    for gi, g in enumerate(s.groups):
        for grade in g.grades:
            if grade not in grades:
                r.error(
                    (*path, "groups", gi, "grades"),
                    text("unknown_reference", kind=text("kind_grade"), ref=grade),
                    text("one_of_known", kind=text("kind_grade"), known=", ".join(s.grades)),
                )
    all_rows: list[tuple[tuple[str | int, ...], StaffRow]] = [(("rows", i), row) for i, row in enumerate(s.rows)]
    if s.total:
        all_rows.append((("total",), s.total))
    for rel, row in all_rows:
        p = (*path, *rel)
        for grade in row.counts:
            if grade not in grades:
                r.error(
                    (*p, "counts", grade),
                    text("unknown_reference", kind=text("kind_grade"), ref=grade),
                    text("one_of_known", kind=text("kind_grade"), known=", ".join(s.grades)),
                    key=True,
                )
        if row.team and row.team not in teams:
            _unknown_team(r, (*p, "team"), row.team, teams)
        if not row.counts and row.total is None:
            r.error(p, text("staff_row_empty"), text("staff_row_expected"))
        # "1 (1), 2 (2), 3": a 현원 left out, not 0 ("-", nobody, needs none)
        given = [g for g, c in row.counts.items() if c.current is not None]
        if given and any(c.current is None and c.authorized for c in row.counts.values()):
            partial = text("staff_current_partial", given=", ".join(given))
            r.error((*p, "counts"), partial, text("staff_current_expected"))
        if row.total is not None and row.counts:
            _staff_figure(r, (*p, "total"), row.total, _count_sum(row.counts.values()))
        if not row.counts:
            continue  # a row given in total only: nothing to add up its subtotals from
        for name, sub in row.subtotals.items():
            if name not in groups:
                r.error(
                    (*p, "subtotals", name),
                    text("unknown_reference", kind=text("kind_group"), ref=name),
                    text("one_of_known", kind=text("kind_group"), known=", ".join(groups) or "-"),
                    key=True,
                )
                continue
            parts = [v for k, v in row.counts.items() if k in groups[name]]
            _staff_figure(r, (*p, "subtotals", name), sub, _count_sum(parts))
    if s.total and len(s.rows) > 1:
        # by grade when every row gives its grades (the total row's own total is then checked
        # against its grades above); else the total against the rows' totals: a row with grades
        # counts by its grades (its own total is checked against them on its line, not twice)
        if s.total.counts and all(row.counts for row in s.rows):
            for grade in s.grades:
                cells = [row.counts[grade] for row in s.rows if grade in row.counts]
                if grade in s.total.counts or cells:
                    summed = _count_sum(cells)
                    stated = s.total.counts.get(grade, Count(0, None if summed.current is None else 0))
                    _staff_figure(r, (*path, "total", "counts", grade), stated, summed)
        elif s.total.total is not None and all(row.counts or row.total for row in s.rows):
            totals = []
            for row in s.rows:
                part = _count_sum(row.counts.values()) if row.counts else row.total
                if part is not None and part.current is None and row.total is not None:
                    part = Count(part.authorized, row.total.current)  # 현원 stated in its total only
                totals.append(part)
            _staff_figure(r, (*path, "total", "total"), s.total.total, _count_sum(t for t in totals if t))
        if s.total.counts and not all(row.counts for row in s.rows):
            # rows in total only may add to a grade, never take away: a grade's total is at
            # least what the rows giving their grades have of it
            for grade, stated in s.total.counts.items():
                least = _count_sum(row.counts[grade] for row in s.rows if grade in row.counts)
                short = (stated.authorized or 0) < (least.authorized or 0) or (
                    stated.current is not None and least.current is not None and stated.current < least.current
                )
                if short:
                    r.error(
                        (*path, "total", "counts", grade),
                        text("staff_grade_below", grade=grade, stated=str(stated), least=str(least)),
                        text("staff_grade_below_expected"),
                    )
    overall = s.total or (s.rows[0] if len(s.rows) == 1 else None)
    where = ("total",) if s.total else ("rows", 0)
    if overall and overall.total is not None:
        if s.cells == "authorized_current":
            r.figure((*path, "authorized"), s.authorized, overall.total.authorized)
            r.figure((*path, "current"), s.current, overall.total.current)
        elif s.current is not None:
            r.figure((*path, *where, "total"), overall.total.authorized, (s.current or 0) + (s.outside_quota or 0))


def _unknown_team(r: Reporter, path: Path_, ref: str, teams: set[str]) -> None:
    r.error(
        path,
        text("unknown_reference", kind=text("kind_team"), ref=ref),
        text("one_of_known", kind=text("kind_team"), known=", ".join(sorted(teams)) or text("none_defined")),
    )


def rate_range(current: Decimal | None, previous: Decimal | None, base: str) -> tuple[Decimal, Decimal] | None:
    """The change rate (%) that current and previous give anywhere within their own rounding:
    (lowest, highest); None when there is nothing to divide by."""
    if current is None or previous is None:
        return None
    hc, hp = half_unit(current), half_unit(previous)
    if base == "current":  # (c - p) / c = 1 - p / c: rises with c, falls with p
        if current - hc <= 0:
            return None
        return (1 - (previous + hp) / (current - hc)) * 100, (1 - (previous - hp) / (current + hc)) * 100
    if previous - hp <= 0:
        return None
    return ((current - hc) / (previous + hp) - 1) * 100, ((current + hc) / (previous - hp) - 1) * 100


def share_range(part: Decimal | None, whole: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """The share (%) of part in whole anywhere within their rounding: (lowest, highest)."""
    if part is None or whole - half_unit(whole) <= 0:
        return None, None
    hp, hw = half_unit(part), half_unit(whole)
    return max(part - hp, ZERO) / (whole + hw) * 100, (part + hp) / (whole - hw) * 100


def check_budget_summary(r: Reporter, path: Path_, b: BudgetSummary, teams: set[str]) -> None:
    def row(p: Path_, x: BudgetRow) -> None:
        if x.team and x.team not in teams:
            _unknown_team(r, (*p, "team"), x.team, teams)
        if "change" in x.model_fields_set:
            r.figure((*p, "change"), x.change or ZERO, x.derived_change())
        if "rate" in x.model_fields_set:
            bounds = rate_range(x.current, x.previous, b.change_rate_base)
            if x.rate is None or bounds is None:  # "-": no change, or nothing to divide by
                derived = x.derived_rate(b.change_rate_base)
                r.figure((*p, "rate"), x.rate if x.rate is not None else derived, derived)
            else:
                base = x.current if b.change_rate_base == "current" else x.previous
                r.ratio((*p, "rate"), x.rate, x.derived_change() * 100 / base if base else None, *bounds)
        if x.share is not None and b.total.current and x.current is not None:
            exact = x.current * 100 / b.total.current
            r.ratio((*p, "share"), x.share, exact, *share_range(x.current, b.total.current))
        if x.rows:
            r.figure((*p, "current"), x.current, total(c.current for c in x.rows))
            r.figure((*p, "previous"), x.previous, total(c.previous for c in x.rows))
        for i, child in enumerate(x.rows):
            row((*p, "rows", i), child)

    row((*path, "total"), b.total)
    for i, x in enumerate(b.rows):
        row((*path, "rows", i), x)
    if b.rows:
        r.figure((*path, "total", "current"), b.total.current, total(x.current for x in b.rows))
        r.figure((*path, "total", "previous"), b.total.previous, total(x.previous for x in b.rows))


def check_performance(r: Reporter, path: Path_, perf: Performance, year: int, budget: BudgetSummary | None) -> None:
    """Every level: one list of levels under it; its indicators' weights total 100; its amounts
    are the sum of the levels under it, its share (구성비) their part of the whole and its
    counts (세부사업수) theirs; the top levels' plan-year budget is the department's row."""
    if bool(perf.levels) == bool(perf.goals):
        r.error(
            path,
            text("levels_top", found=text("levels_both") if perf.levels else text("none_defined")),
            text("levels_top_expected"),
        )
        return
    nodes = hierarchy(perf, path)
    _check_level_group(r, path, nodes, year, None)
    for node in (n for top in nodes for n in top.walk()):
        level = node.data
        lists = [key for key in ("children", "unit_programmes", "budget_programmes") if getattr(level, key)]
        if len(lists) > 1:
            r.error((*node.path, lists[1]), text("levels_two_lists", keys=", ".join(lists)), text("levels_one_list"))
        _check_indicators(r, node)
        if node.children:
            _check_level_group(r, node.path, list(node.children), year, node)
            for name, stated in level.counts.items():
                counted = sum(1 for kid in node.children for n in kid.walk() if n.label == name)
                r.figure((*node.path, "counts", name), Decimal(stated), Decimal(counted))
    if perf.budget_row:
        _check_budget_row(r, (*path, "budget_row"), perf.budget_row, nodes, year, budget)


def _check_level_group(r: Reporter, path: Path_, nodes: list[Node], year: int, parent: Node | None) -> None:
    """The levels under one parent (or the top ones): each amount the parent states is their
    sum when every one of them states it; a stated share is theirs of the parent's (or, at the
    top, of their sum)."""
    if parent is not None:
        for ai, a in enumerate(parent.data.amounts):
            for kind in ("settled", "budgeted"):
                stated = getattr(a, kind)
                parts = [n.amount(a.year, kind, parent.unit) for n in nodes]
                if stated is not None and all(p is not None for p in parts):
                    summed = " + ".join(f"{n.data.name} {fmt(p)}" for n, p in zip(nodes, parts, strict=True))
                    r.figure((*parent.path, "amounts", ai, kind), stated, tidy(total(parts)), summed)
    unit = parent.unit if parent else (nodes[0].unit if nodes else "백만원")
    parts = [n.plan_year_amount(year, unit) for n in nodes]
    whole = parent.plan_year_amount(year, unit) if parent else None
    if whole is None and parts and all(p is not None for p in parts):
        whole = total(parts)
    for node, part in zip(nodes, parts, strict=True):
        if node.data.share is not None and part is not None and whole:
            r.ratio((*node.path, "share"), node.data.share, part * 100 / whole, *share_range(part, whole))


def _check_indicators(r: Reporter, node: Node) -> None:
    level = node.data
    weights = [i.weight for i in level.indicators if i.weight is not None]
    if weights and total(weights) != 100:
        each = ", ".join(f"{i.name} {fmt(i.weight)}" for i in level.indicators if i.weight is not None)
        found = text("weights_total", total=fmt(total(weights)), each=each)
        r.error((*node.path, "indicators"), found, text("weights_hundred", owner=level.name))
    for ii, ind in enumerate(level.indicators):
        names = {t.input for t in ind.measure.terms} if ind.measure else set()
        for vi, yv in enumerate(ind.values):
            vp = (*node.path, "indicators", ii, "values", vi)
            for name in yv.inputs:
                if name not in names:
                    r.error(
                        (*vp, "inputs", name),
                        text("unknown_reference", kind=text("kind_input"), ref=name),
                        text(
                            "one_of_known",
                            kind=text("kind_input"),
                            known=", ".join(sorted(names)) or text("none_defined"),
                        ),
                        key=True,
                    )
            derived = ind.derived_actual(yv)
            if derived is not None:
                r.figure((*vp, "actual"), yv.actual, derived.normalize())


def _check_budget_row(
    r: Reporter, path: Path_, label: str, nodes: list[Node], year: int, budget: BudgetSummary | None
) -> None:
    """The top levels' plan-year budget is the department budget's row of that name."""
    rows: list[BudgetRow] = []
    if budget is not None:
        stack = [budget.total, *budget.rows]
        while stack:
            rows.append(stack.pop())
            stack.extend(rows[-1].rows)
    row = next((x for x in rows if x.label == label), None)
    if row is None or budget is None:
        known = ", ".join(sorted({x.label for x in rows})) or text("none_defined")
        r.error(
            path,
            text("unknown_reference", kind=text("kind_budget_row"), ref=label),
            text("one_of_known", kind=text("kind_budget_row"), known=known),
        )
        return
    parts = [n.plan_year_amount(year, budget.unit) for n in nodes]
    if all(p is not None for p in parts):
        r.figure(path, row.current, tidy(total(parts)))


def check_plan(r: Reporter, plan: Plan) -> None:
    teams: set[str] = set()
    for i, team in enumerate(plan.teams):
        if team.id in teams:
            r.error(("teams", i, "id"), text("duplicate_id", id=team.id), text("unique_id"))
        teams.add(team.id)
    if plan.staffing:
        check_staffing(r, ("staffing",), plan.staffing, teams)
    if plan.budget:
        check_budget_summary(r, ("budget",), plan.budget, teams)
    for gi, group in enumerate(plan.results):
        for fi, fig in enumerate(group.figures):
            check_figure(r, ("results", gi, "figures", fi), fig)
        for ti, table in enumerate(group.tables):
            check_table(r, ("results", gi, "tables", ti), table)
    for ti, table in enumerate(plan.tables):
        check_table(r, ("tables", ti), table)
    if plan.performance:
        check_performance(r, ("performance",), plan.performance, plan.year, plan.budget)


# ---- programme ---------------------------------------------------------


def check_budget(r: Reporter, path: Path_, b: Budget, sources: list[str]) -> None:
    for i, s in enumerate(b.sources):
        if s.source not in sources:
            _unknown_source(r, (*path, "sources", i, "source"), s.source, sources)
    shares = [s.share for s in b.sources if s.share is not None]
    if shares and total(shares) != 100:
        r.error((*path, "sources"), text("shares_total", total=fmt(total(shares))), text("shares_hundred"))
    amounts = [s.amount for s in b.sources if s.amount is not None]
    if amounts and len(amounts) == len(b.sources):
        r.figure((*path, "amount"), b.amount, total(amounts))
    if b.items and all(i.amount is not None for i in b.items):
        r.figure((*path, "amount"), b.amount, total(i.amount for i in b.items))
    for i, item in enumerate(b.items):
        if item.formula and item.amount is not None:
            product = Decimal(1)
            for f in item.formula.factors:
                product *= f.value or ZERO
            stated = in_units(item.amount, b.unit)
            derived = in_units(product, item.formula.unit)
            if stated is None or derived is None:
                bad = b.unit if stated is None else item.formula.unit
                r.error(
                    (*path, "unit") if stated is None else (*path, "items", i, "formula", "unit"),
                    show_unit(bad),
                    text("unit_expected", units=", ".join(UNITS)),
                )
            else:
                r.figure((*path, "items", i, "amount"), item.amount, (derived / UNITS[b.unit]).normalize())


def show_unit(unit: str) -> str:
    return text("unit_unknown", unit=unit)


def _unknown_source(r: Reporter, path: Path_, ref: str, sources: list[str]) -> None:
    r.error(
        path,
        text("unknown_reference", kind=text("kind_source"), ref=ref),
        text("one_of_known", kind=text("kind_source"), known=", ".join(sources)),
        text("add_vocabulary", key="funding_sources"),
    )


def check_programme(
    r: Reporter, prog: Programme, year: int, kinds: list[str], sources: list[str], teams: set[str]
) -> None:
    for i, kind in enumerate(prog.kind):
        if kind not in kinds:
            r.error(
                ("kind", i),
                text("unknown_reference", kind=text("kind_kind"), ref=kind),
                text("one_of_known", kind=text("kind_kind"), known=", ".join(kinds)),
                text("add_vocabulary", key="programme_kinds"),
            )
    if prog.budget:
        check_budget(r, ("budget",), prog.budget, sources)
    if prog.funding:
        f = prog.funding
        if f.kind == "sources":
            for i, row in enumerate(f.rows):
                if row.label not in sources:
                    _unknown_source(r, ("funding", "rows", i, "label"), row.label, sources)
        check_funding(r, ("funding",), f)
        col = next((i for i, c in enumerate(f.columns) if c.year == year), None)
        if prog.budget and prog.budget.amount is not None and col is not None and prog.budget.unit == f.unit:
            stated = f.total if f.total else (f.rows[0] if len(f.rows) == 1 else None)
            if stated is not None and col < len(stated.values) and stated.values[col] is not None:
                r.figure(("budget", "amount"), prog.budget.amount, stated.values[col])
    for i, fig in enumerate(prog.figures):
        check_figure(r, ("figures", i), fig)
    for i, table in enumerate(prog.tables):
        check_table(r, ("tables", i), table)
    for i, c in enumerate(prog.contacts):
        if c.team not in teams:
            _unknown_team(r, ("contacts", i, "team"), c.team, teams)
