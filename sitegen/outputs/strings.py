"""Reader-facing text of a theme: strings/<language>.yaml, overridable per key.

Pages never hard-code Korean: templates and views ask for a key, so a site
(or a translated theme) can change a label by putting the same key in its own
theme's strings file, as with templates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class Strings:
    def __init__(self, themes: list[Path], language: str):
        self.language = language
        self.table: dict[str, str] = {}
        for theme in reversed(themes):  # more specific themes come first; let them win
            path = theme / "strings" / f"{language}.yaml"
            if path.is_file():
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
                self.table.update({str(k): str(v) for k, v in data.items()})

    def __call__(self, key: str, /, **kwargs: Any) -> str:
        template = self.table.get(key)
        if template is None:
            raise KeyError(f"theme string '{key}' is missing from strings/{self.language}.yaml")
        return template.format(**kwargs) if kwargs else template
