"""Councils whose pages can be taken from the previous build instead of rendered.

A council's web pages read only its own folder (plans, programmes,
newsletters and the plan data they include), the site's config, the themes
and sitegen's code, and the sizes of its own PDFs and EPUBs: no page of one
council shows another's content (the home and comparison pages, which show
all of them, are always rendered). So when the fingerprint of those inputs is
the one recorded when the council was last rendered into this output folder,
and the files it wrote then are still there as written, they are linked into
the new build as they are, with the search entries and characters recorded
beside them. An edit re-renders its council and the site-wide pages only;
a change of config, theme or code re-renders everything.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

from sitegen.render.page import Download
from sitegen.render.web import Gathered
from sitegen.state import PACKAGE, fingerprint, signature
from sitegen.structure import CouncilEntry, SiteModel
from sitegen.writer import Output


@dataclass
class Rendered:
    """What a council's rendering left: its files, and what the site-wide files need of them."""

    key: str
    files: list[str]
    gathered: Gathered
    signature: str = ""


class CouncilReuse:
    def __init__(
        self,
        site: SiteModel,
        themes: list[Path],
        previous: Path,
        cache: Path,
        downloads: dict[str, dict[str, Download]],
    ):
        self.previous = previous  # the output folder being replaced: the last build, if any
        self.folder = cache / "councils" / hashlib.sha256(str(previous.resolve()).encode()).hexdigest()[:16]
        config = {"base_url": site.config.base_url, "outputs": site.config.outputs}
        self.base = fingerprint([site.source.path, *themes, PACKAGE], config)
        self.downloads = downloads

    def key(self, council: CouncilEntry) -> str:
        own = sorted(
            (url, kind, d.path, d.size)
            for url, files in self.downloads.items()
            if url.startswith(council.url)
            for kind, d in files.items()
        )
        folder = council.source.path.parent
        return fingerprint([folder], {"base": self.base, "downloads": own}, git=folder)

    def record(self, council: CouncilEntry) -> Rendered | None:
        try:
            with (self.folder / f"{council.slug}.pickle").open("rb") as f:
                return pickle.load(f)
        except Exception:  # unreadable, or written by another version of sitegen: render instead
            return None

    def reusable(self, council: CouncilEntry, key: str) -> Rendered | None:
        """The last rendering of the council, when its inputs and its files are as they were."""
        known = self.record(council)
        if known and known.key == key and known.signature == signature(self.previous, known.files):
            return known
        return None

    def link(self, rendered: Rendered, output: Output) -> None:
        """The previous build's files into the new one: hard links (the old build is removed,
        never changed in place), copies where linking is not possible."""
        for rel in rendered.files:
            target = output.root / rel
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.previous / rel, target)
            except OSError:
                shutil.copy2(self.previous / rel, target)
            output.count += 1

    def save(self, council: CouncilEntry, rendered: Rendered, output: Output) -> None:
        """Remember a fresh rendering, with its files as the new build holds them."""
        rendered.signature = signature(output.root, rendered.files)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{council.slug}.{os.getpid()}"
        with tmp.open("wb") as f:
            pickle.dump(rendered, f)
        os.replace(tmp, self.folder / f"{council.slug}.pickle")
