"""Tables that the documents do not print but residents ask for: a plan's budget
by programme, by funding source and by year, its schedule month by month,
its performance indicators, and comparisons across years and councils.

Everything here is derived from the model; amounts in different units are
converted to 천원, the unit most plans use, before they are added up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sitegen.content.checks import tidy, total
from sitegen.content.entries import Acknowledged, CouncilEntry, PlanEntry, ProgrammeEntry
from sitegen.content.model.common import UNITS
from sitegen.content.model.performance import Node, Performance, hierarchy
from sitegen.content.source import dotted
from sitegen.outputs.charts import Chart
from sitegen.outputs.view import Cell, TableView, key_of, subscribers_text, won_reading

BASE_UNIT = "천원"
T = Callable[..., str]


def programme_count(plan: PlanEntry) -> int:
    """The plan's programmes, as every page and `check` count them (PlanEntry.programme_count)."""
    return plan.programme_count()


def convert(amount: Decimal | None, unit: str, to: str = BASE_UNIT) -> Decimal | None:
    if amount is None:
        return None
    value = amount * UNITS[unit] / UNITS[to]
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def plan_unit(plan: PlanEntry) -> str:
    """The money unit of a plan's pages: the one its own budget is stated in, so the sums
    made from its programmes read in the same unit as the figures beside them."""
    return plan.data.budget.unit if plan.data.budget else BASE_UNIT


@dataclass(frozen=True)
class Glance:
    """One headline figure of a plan, as its page opens: the figure as the document states
    it, how it is said aloud (3,648,821천원 → 약 36억 4,882만 원), and what it is beside."""

    name: str  # budget, change, programmes, sources, no-budget, staff: the class of its block
    label: str
    value: str
    reading: str = ""
    detail: str = ""


def glance(plan: PlanEntry, t: T, show: Callable[[object], str]) -> list[Glance]:
    """What a resident asks of a plan first: how much money, more or less than last year,
    how many programmes, paid by whom, how many people. Figures as the document states
    them (the change and its rate where the document gives them), nothing added up that
    the document does not add up except the funding sources of the programmes."""
    found = []
    budget = plan.data.budget
    total = budget.total if budget else None
    if budget and total and total.current is not None:
        year = budget.current_label  # "2025년", or "2023년 본예산", which says 예산 already
        found.append(
            Glance(
                "budget",
                year if "예산" in year else t("glance_budget", year=year),
                f"{show(total.current)}{budget.unit}",
                won_reading(total.current, budget.unit),
                budget.account if "account" in budget.model_fields_set else "",  # as stated, never the default
            )
        )
        change = total.change if total.change is not None else total.derived_change()
        rate = total.rate if total.rate is not None else total.derived_rate(budget.change_rate_base)
        if total.previous is not None:
            way = "glance_more" if change > 0 else "glance_less" if change < 0 else "glance_same"
            rated = t("glance_rate", rate=show(abs(rate))) if rate is not None and change else ""
            said = t(way, amount=f"{show(abs(change))}{budget.unit}", rate=rated)
            compared = t("glance_change_detail", year=budget.previous_label)
            if rated and budget.change_rate_base == "current":  # 230/4,182, not 230/3,952: say so where it is read
                compared += " · " + t("glance_rate_current", year=budget.current_label)
            found.append(Glance("change", t("glance_change"), said, detail=compared))
    count = programme_count(plan)
    if count:
        found.append(Glance("programmes", t("glance_programmes"), t("glance_count", count=count)))
    sources = by_source(plan, t, show)
    if sources:
        names = [f"{row[0].text} {row[1].text}{sources.unit}" for row in sources.rows]
        found.append(Glance("sources", t("glance_sources"), " · ".join(names), detail=sources.notes[-1]))
    elif not any(g.name == "budget" for g in found) and all(programme_budget(p) is None for p in plan.programmes):
        # "how much?" answered here too: not stated (울산 중구 2026)
        items = itemised(plan, show)
        detail = t("glance_no_budget_itemised", count=len(items)) if items else ""
        found.append(Glance("no-budget", t("glance_no_budget_label"), t("glance_no_budget"), detail=detail))
    staff = plan.data.staffing
    if staff:
        counts = (("glance_authorized", staff.authorized), ("glance_current", staff.current))
        parts = [t(key, count=n) for key, n in counts if n is not None]
        if parts:
            found.append(Glance("staff", t("glance_staff"), ", ".join(parts)))
    return found


