"""JSON Schemas of the content files, generated from the model (one source of truth).

Published with the site under schemas/ and written into a repository by
`sitegen schema`, so editors' editors (VS Code's YAML extension and others)
complete field names and flag mistakes as they type.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from sitegen.content.model.newsletter import Article, Edition, Publication
from sitegen.content.model.plan import Plan
from sitegen.content.model.programme import Programme
from sitegen.content.model.site import Council, Site

FILES: dict[str, tuple[type[BaseModel], str, str]] = {
    "site.schema.json": (Site, "site.yaml", "content/site.yaml"),
    "council.schema.json": (Council, "council.yaml", "content/councils/*/council.yaml"),
    "plan.schema.json": (Plan, "plan.yaml", "content/councils/*/plans/*/plan.yaml"),
    "programme.schema.json": (Programme, "programmes/*.md (머리말)", "content/councils/*/plans/*/programmes/*.md"),
    "publication.schema.json": (
        Publication,
        "publication.yaml",
        "content/councils/*/publications/*/publication.yaml",
    ),
    "edition.schema.json": (Edition, "edition.yaml", "content/councils/*/publications/*/*/edition.yaml"),
    "article.schema.json": (Article, "articles/*.md (머리말)", "content/councils/*/publications/*/*/articles/*.md"),
}


def schema_of(model: type[BaseModel], title: str) -> dict:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


@lru_cache(maxsize=1)
def schemas() -> dict[str, str]:
    """The content files' JSON Schemas, made once per process: the preview builds again and
    again, and pydantic is slow to describe the models (benchmarks/README.md, "Figures
    behind the code")."""
    return {
        name: json.dumps(schema_of(model, title), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, (model, title, _glob) in FILES.items()
    }


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in schemas().items():
        path = out / name
        path.write_text(data, encoding="utf-8")
        written.append(path)
    return written


def vscode_settings(schema_dir: str) -> dict:
    """settings.json entries mapping each content file to its schema."""
    return {
        "yaml.schemas": {
            f"./{schema_dir}/{name}": glob for name, (_m, _t, glob) in FILES.items() if glob.endswith(".yaml")
        }
    }


def field_reference() -> str:
    """docs/fields.md: every field of every content file, from the model itself."""
    from sitegen.content.validate import _unwrap

    lines = [
        "# 항목 참조 (자동 생성)",
        "",
        "이 문서는 `sitegen fields`가 모델에서 만듭니다. 고치지 말고 모델의 설명(title, description)을 고치세요.",
        "",
    ]
    seen: set[type[BaseModel]] = set()

    def nested(annotation: object) -> list[type[BaseModel]]:
        import typing

        out = []
        for t in _unwrap(annotation):
            for arg in (t, *typing.get_args(t)):
                for u in _unwrap(arg):
                    if isinstance(u, type) and issubclass(u, BaseModel):
                        out.append(u)
        return out

    def section(model: type[BaseModel], heading: str) -> None:
        if model in seen:
            return
        seen.add(model)
        lines.extend([f"## {heading}", "", "| 이름 | 뜻 | 필수 | 설명 |", "|---|---|---|---|"])
        children = []
        for name, info in model.model_fields.items():
            required = "예" if info.is_required() else ""
            desc = (info.description or "").replace("|", "/")
            lines.append(f"| `{name}` | {info.title or ''} | {required} | {desc} |")
            children += [(c, f"{heading} › {name} ({info.title})") for c in nested(info.annotation)]
        lines.append("")
        for child, title in children:
            section(child, title)

    for model, title, _glob in FILES.values():
        section(model, title)
    return "\n".join(lines)
