"""Share cards: the picture a link shows when a resident shares a page (KakaoTalk, Facebook,
X, Slack read it from og:image).

One 1200 × 630 PNG per plan and per newsletter edition (its pages share it) and one for
the site, drawn with Pillow in the theme's Korean font: who publishes it, what it is, and
the site's name, large enough to read in a chat's thumbnail, and written as PNG here (png).
The same text gives the same bytes (a PNG of pixels only, no date), so an unchanged card is
taken from the last build.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.engine import recording

if TYPE_CHECKING:  # Pillow imported when a card is drawn: an edit's build draws none, mostly
    from PIL import Image, ImageDraw, ImageFont

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
    from PIL import Image, ImageDraw, ImageFont

    regular = next((p for n, p in sorted(fonts.items()) if "Regular" in n), None)
    bold = next((p for n, p in sorted(fonts.items()) if "Bold" in n), regular)
    for path in (regular, bold):
        if path:
            recording.read("file", str(path))

    def face(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        if path is None:
            return ImageFont.load_default(size)
        st = os.stat(path)  # by the file as it is now: the preview's next build may see it changed
        return _face(str(path), st.st_ino, st.st_size, st.st_mtime_ns, size)

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
    return png(image)


@lru_cache(maxsize=32)
def _face(path: str, ino: int, size_bytes: int, mtime_ns: int, size: int) -> ImageFont.FreeTypeFont:
    """A font at a size, opened once a process rather than once a card (a cold build draws one
    per plan and edition, each in three or more sizes)."""
    from PIL import ImageFont

    return ImageFont.truetype(path, size)


BAND = 16  # rows deflated at a time; a card's blank ones are copied (fewer and larger bands are fewer blank)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of a + b from a's, b's and len(b) (zlib's adler32_combine, which Python's
    zlib does not offer): a blank band's checksum is known without reading its bytes."""
    base = 65521
    rem = length % base
    low = first & 0xFFFF
    high = (rem * low) % base
    low = (low + (second & 0xFFFF) + base - 1) % base
    high = (high + (first >> 16) + (second >> 16) + base - rem) % base
    return low | (high << 16)


@lru_cache(maxsize=4)
def _blank(width: int, rows: int) -> tuple[bytes, bytes, int]:
    """A band of white rows: its pixels, its deflated bytes (a stream of its own, flushed to a
    byte), and the Adler-32 of its rows as written (each led by filter type 0)."""
    raw = b"\xff" * (width * 3 * rows)
    written = (b"\0" + b"\xff" * (width * 3)) * rows
    deflate = zlib.compressobj(3, zlib.DEFLATED, -15)
    return raw, deflate.compress(written) + deflate.flush(zlib.Z_FULL_FLUSH), zlib.adler32(written)


def png(image: Image.Image) -> bytes:
    """An RGB image as PNG, each row unfiltered (filter type 0), zlib at level 3.

    Pillow's encoder tries the five PNG filters on every row: on a card (flat colour and text)
    that was two thirds of drawing it, and its file came out larger than unfiltered rows do.
    Most of a card is white: a blank band of rows is not deflated again but copied as deflated
    once, the stream flushed to a byte boundary around it (the zlib frame is written here, so
    its checksum can take the blank band's). The same pixels give the same bytes, on any
    machine with the same zlib: zlib-ng deflates four times as fast but not to the same bytes
    on every processor, and shards merged from a CI matrix must equal a build on one machine."""
    if image.mode != "RGB":
        raise ValueError(f"an RGB image, not {image.mode}")
    width, height = image.size
    stride = width * 3
    deflate, packed, adler, flushed = zlib.compressobj(3, zlib.DEFLATED, -15), [b"\x78\x5e"], 1, True
    # a band at a time: the whole image's bytes at once (megabytes, fresh pages each card)
    # cost as much in the kernel as the compression did
    for top in range(0, height, BAND):
        rows = min(BAND, height - top)
        raw = image.crop((0, top, width, top + rows)).tobytes()
        blank, deflated, checksum = _blank(width, rows)
        if raw == blank:
            if not flushed:  # what came before ends at a byte, and nothing after refers back to it
                packed.append(deflate.flush(zlib.Z_FULL_FLUSH))
                flushed = True
            packed.append(deflated)
            adler = _adler32_combine(adler, checksum, len(raw) + rows)
            continue
        written = b"".join(b"\0" + raw[at : at + stride] for at in range(0, len(raw), stride))
        packed.append(deflate.compress(written))
        adler, flushed = zlib.adler32(written, adler), False
    packed.append(deflate.flush())
    packed.append(struct.pack(">I", adler))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, truecolour, no interlace
    idat = _chunk(b"IDAT", b"".join(packed))
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + idat + _chunk(b"IEND", b"")
