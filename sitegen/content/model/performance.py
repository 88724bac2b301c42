"""Performance plans (성과계획): a hierarchy of levels of any depth, with budgets and indicators.

None of the seed plans has one, but other councils' plans do; the shape
follows the 성과계획서 that local governments file with their budgets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sitegen.content.model.base import F, Model
from sitegen.content.model.common import UNITS, AsPublished, Lines, MoneyUnit
from sitegen.content.model.types import Amount, Markdown, Percent, PeriodT


class YearAmount(Model):
    year: int = F("연도", ge=1990, le=2200)
    settled: Amount = F("결산", None)
    budgeted: Amount = F("예산", None)


class Term(Model):
    coefficient: Amount = F("가중치")
    input: str = F("측정 항목")


class Measure(Model):
    """측정산식: free text, or a weighted sum of named inputs."""

    text: str = F("산식", "")
    terms: list[Term] = F("가중합 항", default_factory=list)


class YearValue(Model):
    year: int = F("연도", ge=1990, le=2200)
    target: Amount = F("목표치", None)
    actual: Amount = F("실적치", None)
    inputs: dict[str, Amount] = F("측정 항목 값", default_factory=dict)


class Indicator(Model):
    """성과지표."""

    name: str = F("지표명")
    unit: str = F("단위")
    kind: Literal["핵심", "일반"] = F("유형", "일반")
    weight: Amount = F("가중치(%)", None)
    direction: Literal["상향", "하향"] = F("목표 방향", "상향")
    values: list[YearValue] = F("연도별 목표·실적", default_factory=list)
    measure: Measure | None = F("측정산식", None)
    rationale: str = F("목표치 설정 근거", "")
    source: str = F("자료 출처", "")

    def derived_actual(self, row: YearValue) -> Decimal | None:
        """The actual the formula gives from that year's inputs, when all are known."""
        if not self.measure or not self.measure.terms or not row.inputs:
            return None
        total = Decimal(0)
        for term in self.measure.terms:
            value = row.inputs.get(term.input)
            if value is None or term.coefficient is None:
                return None
            total += term.coefficient * value
        return total


class Level(Model):
    """One level of the plan's hierarchy, at any depth, named as the document names it:
    전략목표 → 정책사업목표 → 단위사업 → 세부사업 in most 성과계획서, fewer or other levels
    in others. Budgets, shares, texts and indicators may sit at any level; a level's
    amounts are checked against the sum of the levels under it."""

    level: str = F("단계", "", description="문서가 쓰는 단계 이름. 예: 전략목표, 정책사업목표, 단위사업, 세부사업")
    name: str = F("이름")
    code: str = F("사업코드", "")
    description: Lines = F("설명", default_factory=list)
    texts: dict[str, Markdown] = F(
        "본문", default_factory=dict, description="문서의 소제목과 그 글. 예: 목적, 주요내용, 사업내용"
    )
    account: str = F("회계구분", "", description="예: 일반회계, 기타특별회계")
    unit: MoneyUnit = F("단위", "백만원", description="적지 않으면 위 단계의 단위(맨 위 단계는 백만원)")
    amounts: list[YearAmount] = F("연도별 금액", default_factory=list)
    share: Percent = F(
        "구성비(원문, %)",
        None,
        description="계획 연도 예산이 위 단계(맨 위 단계는 전체)에서 차지하는 비율. 원문 그대로 적으면 검사합니다",
    )
    counts: dict[str, int] = F(
        "하위 사업 수(원문)",
        default_factory=dict,
        description="단계 이름별 수. 예: {단위사업: 2, 세부사업: 5}. 아래 단계를 적었으면 세어서 검사합니다",
    )
    period: PeriodT | None = F("사업기간", None)
    delivery: str = F("사업추진방식", "", description="예: 직접수행, 민간위탁, 민간보조")
    funding_condition: str = F("재원조건", "", description="예: 구비 100%, 국비 50% 매칭")
    implementer: str = F("시행주체", "")
    indicators: list[Indicator] = F("성과지표", default_factory=list)
    children: list[Level] = F("하위 단계", default_factory=list)
    # the first shape's names (goal → unit programmes → budget programmes), still read
    unit_programmes: list[Level] = F("단위사업", default_factory=list, description="children과 같습니다(예전 이름)")
    budget_programmes: list[Level] = F("세부사업", default_factory=list, description="children과 같습니다(예전 이름)")

    def below(self) -> tuple[str, list[Level]]:
        """The levels under this one and the key they are written under (the check refuses
        more than one of them)."""
        for key in ("children", "unit_programmes", "budget_programmes"):
            if getattr(self, key):
                return key, getattr(self, key)
        return "children", []

    def amount(self, year: int, kind: str) -> Decimal | None:
        """Its amount for year and kind (settled/budgeted), as written (in its node's unit)."""
        return next((getattr(a, kind) for a in self.amounts if a.year == year), None)


