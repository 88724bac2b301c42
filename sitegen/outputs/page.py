"""What a template knows about the page it renders, and the files a page links to."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitegen.engine.writer import Link, Pieces
from sitegen.outputs.view import TableView

File = tuple[str, "str | bytes | Path | Link | Pieces"]  # a file to write: (path from the site root, content)


@dataclass
class Page:
    """What a template knows about the page it renders, besides its content."""

    path: str  # folder of the page from the site root, '' or 'geumcheon/2025/'
    title: str
    crumbs: list[tuple[str, str]] = field(default_factory=list)  # (label, path) above this page
    section: str = ""
    description: str = ""
    tables: dict[str, TableView] = field(default_factory=dict)  # shown on the page: written as data files
    charts: int = 0
    # a web page: its tables link to their CSV/JSON, wide ones say they scroll (not print or e-books)
    downloads: bool = True
    share: str = ""  # its share card (og:image), from the site root: its plan's, edition's or the site's

    def data_file(self, tv: TableView, ext: str) -> str:
        return f"{self.path}data/{tv.key}.{ext}"

    def data_name(self, tv: TableView, ext: str) -> str:
        """The name a download is saved under: unique across the site, saying where it is from
        (eumseong-2023-office-equipment-funding.csv, not a funding.csv from every programme)."""
        return "-".join([*filter(None, self.path.split("/")), tv.key]) + f".{ext}"


@dataclass(frozen=True)
class Operator:
    """Who stands behind a page: shown at its foot, so residents know whom to ask."""

    name: str
    department: str = ""
    phone: str = ""
    address: str = ""
    website: str = ""
    emblem: str = ""  # the emblem's file from the site root, published beside the pages
    emblem_alt: str = ""


def emblem_rel(folder: str, src: str) -> str:
    """Where an emblem named in council.yaml or site.yaml is published: <folder>emblem.<ext>."""
    return f"{folder}emblem{Path(src).suffix.lower()}" if src else ""


@dataclass(frozen=True)
class Download:
    """A file made for a page to link to, such as a plan's PDF, with its size."""

    path: str  # from the site root
    size: int  # bytes
    kind: str = "PDF"  # the format, as readers know it

    def size_text(self) -> str:
        if self.size >= 1_000_000:
            return f"{self.size / 1_000_000:.1f}MB"
        return f"{max(1, round(self.size / 1000))}KB"
