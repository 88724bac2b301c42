"""Links editors write in Markdown that must not reach residents' pages.

markdown-it already drops javascript:, vbscript:, file: and most data: links
when rendering, silently; here they are found so the editor is told where.
"""

from __future__ import annotations

import re
from functools import lru_cache

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
    md = MarkdownIt("commonmark", {"html": False})
    md.enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def refused_links(text: str) -> list[tuple[int, str]]:
    """(line within text, address) of each link or image whose scheme can run code or embed content."""
    # Parsing is the expensive part: skip it when no refused scheme can be in the text.
    # Character references (&#106;avascript:) are decoded in link addresses, so '&' parses.
    if "&" not in (text or "") and not (ENDINGS.search(text or "") and SUSPECT.search(text or "")):
        return []
    found = []
    for token in _permissive().parse(text or ""):
        for child in token.children or []:
            href = str(child.attrGet("href") or child.attrGet("src") or "")
            plain = "".join(ch for ch in href if ch > " ").lower()
            if plain.startswith(REFUSED_SCHEMES):
                found.append(((token.map or [0])[0], href))
    return found