class Performance(Model):
    title: str = F("제목", "성과계획")
    levels: list[Level] = F("단계별 사업", default_factory=list, description="맨 위 단계들(예: 전략목표)")
    goals: list[Level] = F("목표", default_factory=list, description="levels와 같습니다(예전 이름)")
    budget_row: str = F(
        "부서 예산 표의 행",
        "",
        description="맨 위 단계들의 계획 연도 예산을 더한 값이 같아야 하는 부서 예산 표(budget)의 행. 예: 정책사업",
    )
    as_published: list[AsPublished] = F("원문 그대로 둔 수치", default_factory=list)

    def top(self) -> tuple[str, list[Level]]:
        return ("levels", self.levels) if self.levels else ("goals", self.goals)


def level_of_key(key: str) -> str:
    """The level a node of the first shape is, named by the field it is written under."""
    if key not in ("goals", "unit_programmes", "budget_programmes"):
        return ""  # written in the general shape: named only where the editor names it
    owner = Performance if key == "goals" else Level
    return owner.model_fields[key].title or key


@dataclass(frozen=True)
class Node:
    """A level with where it is written (for messages and notes) and the levels under it."""

    path: tuple[str | int, ...]  # from the plan: ("performance", "levels", 0, "children", 1)
    index: tuple[int, ...]  # its place in the tree: (0, 1)
    data: Level
    label: str  # its level name: as written, or by the first shape's field
    unit: str  # its money unit: as written, else its parent's (a document states it once)
    children: tuple[Node, ...]

    def amount(self, year: int, kind: str, unit: str | None = None) -> Decimal | None:
        """Its amount for year and kind (settled/budgeted), in unit (its own if none)."""
        value = self.data.amount(year, kind)
        if value is None or unit is None or unit == self.unit:
            return value
        value = value * UNITS[self.unit] / UNITS[unit]
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()

    def plan_year_amount(self, year: int, unit: str) -> Decimal | None:
        """What it has for the plan's year, as its share is taken of: the budget, else the
        settled figure."""
        budgeted = self.amount(year, "budgeted", unit)
        return budgeted if budgeted is not None else self.amount(year, "settled", unit)

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def hierarchy(perf: Performance, path: tuple[str | int, ...] = ("performance",)) -> list[Node]:
    """The plan's levels as a tree of nodes, whichever shape they are written in."""

    def node(key: str, i: int, level: Level, at: tuple[str | int, ...], index: tuple[int, ...], unit: str) -> Node:
        here = (*at, key, i)
        unit = level.unit if "unit" in level.model_fields_set else unit
        below, kids = level.below()
        children = tuple(node(below, j, kid, here, (*index, i), unit) for j, kid in enumerate(kids))
        label = level.level or level_of_key(key)
        return Node(here, (*index, i), level, label, unit, children)

    key, top = perf.top()
    default = Level.model_fields["unit"].default
    return [node(key, i, level, path, (), default) for i, level in enumerate(top)]
