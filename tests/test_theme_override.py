"""A site overrides any template or static file of the default theme by putting
a file at the same path in its own themes/<name>/ folder (as Hugo does)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, copy_site, sitegen


@pytest.mark.slow
def test_site_theme_overrides_by_path(tmp_path: Path) -> None:
    copy_site(FIXTURES / "minimal", tmp_path)
    own = tmp_path / "themes" / "default"
    (own / "templates").mkdir(parents=True)
    (own / "static").mkdir()
    (own / "templates" / "index.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>우리 구 첫 화면</h1>{% endblock %}', encoding="utf-8"
    )
    (own / "static" / "site.css").write_text("body { color: #000; }\n", encoding="utf-8")
    # the machine-readable files are templates too (templates/feeds/)
    (own / "templates" / "feeds").mkdir()
    (own / "templates" / "feeds" / "robots.txt").write_text("User-agent: *\nDisallow: /draft/\n", encoding="utf-8")
    calendar = (Path(__file__).parent.parent / "themes/default/templates/feeds/calendar.ics").read_text(
        encoding="utf-8"
    )
    calendar = calendar.replace("PRODID:-//sitegen//plans//KO", "PRODID:-//금천구//계획//KO")
    (own / "templates" / "feeds" / "calendar.ics").write_text(calendar, encoding="utf-8")
    (own / "strings").mkdir()
    (own / "strings" / "ko.yaml").write_text('skip_to_content: "본문으로 건너뛰기"\n', encoding="utf-8")
    out = tmp_path / "build"
    run = sitegen("build", "--content", str(tmp_path / "content"), "--out", str(out))
    assert run.code == 0, run.err
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "우리 구 첫 화면" in index and "본문으로 건너뛰기" in index  # own page and string, default base
    assert (out / "static/site.css").read_text(encoding="utf-8") == "body { color: #000; }\n"
    alpha = (out / "demo/2025/alpha/index.html").read_text(encoding="utf-8")
    assert "알파 사업" in alpha and "이전·다음 사업" in alpha  # default template, other strings kept
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /draft/\n"
    ics = (out / "demo/2025/schedule.ics").read_bytes().decode("utf-8")
    assert "PRODID:-//금천구//계획//KO\r\n" in ics and ics.startswith("BEGIN:VCALENDAR\r\n")
    feed = (out / "feed.xml").read_text(encoding="utf-8")  # the default feed template, escaped as XML
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed') and "<title>테스트" in feed
