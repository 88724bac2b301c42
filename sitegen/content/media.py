"""What an image file really is, from its bytes, and whether it may be published.

Images are published byte for byte under the site's own origin, so a file
named in `images:`, `cover:` or `emblem:` must be a picture and nothing else:
an HTML page, or an SVG with a script, would run in residents' browsers as if
the council had written it. Raster pictures are recognised by their
signature, and the file's ending must say the same (a PNG named .html is
refused); an SVG is read as XML and refused if it holds anything that runs
or fetches: scripts, event handlers, foreign objects, links out of the file.
"""

from __future__ import annotations

import os
import re
import stat
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

MAX_IMAGE_BYTES = 30 * 1024 * 1024  # a large print photo; stops a pasted video
MAX_SVG_BYTES = 2 * 1024 * 1024

# Formats every output can carry (web, WeasyPrint, EPUB 3 core media types) and their endings.
ENDINGS = {"png": (".png",), "jpeg": (".jpg", ".jpeg"), "gif": (".gif",), "webp": (".webp",), "svg": (".svg",)}
NAMES = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "svg": "SVG", "avif": "AVIF"}

# Elements of SVG (and of HTML it may embed) that run, embed or fetch.
_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
_HREF = re.compile(r"(^|\})href$")
# Attributes that fetch in HTML (an SVG may hold XHTML elements: <h:img src>, <h:meta content>).
_FETCH_ATTRS = {"src", "srcset", "background", "lowsrc", "dynsrc", "poster", "data", "action", "formaction"}
_FETCH_ATTRS |= {"codebase", "ping", "manifest", "http-equiv", "content"}
# Namespaces whose elements an SVG picture may hold: SVG itself, and the metadata editors write.
_DRAWING_NS = {
    "http://www.w3.org/2000/svg",
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
}
_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


def sniff(head: bytes) -> str | None:
    """The format a file's first bytes say it is."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis"):
        return "avif"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--")):
        return "svg"
    return None


def svg_danger(data: bytes) -> str | None:
    """What in an SVG would run or fetch something, in a few words; None when it is only a drawing."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return "DOCTYPE/ENTITY"
    if b"<?xml-stylesheet" in lowered:
        return "xml-stylesheet"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"XML 오류({exc})"
    if root.tag.rsplit("}", 1)[-1].lower() != "svg":
        return f"<{root.tag.rsplit('}', 1)[-1]}>"
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        space = element.tag[1:].split("}", 1)[0] if isinstance(element.tag, str) and element.tag[:1] == "{" else ""
        if name in _ACTIVE:
            return f"<{name}>"
        if space not in _DRAWING_NS:  # XHTML (<img src>, <meta http-equiv>), MathML, no namespace
            return f"<{name}> ({space or 'no namespace'})"
        if name in ("set", "animate") and "href" in element.get("attributeName", "").lower():
            return f"<{name} attributeName=href>"
        if name == "style" and (found := css_danger("".join(element.itertext()))):  # text after a child too
            return f"<style> {found}"
        for attr, value in element.attrib.items():
            local = attr.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or local in _FETCH_ATTRS:
                return f"{local}="
            if _HREF.search(attr) and not value.strip().startswith("#"):
                return f'href="{value[:40]}"'
            if found := css_danger(value):
                return f"{local}= {found}"
    return None


# CSS that fetches: url() other than to the drawing's own #id, image-set(), @import, @font-face.
_FETCHING = ("@import", "@font-face", "image-set(", "image(", "src(", "element(")


def css_danger(css: str) -> str | None:
    """What in CSS (a <style>, a style= or a presentation attribute) would fetch a file, in a
    few words; None when it draws only. A backslash is refused whole: CSS escapes spell
    url( and @import so that no plain look finds them (@\\69mport, u\\72l())."""
    if "\\" in css:
        return "CSS \\"
    lowered = css.lower()
    if _URL.search(lowered):
        return "url()"
    return next((f for f in _FETCHING if f in lowered), None)


def raster_damaged(fd: int) -> bool:
    """Whether the picture open on fd fails to decode to its last pixel: a PNG whose signature
    is right and whose data is cut short passed, then stopped the PDF typesetter with an
    internal error. A picture of more pixels than Pillow's bound (a decompression bomb) is
    damaged too."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with os.fdopen(os.dup(fd), "rb") as f:
                with Image.open(f) as picture:
                    picture.verify()  # the chunks' checksums, which decoding does not look at
                f.seek(0)
                with Image.open(f) as picture:
                    picture.load()
    except Exception:  # whatever Pillow finds wrong: the file is what is refused
        return True
    return False


def image_problem(path: Path) -> tuple[str, str] | None:
    """Why the file may not be published as an image, as (reason, format name): reasons are
    not_regular, too_big, not_image, wrong_ending, damaged, svg_active (then the part found).
    None when it may. A raster picture is decoded whole; an SVG is read whole."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return "not_regular", ""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "not_regular", ""
        if info.st_size > MAX_IMAGE_BYTES:
            return "too_big", ""
        kind = sniff(os.pread(fd, 64, 0))
        if kind is None or kind == "avif":
            return "not_image", NAMES.get(kind or "", "")
        if path.suffix.lower() not in ENDINGS[kind]:
            return "wrong_ending", NAMES[kind]
        if kind != "svg":
            return ("damaged", NAMES[kind]) if raster_damaged(fd) else None
        if kind == "svg":
            data = os.pread(fd, MAX_SVG_BYTES + 1, 0)
            if len(data) > MAX_SVG_BYTES:
                return "too_big", ""
            danger = svg_danger(data)
            if danger:
                return "svg_active", danger
    finally:
        os.close(fd)
    return None
