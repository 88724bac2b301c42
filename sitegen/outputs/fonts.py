"""Self-hosted web fonts, subset to the characters the site actually uses.

A full Korean font is 2 MB per weight; subset to the few hundred syllables
of a site it is a few tens of KB. fontTools' subsetter does this (it also
keeps the layout features Korean needs) and writes WOFF2 with Brotli.
Each font file in a theme's fonts/ folder becomes static/fonts/<name>.woff2;
a site overrides one by putting a file of the same name in its own theme.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

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
    was cut to the same characters before (subsetting takes a second or more a font)."""
    if cache is None:
        return _subset(path, text)
    target = cache / f"{_key(path, text)}.woff2"
    if target.is_file():
        return target.read_bytes()
    data = _subset(path, text)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)  # whole or not at all, whatever else builds beside
    return data


def _key(path: Path, text: str) -> str:
    h = hashlib.sha256(f"fonttools {fontTools.version}\0{text + ALWAYS}\0".encode())
    h.update(_font_digest(str(path), *_stamp(path)))
    return h.hexdigest()


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns


@lru_cache(maxsize=32)
def _font_digest(path: str, _ino: int, _size: int, _mtime: int) -> bytes:
    """A font file's digest, once per process and version of the file: the cache key is
    asked for twice a build (cached? then cut), and the preview builds again and again;
    each font is megabytes."""
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).digest()


def subset_fonts(paths: list[Path], text: str, cache: Path | None = None) -> list[bytes]:
    """subset_font for each of paths; with a cache, the ones not cached yet side by side in
    new processes (a cold build waits for the slowest font instead of the sum). New, not
    forked: a fork at the end of a big build would start with all of the build's memory."""
    missing = [p for p in paths if cache and not _cached(p, text, cache)]
    # a process costs about half a second to start: worth it for fonts of megabytes only
    if cache and len(missing) >= 2 and sum(p.stat().st_size for p in missing) > SIDE_BY_SIDE_BYTES:
        cache.mkdir(parents=True, exist_ok=True)
        chars = cache / f".text.{os.getpid()}"
        chars.write_text(text, encoding="utf-8")
        try:
            # -I: the folder a build runs in (a pushed tree, on a git server) is never on the
            # import path of the cutting process; sitegen is found where this one was
            cut = [
                subprocess.Popen([sys.executable, "-I", "-c", CUT, str(PACKAGE_ROOT), str(p), str(chars), str(cache)])
                for p in missing
            ]
            if any(proc.wait() for proc in cut):
                raise RuntimeError("font subsetting failed")
        finally:
            chars.unlink()
    return [subset_font(p, text, cache) for p in paths]


SIDE_BY_SIDE_BYTES = 1_000_000
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where `import sitegen` finds this package
CUT = "import sys; sys.path.insert(0, sys.argv.pop(1)); from pathlib import Path; " + (
    "from sitegen.outputs.fonts import subset_font; "
    "subset_font(Path(sys.argv[1]), Path(sys.argv[2]).read_text(encoding='utf-8'), Path(sys.argv[3]))"
)


def _cached(path: Path, text: str, cache: Path) -> bool:
    return (cache / f"{_key(path, text)}.woff2").is_file()


def _subset(path: Path, text: str) -> bytes:
    options = subset.Options()
    options.flavor = "woff2"
    # the features browsers apply by themselves (Hangul jamo among them), and tnum, which
    # the theme's tables ask for where a font has it: "*" kept stylistic sets and
    # alternates nobody selects, a third of the file (benchmarks/README.md, "Figures behind the code")
    options.layout_features = [*subset.Options().layout_features, "tnum"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # recalcTimestamp off: the subset keeps the font's own date, so the same
    # text gives the same bytes (reproducible EPUBs and web fonts).
    font = TTFont(str(path), lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text + ALWAYS)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
