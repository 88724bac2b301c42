"""A build's settings, resolved in one place: command-line flags over the environment over
site.yaml over defaults.

Resolved before the content is read (where the cache is, which theme folders
may hold the theme) and applied to site.yaml's values once it is read
(overrides). Every command takes what it needs from here, so the cache folder
or the theme a build reads cannot differ between the fingerprint, the build,
the preview's watcher and a deploy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.engine.cachefiles import cache_refusal
from sitegen.engine.fingerprint import PACKAGE_THEMES
from sitegen.engine.plugins import output_names, unknown_outputs

CACHE_ENV = "SITEGEN_CACHE"
LAST_DEPLOY_ENV = "SITEGEN_LAST_DEPLOY"
CACHE_NAME = ".sitegen-cache"  # beside content/, as .git is beside the working tree
BASE_URL = r"^(https?://[^\s/]+)?/([^\s]*/)?$"  # where the site is served, ending in /


class SettingsError(ValueError):
    """A flag's value that cannot be used: which flag, what was found, what was expected."""

    def __init__(self, flag: str, found: str, expected: str):
        super().__init__(f"{flag}: {found}")
        self.flag, self.found, self.expected = flag, found, expected


@dataclass(frozen=True)
class Settings:
    content: Path  # the folder holding site.yaml
    cache: Path  # --cache, else $SITEGEN_CACHE, else .sitegen-cache beside content
    theme: Path | None = None  # --theme: a theme folder that overrides the site's by path
    base_url: str | None = None  # --base-url: over site.yaml's base_url
    outputs: tuple[str, ...] | None = None  # --outputs: over site.yaml's outputs
    # the git hooks' last deploy (its outcome, as JSON in $SITEGEN_LAST_DEPLOY): the build-info page says it
    last_deploy: str = ""

    @classmethod
    def resolve(
        cls,
        content: str | Path,
        cache: str | Path | None = None,
        theme: str | Path | None = None,
        base_url: str | None = None,
        outputs: str | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> Settings:
        """From the flags as given (None: not given) and the environment; a flag's value that
        cannot be used raises SettingsError."""
        folder = Path(content)
        if base_url is not None and not re.fullmatch(BASE_URL, base_url):
            raise SettingsError("--base-url", base_url, "base_url_expected")
        wanted = None
        if outputs is not None:
            wanted = tuple(o.strip() for o in outputs.split(",") if o.strip())
            unknown = unknown_outputs(wanted)
            if unknown:
                raise SettingsError("--outputs", ", ".join(unknown), ", ".join(output_names()))
        cache_folder = Path(cache or environ.get(CACHE_ENV) or folder.parent / CACHE_NAME)
        if folder.is_dir() and (refused := cache_refusal(cache_folder, folder)):
            raise SettingsError("--cache", str(cache_folder), refused)
        return cls(
            content=folder,
            cache=cache_folder,
            theme=Path(theme) if theme else None,
            base_url=base_url,
            outputs=wanted,
            last_deploy=environ.get(LAST_DEPLOY_ENV, ""),
        )

    def for_preview(self) -> Settings:
        """sitegen serve's: the web pages only, served from the root of the preview's address."""
        return replace(self, base_url="/", outputs=("web",))

    def overrides(self) -> dict[str, object]:
        """site.yaml's values the flags replace (for its model_copy(update=…))."""
        found: dict[str, object] = {}
        if self.base_url is not None:  # where this build will be served, as Hugo's --baseURL
            found["base_url"] = self.base_url
        if self.outputs is not None:
            found["outputs"] = list(self.outputs)
        return found

    def theme_dirs(self, name: str) -> list[Path]:
        """The theme's folders, most specific first: --theme, the site's themes/<name>, the
        default theme sitegen ships. A more specific one overrides a file by its path."""
        dirs = [self.theme] if self.theme else []
        local = self.content.parent / "themes" / name
        if local.is_dir():
            dirs.append(local)
        default = PACKAGE_THEMES / "default"
        if default.resolve() not in [d.resolve() for d in dirs]:
            dirs.append(default)
        return dirs

    def theme_roots(self) -> list[Path]:
        """Every folder a theme may come from, before site.yaml says which (what a build's
        fingerprint and the preview's watcher look at)."""
        return [*([self.theme] if self.theme else []), self.content.parent / "themes", PACKAGE_THEMES]
