"""Korean line breaking for print: lines break between words (어절), never inside one.

Browsers do this with `word-break: keep-all`; WeasyPrint does not implement it,
and Pango, following Unicode line breaking, may break between any two Hangul
syllables. So the print pipeline puts a WORD JOINER (U+2060) between letters
inside each word, and after each space inside a date. It has no glyph, so
nothing is drawn or extracted for it: copying text out of the PDF and
searching it are unaffected. Break opportunities at the other spaces and
after punctuation stay where they were.

Headings also get a data-label with their plain text, for bookmarks and
running headers, which must not carry the joiners.
"""

from __future__ import annotations

import html
import re

from markupsafe import escape

WJ = "\u2060"
HANGUL = "\uac00-\ud7a3\u3131-\u318e"
# Between a Hangul syllable and a letter, a digit or a range's tilde on either side: the
# places where UAX #14 allows a break inside a Korean word and keep-all forbids one
# ("(3월~10월)도" broke after 3월).
_INSIDE_WORD = re.compile(rf"(?<=[{HANGUL}])(?=[{HANGUL}\w~])|(?<=[\w~])(?=[{HANGUL}])")
# Text between tags, outside <head>, <style> and attribute values; entities kept whole.
_TEXT = re.compile(r">([^<]+)<")
_ENTITY = re.compile(r"(&[#\w]+;)")
_HEADING = re.compile(r"<(h[1-6])([^>]*)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


# A date as Korean documents write it, alone or as a range (2025. 5., 2025. 5. 3., 2025. 5. ~ 10.,
# 2025. 6. ~ 2026. 2.): kept on one line as a word is, a joiner after each of its spaces (a
# narrow table cell broke one as "2025. 5. ~" over "10.").
_DATE = re.compile(r"\d{4}\.(?: \d{1,2}\.){1,2}(?: ?~ ?(?:\d{4}\. )?\d{1,2}\.(?: \d{1,2}\.)?)?")


def join_words(text: str) -> str:
    return _DATE.sub(lambda m: m[0].replace(" ", " " + WJ), _INSIDE_WORD.sub(WJ, text))


def _join_text(match: re.Match[str]) -> str:
    parts = _ENTITY.split(match.group(1))
    return ">" + "".join(p if _ENTITY.fullmatch(p) else join_words(p) for p in parts) + "<"


def _label(match: re.Match[str]) -> str:
    tag, attrs, inner = match.groups()
    if "data-label=" in attrs:
        return match.group(0)
    plain = " ".join(html.unescape(_TAG.sub("", inner)).split())
    return f'<{tag}{attrs} data-label="{escape(plain)}">{inner}</{tag}>'


def keep_words(document: str) -> str:
    """The document with Korean words kept whole; <head> (title, styles) untouched."""
    head_end = document.find("</head>")
    head, body = (document[:head_end], document[head_end:]) if head_end >= 0 else ("", document)
    body = _HEADING.sub(_label, body)
    return head + _TEXT.sub(_join_text, body)
