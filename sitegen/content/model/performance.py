"""Performance plans (성과계획): goal → unit programmes → budget programmes and indicators.

None of the seed plans has one, but other councils' plans do; the shape
follows the 성과계획서 that local governments file with their budgets.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from sitegen.content.model.base import F, Model
from sitegen.content.model.common import AsPublished, Lines, MoneyUnit
from sitegen.content.model.types import Amount, PeriodT


class YearAmount(Model):
    year: int = F("연도", ge=1990, le=2200)
    settled: Amount = F("결산", None)
    budgeted: Amount = F("예산", None)


class BudgetProgramme(Model):
    """세부사업."""

    name: str = F("세부사업명")
    code: str = F("사업코드", "")
    account: str = F("회계구분", description="예: 일반회계, 기타특별회계")
    unit: MoneyUnit = F("단위", "백만원")
    amounts: list[YearAmount] = F("연도별 금액", default_factory=list)
    period: PeriodT | None = F("사업기간", None)
    delivery: str = F("사업추진방식", "", description="예: 직접수행, 민간위탁, 민간보조")
    funding_condition: str = F("재원조건", "", description="예: 구비 100%, 국비 50% 매칭")
    implementer: str = F("시행주체", "")


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


class UnitProgramme(Model):
    """단위사업."""

    name: str = F("단위사업명")
    budget_programmes: list[BudgetProgramme] = F("세부사업", default_factory=list)
    indicators: list[Indicator] = F("성과지표", default_factory=list)


class Goal(Model):
    """정책목표 (or 전략목표/성과목표)."""

    name: str = F("목표")
    description: Lines = F("설명", default_factory=list)
    unit_programmes: list[UnitProgramme] = F("단위사업", min_length=1)


class Performance(Model):
    title: str = F("제목", "성과계획")
    goals: list[Goal] = F("목표", min_length=1)
    as_published: list[AsPublished] = F("원문 그대로 둔 수치", default_factory=list)
