"""JSON Schemas of the content files, generated from the model (one source of truth).

Published with the site under schemas/ and written into a repository by
`sitegen schema`, so editors' editors (VS Code's YAML extension and others)
complete field names and flag mistakes as they type.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from sitegen.model.plan import Plan
from sitegen.model.programme import Programme
from sitegen.model.site import Council, Site

FILES: dict[str, tuple[type[BaseModel], str, str]] = {
    "site.schema.json": (Site, "site.yaml", "content/site.yaml"),
    "council.schema.json": (Council, "council.yaml", "content/councils/*/council.yaml"),
    "plan.schema.json": (Plan, "plan.yaml", "content/councils/*/plans/*/plan.yaml"),
    "programme.schema.json": (Programme, "programmes/*.md (머리말)", "content/councils/*/plans/*/programmes/*.md"),
}


def schema_of(model: type[BaseModel], title: str) -> dict:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def schemas() -> dict[str, str]:
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
