"""The site (content/site.yaml) and each council (councils/<slug>/council.yaml)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from sitegen.content.model.base import F, Model
from sitegen.content.model.common import Slug, Url
from sitegen.engine.plugins import output_names, unknown_outputs
from sitegen.settings import BASE_URL

DEFAULT_KINDS = ["신규", "계속", "현안", "공약", "역점", "주민참여예산", "공모"]
DEFAULT_SOURCES = ["국비", "시비", "도비", "구비", "군비", "특별교부세", "기금", "민간", "통신사업자"]


def _known_output(name: str) -> str:
    """One of the outputs sitegen or an installed package makes (sitegen/engine/plugins.py)."""
    if unknown_outputs([name]):
        expected = ", ".join(repr(n) for n in output_names())
        raise PydanticCustomError("literal_error", "", {"expected": expected})
    return name


OutputName = Annotated[str, AfterValidator(_known_output)]


class Vocabularies(Model):
    programme_kinds: list[str] = F("사업구분 목록", default_factory=lambda: list(DEFAULT_KINDS))
    funding_sources: list[str] = F("재원 목록", default_factory=lambda: list(DEFAULT_SOURCES))


class PrintOptions(Model):
    """How plan booklets are printed (outputs: pdf)."""

    page_size: str = F(
        "용지 크기",
        "A4",
        pattern=r"^(A[3-6]|B[4-6]|JIS-B[4-6]|letter|legal)( landscape| portrait)?$|^\d+(\.\d+)?mm \d+(\.\d+)?mm$",
        description="A4, A5, B5, letter … 또는 '182mm 257mm'",
    )
    recto: bool = F("장을 오른쪽 쪽에서 시작", False, description="책으로 묶을 때 true: 각 장이 홀수 쪽에서 시작합니다")
    bleed: bool = F("재단 여백과 재단선", False, description="인쇄소에 넘길 때 true: 3mm 재단 여백과 재단선을 넣습니다")
    archive: Literal["", "pdf/a-2b", "pdf/a-3b"] = F(
        "보존용 PDF/A", "", description="기록물 보존용으로 만들 때 pdf/a-2b 또는 pdf/a-3b"
    )


class SiteOperator(Model):
    """Who runs the site: shown at the foot of its pages that belong to no council."""

    name: str = F("운영 기관", "", description="예: 금천구 소통담당관")
    department: str = F("담당 부서", "")
    phone: str = F("연락처", "", description="예: 02-2627-1234")
    address: str = F("주소", "")
    website: Url | None = F("누리집", None)
    emblem: str = F("상징(로고) 파일", "", description="site.yaml 옆의 이미지 파일 경로: 전체 사이트 페이지 아래에")
    emblem_alt: str = F("상징 대체 텍스트", "")


class Site(Model):
    title: str = F("사이트 제목")
    description: str = F("설명", "")
    base_url: str = F(
        "기본 주소",
        "/",
        pattern=BASE_URL,
        description="사이트가 놓일 주소. 하위 경로(/plans/)도 됩니다. '/'로 끝납니다",
    )
    language: Literal["ko"] = F("언어", "ko")
    # a folder of themes/ (or the package's) by name: a path could load templates from anywhere
    theme: Slug = F("테마", "default", description="themes/ 안의 테마 폴더 이름")
    outputs: list[OutputName] = F(
        "만들 결과물", default_factory=lambda: ["web"], description="web(웹), pdf(인쇄용 PDF), epub(소식지 전자책)"
    )
    vocabularies: Vocabularies = F("용어 목록", default_factory=Vocabularies)
    print: PrintOptions = F("인쇄(PDF)", default_factory=PrintOptions)
    operator: SiteOperator = F("운영 기관", default_factory=SiteOperator)
    official_banner: bool = F(
        "공식 누리집 배너",
        False,
        description="true면 모든 페이지 맨 위에 KRDS의 '대한민국 공식 전자정부 누리집' 배너: 공공기관 누리집만",
    )


class Council(Model):
    name: str = F("이름", description="예: 금천구")
    level: Literal["시", "군", "구", "특별시", "광역시", "도", "특별자치시", "특별자치도"] = F("종류")
    parent: str = F("상위 자치단체", "", description="예: 서울특별시")
    website: Url | None = F("누리집", None)
    emblem: str = F("상징(로고) 파일", "", description="council.yaml 옆의 이미지 파일 경로")
    emblem_alt: str = F("상징 대체 텍스트", "")
    description: str = F("소개", "")
    phone: str = F("대표 전화", "", description="예: 02-2627-2114: 모든 페이지 아래의 연락처")
    address: str = F("주소", "", description="예: 서울특별시 금천구 시흥대로73길 70")

    @property
    def full_name(self) -> str:
        return f"{self.parent} {self.name}".strip()
