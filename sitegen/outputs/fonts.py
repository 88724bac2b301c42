"""Self-hosted web fonts, subset to the characters the site actually uses.

A full Korean font is 2 MB per weight; subset to the few hundred syllables
of a site it is a few tens of KB. HarfBuzz's subsetter (uharfbuzz) cuts it,
keeping the layout features Korean needs, a hundred times faster than
fontTools' (benchmarks/README.md); fontTools writes the WOFF2 with Brotli.
Each font file in a theme's fonts/ folder becomes static/fonts/<name>.woff2;
a site overrides one by putting a file of the same name in its own theme.
"""

from __future__ import annotations

import hashlib
import io
import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from sitegen.engine.fingerprint import file_sha256

FONT_SUFFIXES = (".woff2", ".woff", ".otf", ".ttf")
# Always kept, so text typed into the search box or added by a site's own
# strings still renders in the font: ASCII and common punctuation and symbols.
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "·…‘’“”※△▲○●□■→←↑↓~∼「」『』《》〈〉·、。%℃"


def preview_text(text: str) -> str:
    """For the live preview: the 2,350 common Hangul syllables (KS X 1001) besides the
    site's own characters, so that typing rarely meets a character the cached subset
    lacks and each edit does not wait seconds for a new subset. Built sites stay exact."""
    return "".join(sorted(set(text) | set(_common_hangul())))


@lru_cache(maxsize=1)
def _common_hangul() -> str:
    return "".join(c for c in map(chr, range(0xAC00, 0xD7A4)) if _euc_kr(c))


def _euc_kr(c: str) -> bool:
    """In KS X 1001 proper: two bytes (Python's codec spells the others as 8-byte jamo sequences)."""
    try:
        return len(c.encode("euc-kr")) == 2
    except UnicodeEncodeError:
        return False


def theme_fonts(themes: list[Path]) -> dict[str, Path]:
    fonts: dict[str, Path] = {}
    for theme in reversed(themes):  # later (more specific) themes override by name
        folder = theme / "fonts"
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.suffix in FONT_SUFFIXES:
                    fonts[path.stem] = path
    return fonts


def subset_font(path: Path, text: str, cache: Path | None = None) -> bytes:
    """The font cut down to text's characters, as WOFF2; from cache when the same font
    was cut to the same characters before and the cached file still hashes to the digest
    kept beside it (a damaged cache is made again, never published: SECURITY.md)."""
    if cache is None:
        return _subset(path, text)
    target = cache / f"{_key(path, text)}.woff2"
    digest = target.with_suffix(".sha256")
    try:
        kept = target.read_bytes()
        if hashlib.sha256(kept).hexdigest() == digest.read_text(encoding="ascii"):
            return kept
    except (OSError, ValueError):
        pass
    data = _subset(path, text)
    cache.mkdir(parents=True, exist_ok=True)
    for file, content in ((target, data), (digest, hashlib.sha256(data).hexdigest().encode("ascii"))):
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, file)  # whole or not at all, whatever else builds beside
    return data


@lru_cache(maxsize=1)
def _cutters() -> str:
    """The font cutters' versions, as their distributions say them (not imported: a build
    whose fonts are all in the cache cuts none, and HarfBuzz's and fontTools' imports cost
    every such build a few hundredths of a second)."""
    return f"harfbuzz {version('uharfbuzz')} fonttools {version('fonttools')}"


def _key(path: Path, text: str) -> str:
    h = hashlib.sha256(f"{_cutters()}\0{text + ALWAYS}\0".encode())
    digest = file_sha256(path)
    if digest is None:
        raise FileNotFoundError(path)
    h.update(digest)
    return h.hexdigest()


def subset_fonts(paths: list[Path], text: str, cache: Path | None = None) -> list[bytes]:
    """subset_font for each of paths (a fifth of a second a font: one after another)."""
    return [subset_font(p, text, cache) for p in paths]


def _subset(path: Path, text: str) -> bytes:
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    cut = hb.SubsetInput()
    cut.unicode_set.update(map(ord, set(text + ALWAYS)))
    # the features browsers apply by themselves (HarfBuzz's default set, Hangul jamo among
    # them), and tnum, which the theme's tables ask for where a font has it: keeping every
    # feature kept stylistic sets and alternates nobody selects, a third of the file
    cut.layout_feature_tag_set.add(int.from_bytes(b"tnum", "big"))
    # the standard names (licence, family, version...); from 256 up, names of the features dropped
    cut.name_id_set.add_range(0, 255)
    cut.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    face = hb.subset(hb.Face(hb.Blob.from_file_path(str(path))), cut)
    if face is None:
        raise RuntimeError(f"{path.name}: HarfBuzz could not cut this font")
    # recalcTimestamp off: the subset keeps the font's own date, so the same
    # text gives the same bytes (reproducible EPUBs and web fonts).
    font = TTFont(io.BytesIO(face.blob.data), recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
