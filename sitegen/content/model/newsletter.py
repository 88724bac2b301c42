"""Newsletters (소식지): a publication, its editions, and their articles.

  councils/<council>/publications/<publication>/publication.yaml
  councils/<council>/publications/<publication>/<edition>/edition.yaml
  councils/<council>/publications/<publication>/<edition>/articles/<article>.md

An article can show plan data by reference (a programme's summary or budget,
a month's milestones), so editing the plan updates the edition.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from sitegen.content.model.base import F, Model
from sitegen.content.model.common import Image, Lines, Slug
from sitegen.content.model.types import Date

PROGRAMME_REF = r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"
ProgrammeRef = Annotated[str, Field(pattern=PROGRAMME_REF)]


class Publication(Model):
    name: str = F("제호", description="예: 금천향기")
    frequency: Literal["weekly", "monthly", "quarterly", "irregular"] = F(
        "발행 주기", description="weekly(주간) / monthly(월간) / quarterly(계간) / irregular(수시)"
    )
    description: str = F("소개", "")
    issn: str = F("ISSN", "", pattern=r"^(\d{4}-\d{3}[\dX])?$", description="예: 1234-567X (없으면 비움)")
    format: str = F("형태", "", description="예: 타블로이드 32면, 모바일")
    copies: int | None = F("발행 부수", None, ge=1)
    department: str = F("발행 부서", "")


class Section(Model):
    id: Slug = F("구역 id", description="기사의 section에서 가리키는 이름")
    title: str = F("구역 이름", description="예: 구정소식, 생활정보, 문화공연")


class Edition(Model):
    number: int | None = F("호수", None, ge=1, description="통권 번호. 모르면 비움(발행일 순서로 정렬)")
    date: Date = F("발행일")
    title: str = F("제목", description="예: 2025년 3월호")
    special: bool = F("특별호", False)
    special_title: str = F("특별호 이름", "", description="예: 개청 30주년 특별호")
    cover: Image | None = F("표지", None)
    pages: int | None = F("면수", None, ge=1)
    sections: list[Section] = F("구역", min_length=1)
    articles: list[Slug] = F("기사 순서", min_length=1, description="articles 폴더의 파일 이름")


class Include(Model):
    """Plan data shown in an article, taken from the plan at build time."""

    kind: Literal["milestones", "programme", "budget"] = F(
        "종류", description="milestones(이달의 추진일정) / programme(사업 요약) / budget(사업 예산표)"
    )
    programme: str = F(
        "사업",
        "",
        pattern=rf"{PROGRAMME_REF}|^$",
        description="<연도 폴더>/<사업 파일 이름>. milestones에서 비우면 이 지자체의 모든 사업",
    )
    month: int | None = F("달", None, ge=1, le=12, description="milestones: 비우면 호의 발행 달")
    months: int = F("몇 달", 1, ge=1, le=12, description="milestones: 그 달부터 몇 달의 일정을 한 표로(분기면 3)")


class Article(Model):
    title: str = F("제목", min_length=2)
    section: Slug = F("구역", description="edition.yaml의 sections id")
    summary: str = F("요약", "", description="목록과 메시지 알림에 나오는 한두 문장")
    department: str = F("부서", "")
    author: str = F("글쓴이", "")
    images: list[Image] = F("사진·그림", default_factory=list)
    tags: Lines = F("태그", default_factory=list)
    related: list[ProgrammeRef] = F("관련 사업", default_factory=list, description="<연도 폴더>/<사업 파일 이름>")
    includes: list[Include] = F("계획에서 가져올 내용", default_factory=list)