def _num(value: Decimal | int | None, show: Callable[[object], str], note: Acknowledged | None = None) -> Cell:
    return Cell(show(value), numeric=True, value=value, note=note)


def _table(
    caption: str, unit: str, head: list[str], rows: list[list[Cell]], key: str, chart: Chart | None = None
) -> TableView:
    return TableView(caption, unit, [head], rows, key=key, chart=chart)


def programme_budget(prog: ProgrammeEntry, unit: str = BASE_UNIT) -> Decimal | None:
    """The programme's budget for its plan's year, in unit."""
    b = prog.data.budget
    if b and b.amount is not None:
        return convert(b.amount, b.unit, unit)
    f = prog.data.funding
    if f:  # the plan year's column of the funding table
        for i, col in enumerate(f.columns):
            if col.year == prog.plan.data.year:
                row = f.total or (f.rows[0] if len(f.rows) == 1 else None)
                if row and i < len(row.values):
                    return convert(row.values[i], f.unit, unit)
    return None


def programme_list(
    plan: PlanEntry, progs: list[ProgrammeEntry], caption: str, key: str, t: T, show: Callable[[object], str]
) -> TableView:
    """A chapter's programmes, one row each. A column the plan gives for none of its programmes
    (no kind, no period, no budget: 울산 중구 2026 states no programme total) is left out of
    every chapter's table alike, rather than shown as a column of dashes that squeezes the
    programmes' names on a phone."""
    unit = plan_unit(plan)
    head = [t("col_number"), t("col_programme"), t("col_kind"), t("col_period"), t("col_budget_in", unit=unit)]

    def row(prog: ProgrammeEntry) -> list[Cell]:
        d = prog.data
        return [
            Cell(str(d.number) if d.number else "-", numeric=True, value=d.number),
            Cell(d.title, header=True, href=prog.url),
            Cell(", ".join(d.kind) or "-"),
            Cell(str(d.period) if d.period else d.period_note or "-"),
            _num(programme_budget(prog, unit), show),
        ]

    given = {j for prog in plan.programmes for j, c in enumerate(row(prog)) if c.text != "-"}
    shown = [j for j in range(len(head)) if j in given or j == 1]
    return _table(caption, "", [head[j] for j in shown], [[r[j] for j in shown] for r in map(row, progs)], key)


def by_programme(plan: PlanEntry, t: T, show: Callable[[object], str]) -> TableView | None:
    rows, bars = [], []
    unit = plan_unit(plan)
    for prog in plan.programmes:
        amount = programme_budget(prog, unit)
        rows.append([Cell(prog.data.title, header=True), _num(amount, show)])
        if amount is not None:
            bars.append((prog.data.title, [amount]))
    if not bars:
        return None
    caption = t("budget_by_programme")
    chart = Chart(caption, unit, [t("col_budget")], bars)
    return _table(caption, unit, [t("col_programme"), t("col_budget")], rows, "by-programme", chart=chart)


def itemised(plan: PlanEntry, show: Callable[[object], str]) -> list[tuple[ProgrammeEntry, list[tuple[str, str, str]]]]:
    """The plan's programmes whose budget the document gives only item by item (no total of
    the programme, no funding table), each with its items: (label, amount as written in its
    unit, as said aloud). Never summed into a figure the document does not state."""
    found = []
    for prog in plan.programmes:
        b = prog.data.budget
        if b and b.items and programme_budget(prog) is None:
            items = [
                (i.label, f"{show(i.amount)}{b.unit}", won_reading(i.amount, b.unit))
                if i.amount is not None
                else (i.label, show(None), "")
                for i in b.items
            ]
            found.append((prog, items))
    return found


