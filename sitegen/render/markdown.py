"""Markdown → HTML for prose fields and programme bodies.

Raw HTML in content is off: editors write Markdown only, and nothing they
paste can inject markup or scripts into residents' pages.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    return md


def render(text: str, shift_headings: int = 1) -> Markup:
    """Render Markdown; headings shift down so the page keeps one h1."""
    html = _parser().render(text or "")
    if shift_headings:
        for level in range(6, 0, -1):
            new = min(level + shift_headings, 6)
            html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    return Markup(html)
