"""Share cards: the picture a link shows when a resident shares a page (KakaoTalk, Facebook,
X, Slack read it from og:image).

One 1200 × 630 PNG per plan and per newsletter edition (its pages share it) and one for
the site, drawn with Pillow in the theme's Korean font: who publishes it, what it is, and
the site's name, large enough to read in a chat's thumbnail. The same text gives the same
bytes (Pillow writes no date into a PNG), so an unchanged card is taken from the last build.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sitegen.engine import recording

SIZE = (1200, 630)  # what the Open Graph consumers crop to least
MARGIN = 72
BACKGROUND = "#ffffff"
ACCENT = "#0b50b8"  # the theme's link and accent colour
TEXT = "#1b1b1f"
MUTED = "#4d4d55"


@dataclass(frozen=True)
class Card:
    kicker: str  # who publishes it: "서울특별시 금천구 소통담당관"
    title: str  # what it is: "2025년 주요업무계획"
    footer: str  # the site's name


CUT = 160  # characters of a card's text: more than four lines at the smallest size hold


def _cut(text: str) -> str:
    return text if len(text) <= CUT else text[: CUT - 1] + "…"


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> Iterator[str]:
    """Lines of text within width: broken between words, inside a word only when it alone is wider."""
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
            continue
        if line:
            yield line
        line = ""
        for ch in word:
            if draw.textlength(line + ch, font=font) > width and line:
                yield line
                line = ""
            line += ch
    if line:
        yield line


def draw(card: Card, fonts: dict[str, Path]) -> bytes:
    """The card as PNG. fonts: the theme's, by name (Regular and Bold are used)."""
    regular = next((p for n, p in sorted(fonts.items()) if "Regular" in n), None)
    bold = next((p for n, p in sorted(fonts.items()) if "Bold" in n), regular)
    for path in (regular, bold):
        if path:
            recording.read("file", str(path))

    def face(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)

    # at most four lines are drawn: a title of any length (a 300,000-character one took minutes
    # to wrap, four times over) is cut to what could show
    kicker, title, footer = (_cut(s) for s in (card.kicker, card.title, card.footer))
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, SIZE[0], 18), fill=ACCENT)
    width = SIZE[0] - 2 * MARGIN
    y = 96
    small = face(regular, 40)
    for line in list(_wrapped(pen, kicker, small, width))[:2]:  # type: ignore[arg-type]
        pen.text((MARGIN, y), line, font=small, fill=MUTED)
        y += 56
    y += 24
    size = 76
    big = face(bold, size)
    lines = list(_wrapped(pen, title, big, width))  # type: ignore[arg-type]
    while len(lines) > 3 and size > 48:  # a long title: smaller, not cut
        size -= 8
        big = face(bold, size)
        lines = list(_wrapped(pen, title, big, width))  # type: ignore[arg-type]
    for line in lines[:4]:
        pen.text((MARGIN, y), line, font=big, fill=TEXT)
        y += int(size * 1.3)
    foot = face(bold, 34)
    pen.rectangle((MARGIN, SIZE[1] - 120, MARGIN + 64, SIZE[1] - 114), fill=ACCENT)
    pen.text((MARGIN, SIZE[1] - 96), footer, font=foot, fill=ACCENT)
    out = io.BytesIO()
    # zlib level 3: a third of optimize=True's time (a cold build draws one per plan and edition),
    # the file a third larger (about 24 KB), which a link preview fetches once
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()