def source_totals(plan: PlanEntry) -> tuple[dict[str, Decimal], int, int]:
    """The programmes' budgets for the plan's year added up by funding source, in BASE_UNIT:
    from a programme's budget sources, or else from its funding table when its rows are
    sources (음성 2023's 재해복구: 군비 266 in the 2023 column). With how many programmes
    were added and how many state a budget but no sources, so a page can say when some are
    left out."""
    totals: dict[str, Decimal] = {}
    counted = left_out = 0
    for prog in plan.programmes:
        b, f = prog.data.budget, prog.data.funding
        found: list[tuple[str, Decimal | None]] = []
        if b and b.sources:
            for s in b.sources:
                amount = s.amount
                if amount is None and s.share is not None and b.amount is not None:
                    amount = b.amount * s.share / 100
                found.append((s.source, convert(amount, b.unit) if amount is not None else None))
        elif f and f.kind == "sources":
            at = next((i for i, col in enumerate(f.columns) if col.year == plan.data.year), None)
            if at is not None:
                found = [(r.label, convert(r.values[at], f.unit)) for r in f.rows if at < len(r.values)]
        known = [(name, amount) for name, amount in found if amount is not None]
        for name, amount in known:
            totals[name] = totals.get(name, Decimal(0)) + amount
        counted += bool(known)
        left_out += not known and programme_budget(prog) is not None  # a budget, its sources unknown
    return totals, counted, left_out


def sources_note(counted: int, left_out: int, t: T) -> str:
    """What the sums by source add up: every programme with a budget, or only some of them."""
    if not left_out:
        return t("glance_sources_note")
    return t("sources_some", counted=counted, budgeted=counted + left_out)


def by_source(plan: PlanEntry, t: T, show: Callable[[object], str]) -> TableView | None:
    totals, counted, left_out = source_totals(plan)
    if not totals:
        return None
    caption, unit = t("budget_by_source"), plan_unit(plan)
    shown = {name: convert(v, BASE_UNIT, unit) for name, v in totals.items()}  # added up in 천원, shown in the plan's
    rows = [[Cell(name, header=True), _num(v, show)] for name, v in shown.items()]
    chart = Chart(caption, unit, [t("col_budget")], [(n, [v]) for n, v in shown.items()])
    table = _table(caption, unit, [t("col_source"), t("col_budget")], rows, "by-source", chart=chart)
    table.notes.append(sources_note(counted, left_out, t))
    return table


def by_year(plan: PlanEntry, t: T, show: Callable[[object], str]) -> TableView | None:
    """Multi-year: the programmes' funding tables added up by year, each year with how many
    programmes it adds (음성 2023's 2023 is four of nine programmes, 2022 and 2024 two each:
    the chart's drop is fewer programmes, not less money)."""
    totals: dict[int, Decimal] = {}
    counts: dict[int, int] = {}
    for prog in plan.programmes:
        f = prog.data.funding
        if not f:
            continue
        row = f.total
        for i, col in enumerate(f.columns):
            if col.year is None:
                continue
            values = [row.values[i]] if row else [r.values[i] for r in f.rows if i < len(r.values)]
            known = [v for v in values if v is not None]
            for v in known:
                totals[col.year] = totals.get(col.year, Decimal(0)) + (convert(v, f.unit) or 0)
            if known:
                counts[col.year] = counts.get(col.year, 0) + 1
    if not totals:
        return None
    caption, unit = t("budget_by_year"), plan_unit(plan)
    years = sorted(totals)
    shown = {y: convert(totals[y], BASE_UNIT, unit) for y in years}  # added up in 천원, shown in the plan's
    rows = [[Cell(t("year_label", year=y), header=True), _num(shown[y], show), _num(counts[y], show)] for y in years]
    chart = Chart(caption, unit, [t("col_budget")], [(t("year_label", year=y), [shown[y]]) for y in years])
    head = [t("year"), t("col_budget"), t("col_programmes_added")]
    return _table(caption, unit, head, rows, "by-year", chart=chart)


@dataclass(eq=False)  # compared by identity: field by field would read the programme's whole entry
class Milestone:
    programme: ProgrammeEntry
    when: str
    what: str
    start: date | None
    end: date | None


def programme_milestones(prog: ProgrammeEntry) -> list[Milestone]:
    out = []
    for m in prog.data.schedule:
        period = m.period(prog.plan.data.year)
        if period is None:
            out.append(Milestone(prog, m.when, m.what, None, None))
        else:
            out.append(Milestone(prog, str(period), m.what, period.start.first_day(), period.last.last_day()))
    return out


