"""Links and pictures editors write in Markdown that must not reach residents' pages.

markdown-it already drops javascript:, vbscript:, file: and most data: links
when rendering, silently; here they are found so the editor is told where.
Pictures in Markdown (`![…](…)`) are refused whatever they point to: the web
pages would point at a file nobody published, and the print typesetter would
fetch it, from anywhere on the build host or the network (SECURITY.md).
Pictures go in a page's `images:` field, where they are checked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a text may hold a refused link (most hold none)
    from markdown_it import MarkdownIt

REFUSED_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
CONTROL = "[\\x00- ]*"  # what browsers ignore inside a scheme ('java script:')
# Any refused scheme, with such characters anywhere in it: one search, no copy of the text.
SUSPECT = re.compile("|".join(CONTROL.join(re.escape(c) for c in s) for s in REFUSED_SCHEMES), re.I)
# Each scheme's last letter before its colon: a search for these alone is a hundred times
# quicker over Korean text (one class, no alternation) and finds nothing where SUSPECT would not.
ENDINGS = re.compile(f"[{''.join(sorted({s[-2] for s in REFUSED_SCHEMES}))}]{CONTROL}:", re.I)


@lru_cache(maxsize=1)
def _permissive() -> MarkdownIt:
    # Sees every link an editor wrote, including those the renderer drops.
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False})
    md.enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def refused_links(text: str) -> list[tuple[int, str, str]]:
    """(line within text, address, what) of each link whose scheme can run code or embed
    content (what: "link") and of each picture (what: "md_image")."""
    # Parsing is the expensive part: skip it when no picture and no refused scheme can be in
    # the text. Character references (&#106;avascript:) are decoded in addresses, so '&' parses.
    text = text or ""
    if "&" not in text and "![" not in text and not (ENDINGS.search(text) and SUSPECT.search(text)):
        return []
    found = []
    for token in _permissive().parse(text):
        for child in _inline(token.children or []):
            line = (token.map or [0])[0]
            if child.type == "image":
                found.append((line, str(child.attrGet("src") or ""), "md_image"))
                continue
            href = str(child.attrGet("href") or "")
            plain = "".join(ch for ch in href if ch > " ").lower()
            if plain.startswith(REFUSED_SCHEMES):
                found.append((line, href, "link"))
    return found


def _inline(children: list) -> list:
    """Inline tokens, with those inside a picture's description ([![a](b)](c) nests)."""
    out = []
    for child in children:
        out.append(child)
        out.extend(_inline(child.children or []))
    return out
