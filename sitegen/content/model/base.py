"""The base every content model shares: unknown keys are errors, labels are Korean.

Each field's `title` is the label readers and editors see (pages, JSON Schema,
error messages), so a field is named once, here, and nowhere else.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_default=False,
        use_attribute_docstrings=False,
        # each model's validator built when first used, not at import: a build whose councils
        # come from the cache validates only what changed (issue 23)
        defer_build=True,
    )


def F(title: str, default: Any = ..., description: str | None = None, **kw: Any) -> Any:
    """A field with its Korean label (title) and, where useful, an explanation."""
    if default is ... and "default_factory" in kw:
        return Field(title=title, description=description, **kw)
    return Field(default, title=title, description=description, **kw)