def milestones(plan: PlanEntry) -> list[Milestone]:
    return [m for prog in plan.programmes for m in programme_milestones(prog)]


def in_month(items: list[Milestone], year: int, month: int) -> list[Milestone]:
    """Dated milestones whose period touches the month, in date order."""
    return in_months(items, year, month, 1)


def in_months(items: list[Milestone], year: int, month: int, months: int) -> list[Milestone]:
    """Dated milestones whose period touches any of `months` months from the month, each once,
    in date order."""
    after = month - 1 + months  # months from January of `year` to the first month after
    start, end = date(year, month, 1), date(year + after // 12, after % 12 + 1, 1)
    inside = [m for m in items if m.start and m.end and m.start < end and m.end >= start]
    return sorted(inside, key=lambda m: (m.start or start, m.end or start, m.programme.url))


@dataclass(frozen=True)
class Schedule:
    """A plan's milestones as its schedule page lists them."""

    # (year, month, dated milestones starting in it, those begun before that go on in it)
    months: list[tuple[int, int, list[Milestone], list[Milestone]]]
    long: list[Milestone]  # those of more than a year, listed once (in date order) rather than every month
    undated: list[Milestone]  # 연중, 수시 …


def long_running(m: Milestone) -> bool:
    """A period of twelve months or more: a five-year contract under each of its sixty months
    made a plan's schedule page mostly one line, repeated, and hid the year's own work; a
    whole year's work (1월~12월) under each month made every month's list longer by the same
    lines, and what happens that month harder to find."""
    if m.start is None or m.end is None:
        return False
    return (m.end.year - m.start.year) * 12 + m.end.month - m.start.month >= 11


def by_month(plan: PlanEntry) -> Schedule:
    """Dated milestones by month, each in full in the month it starts and named in a line of
    what goes on under each later month of its period (those of a year or more listed once,
    apart), and the undated (연중, 수시 …). An eight-month task in full under eight months
    made a month's own work hard to see."""
    every = milestones(plan)
    long = sorted((m for m in every if long_running(m)), key=lambda m: (m.start or date.min, m.programme.url))
    dated = [m for m in every if m.start and m.end and not long_running(m)]
    undated = [m for m in every if not m.start]
    months: list[tuple[int, int, list[Milestone], list[Milestone]]] = []
    if dated:
        first = min(m.start for m in dated if m.start)
        last = max(m.end for m in dated if m.end)
        y, mo = first.year, first.month
        while (y, mo) <= (last.year, last.month):
            inside = in_month(dated, y, mo)
            # split by their start, never compared whole: a milestone's equality compares its
            # programme entry, body and all, and the page would read (and depend on) every body
            begun = [bool(m.start and (m.start.year, m.start.month) < (y, mo)) for m in inside]
            if inside:
                starting = [m for m, b in zip(inside, begun, strict=True) if not b]
                months.append((y, mo, starting, [m for m, b in zip(inside, begun, strict=True) if b]))
            y, mo = y + (mo == 12), mo % 12 + 1
    return Schedule(months, long, undated)


@dataclass(frozen=True)
class LevelView:
    """One level of a performance plan as pages show it: its tables (the levels under it, with
    their budgets by year; its indicators) and the levels under it that have more to show than
    a row of that table (texts, facts, indicators, levels of their own)."""

    node: Node
    anchor: str
    tables: list[TableView]
    children: list[LevelView]


def level_counts(perf: Performance) -> list[tuple[str, int]]:
    """How many levels of each name the plan has, top first, and its indicators."""
    counts: dict[str, int] = {}
    indicators = 0
    for node in (n for top in hierarchy(perf) for n in top.walk()):
        counts[node.label] = counts.get(node.label, 0) + 1
        indicators += len(node.data.indicators)
    return [*counts.items(), ("", indicators)]


def performance_view(
    perf: Performance, year: int, t: T, show: Callable[[object], str], acknowledged: Mapping[str, Acknowledged]
) -> tuple[TableView | None, list[LevelView]]:
    """The top levels' table (budgets by year with 결산/예산, 구성비, how many levels each holds),
    then each level with its own tables; an amount or actual kept as published carries its note."""
    nodes = hierarchy(perf)
    # a share the document does not state is derived to the decimals of those it does state
    stated = [n.data.share for top in nodes for n in top.walk() if n.data.share is not None]
    places = max((-int(x.as_tuple().exponent) for x in stated), default=0)

    def view(node: Node) -> LevelView:
        tables = []
        if node.children:
            labels = {kid.label for kid in node.children}
            below = labels.pop() if len(labels) == 1 and "" not in labels else t("levels_below")
            caption = t("performance_budget", name=node.data.name, level=below)
            tables.append(_levels_table(list(node.children), node, year, caption, t, show, acknowledged, places))
        if node.data.indicators:
            tables.append(_indicators_table(node, t, show, acknowledged))
        shown = [view(kid) for kid in node.children if _has_more(kid)]
        index = "-".join(str(i + 1) for i in node.index)
        return LevelView(node, f"level-{index}", [tv for tv in tables if tv is not None], shown)

    caption = t("performance_levels", title=perf.title)
    overview = _levels_table(nodes, None, year, caption, t, show, acknowledged, places)
    return overview, [view(n) for n in nodes if _has_more(n) or n.data.amounts]


FACTS = ("code", "period", "delivery", "funding_condition", "implementer")


def _has_more(node: Node) -> bool:
    """Whether a level has more to show than its row in the table of the levels beside it."""
    d = node.data
    return bool(node.children or d.indicators or d.texts or d.description or any(getattr(d, f) for f in FACTS))


def _levels_table(
    nodes: list[Node],
    parent: Node | None,
    year: int,
    caption: str,
    t: T,
    show: Callable[[object], str],
    acknowledged: Mapping[str, Acknowledged],
    places: int = 0,
) -> TableView | None:
    """Levels side by side: name, account, how many levels of each name they hold, amounts by
    year and kind as stated (결산 for years past, 예산 for the plan's), and their share (as
    stated, else derived to places decimals, one when the document states none)."""
    # a column per year and kind the document states: a year with both has both, never one
    # passed off as the other
    columns = sorted(
        {
            (a.year, kind)
            for n in nodes
            for a in n.data.amounts
            for kind in ("settled", "budgeted")
            if getattr(a, kind) is not None
        },
        key=lambda c: (c[0], c[1] == "budgeted"),
    )
    below: dict[str, None] = {}  # the names of the levels under them, top first
    for depth in range(1, 8):
        for n in nodes:
            for m in n.walk():
                if len(m.index) - len(n.index) == depth:
                    below.setdefault(m.label)
    if not columns and not below:
        return None
    unit = parent.unit if parent else nodes[0].unit
    labels = {n.label for n in nodes}
    head = [next(iter(labels)) if len(labels) == 1 and "" not in labels else t("col_name")]
    accounts = any(n.data.account for n in nodes)
    if accounts:
        head.append(t("col_account"))
    head += [t("col_count_of", level=name) for name in below]
    head += [t(f"year_{kind}", year=y) for y, kind in columns]
    parts = [n.plan_year_amount(year, unit) for n in nodes]
    whole = parent.plan_year_amount(year, unit) if parent else None
    if whole is None and parts and all(x is not None for x in parts):
        whole = total(parts)
    shares = any(n.data.share is not None for n in nodes) or (whole and len(nodes) > 1)
    if shares:
        head.append(t("col_share"))
    rows = []
    for n, part in zip(nodes, parts, strict=True):
        row = [Cell(n.data.name, header=True)]
        if accounts:
            row.append(Cell(n.data.account))
        for name in below:
            stated = n.data.counts.get(name)
            counted = sum(1 for m in n.walk() if m is not n and m.label == name)
            row.append(_num(stated if stated is not None else counted if n.children else None, show))
        for y, kind in columns:
            ai = next((i for i, a in enumerate(n.data.amounts) if a.year == y), None)
            value = None if ai is None else getattr(n.data.amounts[ai], kind)
            note = None if ai is None else acknowledged.get(dotted((*n.path, "amounts", ai, kind)))
            row.append(_num(convert(value, n.unit, unit), show, note))
        if shares:
            share = n.data.share
            if share is None and part is not None and whole:
                exact = part * 100 / whole
                share = (
                    exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
                    if places
                    else tidy(exact.quantize(Decimal("0.1")))
                )
            row.append(_num(share, show, acknowledged.get(dotted((*n.path, "share")))))
        rows.append(row)
    key = key_of(("performance", *(parent.index if parent else ()), "levels"))
    return _table(caption, unit if columns else "", head, rows, key)


def _indicators_table(
    node: Node, t: T, show: Callable[[object], str], acknowledged: Mapping[str, Acknowledged]
) -> TableView:
    """A level's indicators: kind, weight, unit, and target and actual by year."""
    indicators = node.data.indicators
    iyears = sorted({v.year for ind in indicators for v in ind.values})
    head = [t("col_indicator"), t("col_kind"), t("col_weight"), t("col_unit")]
    for y in iyears:
        head += [t("col_target", year=y), t("col_actual", year=y)]
    rows = []
    for i, ind in enumerate(indicators):
        values = {v.year: (n, v) for n, v in enumerate(ind.values)}
        cells = [Cell(ind.name, header=True), Cell(ind.kind), _num(ind.weight, show), Cell(ind.unit)]
        for y in iyears:
            n, v = values.get(y, (0, None))
            actual = None if v is None else v.actual if v.actual is not None else ind.derived_actual(v)
            at = (*node.path, "indicators", i, "values", n, "actual")
            cells += [_num(v.target if v else None, show), _num(actual, show, acknowledged.get(dotted(at)))]
        rows.append(cells)
    key = key_of(("performance", *node.index, "indicators"))
    return _table(t("performance_indicators", name=node.data.name), "", head, rows, key)


def comparison(
    councils: list[CouncilEntry], t: T, show: Callable[[object], str], key: str = "plans", caption: str = ""
) -> TableView:
    """Every plan side by side: department, staffing, budget, programmes."""
    head = [
        t("col_plan"),
        t("department"),
        t("col_staff_authorized"),
        t("col_staff_current"),
        t("col_budget_in", unit=BASE_UNIT),
        t("col_programmes"),
    ]
    rows, bars = [], []
    for council in councils:
        for plan in council.plans:
            d = plan.data
            staff = d.staffing
            budget = convert(d.budget.total.current, d.budget.unit) if d.budget else None
            label = f"{council.data.full_name} {d.year}"
            rows.append(
                [
                    Cell(label, header=True),
                    Cell(d.department.name),
                    _num(staff.authorized if staff else None, show),
                    _num(staff.current if staff else None, show),
                    _num(budget, show),
                    _num(programme_count(plan), show),
                ]
            )
            if budget is not None:
                bars.append((f"{label} {d.department.name}", [budget]))
    caption = caption or t("compare_caption")
    chart = Chart(t("compare_budget_chart"), BASE_UNIT, [t("col_budget")], bars)
    return _table(caption, "", head, rows, key, chart=chart)


def channels(councils: list[CouncilEntry], t: T) -> TableView | None:
    """Every plan's publicity channels side by side, matched by channel name."""
    found = [
        (council, prog, prog.brief.channels)
        for council in councils
        for plan in council.plans
        for prog in plan.programmes
        if prog.brief.channels
    ]
    if not found:
        return None
    names: list[str] = []  # in first appearance: the order the documents list them
    for _, _, chs in found:
        names += [c.name for c in chs.items if c.name not in names]
    rows = []
    for council, prog, chs in found:
        by_name = {c.name: c for c in chs.items}
        row = [
            Cell(f"{council.data.full_name} {prog.plan.data.year}", header=True, href=prog.url),
            Cell(str(chs.as_of) if chs.as_of else "-"),
        ]
        for name in names:
            c = by_name.get(name)
            if c is None:
                row.append(Cell("-"))
            elif c.subscribers is None:
                row.append(Cell(t("channel_run")))
            else:
                row.append(Cell(subscribers_text(c, t), numeric=True, value=c.subscribers))
        rows.append(row)
    view = _table(t("compare_channels"), t("unit_people"), [t("col_plan"), t("col_as_of"), *names], rows, "channels")
    view.notes = [t("compare_channels_note")]
    return view
