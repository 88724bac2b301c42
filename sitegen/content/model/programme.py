"""A programme (주요사업): the YAML front matter of programmes/<slug>.md.

The Markdown body below the front matter is the detailed plan (추진계획);
everything a reader may want to find, compare or reuse is a field here.
"""

from __future__ import annotations

from sitegen.content.model.base import F, Model
from sitegen.content.model.common import (
    AsPublished,
    Contact,
    Figure,
    Funding,
    Image,
    Lines,
    Milestone,
    MoneyUnit,
    Table,
)
from sitegen.content.model.types import Amount, Date, Markdown, Percent, PeriodT


class Factor(Model):
    value: Amount = F("값")
    unit: str = F("단위", "")


class Formula(Model):
    """How an amount was reached: 42개 부서 × 30,000원 × 12개월."""

    factors: list[Factor] = F("곱하는 값", min_length=2)
    unit: MoneyUnit = F("계산 단위", "원", description="곱한 결과의 단위(원, 천원 …)")


class BudgetItem(Model):
    label: str = F("항목")
    amount: Amount = F("금액")
    formula: Formula | None = F("산출 근거", None)


class SourceShare(Model):
    source: str = F("재원", description="site.yaml의 funding_sources 중 하나")
    amount: Amount = F("금액", None)
    share: Percent = F("비율(%)", None)


class Budget(Model):
    """소요예산 of the plan year."""

    amount: Amount = F("금액", None)
    unit: MoneyUnit = F("단위", "천원")
    sources: list[SourceShare] = F("재원", default_factory=list)
    items: list[BudgetItem] = F("세부 항목", default_factory=list)
    note: str = F("비고", "")


class Channel(Model):
    """One publicity channel the department runs: YouTube, blog, KakaoTalk channel, text alerts …"""

    name: str = F("채널", description="예: 유튜브, 카카오톡 채널. 기관끼리 비교할 때 이 이름으로 맞춥니다")
    title: str = F("채널 이름", "", description="예: 울산큰애기 TV")
    opened: Date | None = F("개설", None)
    subscribers: int | None = F("구독자(명)", None, ge=0)
    approximate: bool = F("구독자 수 어림값", False, description="원문이 '1만 7백여 명'처럼 어림수로 적었으면 true")
    output: str = F("콘텐츠 발행", "", description="예: 178건, 주 1회(목)")
    note: str = F("비고", "")


class Channels(Model):
    """홍보 채널 운영 현황: the channels a programme runs, compared across councils."""

    caption: str = F("표 제목", "홍보 채널 운영 현황")
    as_of: Date | None = F("기준일", None)
    output_label: str = F("발행 열 제목", "콘텐츠 발행", description="예: 콘텐츠 수(2024)")
    items: list[Channel] = F("채널", min_length=1)


class Issue(Model):
    problem: str = F("문제점")
    improvement: str = F("개선방안", "")


class Programme(Model):
    number: int | None = F("번호", None, ge=1)
    title: str = F("사업명", min_length=2)
    kind: Lines = F("사업구분", default_factory=list, description="site.yaml의 programme_kinds")
    purpose: Lines = F("사업목적", default_factory=list)
    need: Lines = F("사업필요성", default_factory=list)
    background: Markdown = F("추진배경", Markdown(""))
    legal_basis: Lines = F("근거 법령", default_factory=list)
    policy: Lines = F("추진방침", default_factory=list)
    period: PeriodT | None = F("사업기간", None)
    period_note: str = F("사업기간 비고", "", description="예: 계속사업, 연중")
    place: str = F("사업장소", "")
    target: str = F("사업대상", "")
    scale: str = F("사업규모", "")
    agency: str = F("추진기관", "")
    overview: Markdown = F("사업개요", Markdown(""))
    budget: Budget | None = F("소요예산", None)
    funding: Funding | None = F("연차별 소요재원", None)
    schedule: list[Milestone] = F("추진일정", default_factory=list)
    results: Markdown = F("추진실적", Markdown(""))
    figures: list[Figure] = F("주요 수치", default_factory=list)
    issues: list[Issue] = F("문제점 및 개선방안", default_factory=list)
    tables: list[Table] = F("표", default_factory=list)
    channels: Channels | None = F("홍보 채널", None)
    images: list[Image] = F("사진·그림", default_factory=list)
    effects: Lines = F("기대효과", default_factory=list)
    contacts: list[Contact] = F("담당", default_factory=list)
    continues: str = F("이전 연도 사업", "", description="이어받은 이전 계획의 사업: <연도 폴더>/<사업 파일 이름>")
    tags: Lines = F("태그", default_factory=list)
    as_published: list[AsPublished] = F("원문 그대로 둔 수치", default_factory=list)
