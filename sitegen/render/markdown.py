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


def render(text: str, shift_headings: int = 1, ids: str = "") -> Markup:
    """Render Markdown; headings shift down so the page keeps one h1.

    With `ids`, every top-level block gets the id <ids><n> (n from 1): the print
    edition and the e-book number the same blocks, so the e-book's page list
    can point where each printed page begins.
    """
    md = _parser()
    tokens = md.parse(text or "")
    n = 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and shift_headings:
            token.tag = f"h{min(int(token.tag[1]) + shift_headings, 6)}"
        if ids and token.level == 0 and (token.nesting == 1 or token.type == "hr"):
            n += 1
            token.attrSet("id", f"{ids}{n}")
    return Markup(md.renderer.render(tokens, md.options, {}))
