"""Message digests of an edition, for the council's SMS/MMS service and its
KakaoTalk channel: the article titles with their links, in plain text.

An MMS carries at most 2,000 bytes. Carriers count Korean text in EUC-KR
(2 bytes a syllable), some gateways in UTF-8 (3 bytes); the digest is kept
within 2,000 bytes of UTF-8, which is within the limit either way. When the
list does not fit, the last articles give way to '외 N건' and the link to the
whole edition, which is always kept.

A KakaoTalk list message shows a header and at most 4 items; the short
version is those 4 as text, and as the JSON of a Kakao 'list' template.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

MMS_BYTES = 2000
KAKAO_ITEMS = 4


@dataclass
class Item:
    title: str
    url: str
    summary: str = ""


def size(text: str) -> int:
    return len(text.encode("utf-8"))


def _lines(header: str, items: list[Item], rest: int, whole: str, t: Callable[..., str]) -> str:
    lines = [f"[{header}]", ""]
    for n, item in enumerate(items, 1):
        lines += [f"{n}. {item.title}", item.url]
    if rest:
        lines.append(t("digest_more", count=rest))
    lines += ["", t("digest_whole", url=whole)]
    return "\n".join(lines) + "\n"


def mms(header: str, items: list[Item], whole: str, t: Callable[..., str], limit: int = MMS_BYTES) -> str:
    """Every article that fits in `limit` bytes, in edition order."""
    for keep in range(len(items), -1, -1):
        text = _lines(header, items[:keep], len(items) - keep, whole, t)
        if size(text) <= limit:
            return text
    raise ValueError(f"the digest's header and link alone exceed {limit} bytes: {header!r}")


def kakao_text(header: str, items: list[Item], whole: str, t: Callable[..., str]) -> str:
    shown = items[:KAKAO_ITEMS]
    return _lines(header, shown, len(items) - len(shown), whole, t)


def kakao_template(header: str, items: list[Item], whole: str, t: Callable[..., str]) -> bytes:
    """A Kakao message 'list' template (object_type list): header, up to 4 items, a button to the edition."""

    def link(url: str) -> dict[str, str]:
        return {"web_url": url, "mobile_web_url": url}

    template = {
        "object_type": "list",
        "header_title": header,
        "header_link": link(whole),
        "contents": [
            {"title": item.title, "description": item.summary, "link": link(item.url)} for item in items[:KAKAO_ITEMS]
        ],
        "buttons": [{"title": t("digest_button"), "link": link(whole)}],
    }
    return (json.dumps(template, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
