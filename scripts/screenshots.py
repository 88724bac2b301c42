"""Screenshots of every page type, for docs/design.md and for a reviewer after any change.

    .venv/bin/python scripts/screenshots.py [--build build] [--out docs/screenshots]

Takes a built site (`sitegen build`, default ./build), serves it on loopback under the path
its base_url names, and photographs one page of each type in Debian's Chromium at 375 px (a
phone) and 1280 px (a desktop): the first three screens of each, which is what the design
promises to answer in. The first pages of the plan booklets and newsletters are drawn too,
with pdftoppm.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# One page of each type of the default site; docs/design.md describes each.
PAGES = {
    "home": "",
    "council": "geumcheon/",
    "plan": "geumcheon/2025/",
    "programme": "eumseong/2023/office-equipment/",
    "budget": "eumseong/2023/budget/",
    "schedule": "geumcheon/2025/schedule/",
    "compare": "compare/",
    "search": "search/?q=유튜브",
    "edition": "geumcheon/news/hyanggi/2025-03/",
    "article": "geumcheon/news/hyanggi/2025-03/thirty-years/",
}
PDFS = {
    "booklet": "geumcheon/2025/geumcheon-2025.pdf",
    "newsletter": "geumcheon/news/hyanggi/2025-03/hyanggi-2025-03.pdf",
}
WIDTHS = (375, 1280)
SCREENS = 3


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def base_path(build: Path) -> str:
    """The path the build's pages link under (its base_url), read from its sitemap."""
    import re

    sitemap = (build / "sitemap.xml").read_text(encoding="utf-8")
    found = re.search(r"<loc>(?:https?://[^/]+)?(/[^<]*?)</loc>", sitemap)
    return found.group(1) if found else "/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    build, out = args.build.resolve(), args.out
    if not (build / "index.html").is_file():
        print(f"{build}에 만든 사이트가 없습니다: 먼저 sitegen build", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    with TemporaryDirectory() as tmp:
        prefix = base_path(build)
        served = Path(tmp, prefix.strip("/")) if prefix.strip("/") else Path(tmp)
        served.parent.mkdir(parents=True, exist_ok=True)
        if served != Path(tmp):
            served.symlink_to(build, target_is_directory=True)
        root = tmp if served != Path(tmp) else str(build)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for width in WIDTHS:
                    height = 812 if width < 600 else 900
                    page = browser.new_page(viewport={"width": width, "height": height})
                    for name, rel in PAGES.items():
                        page.goto(base + rel)
                        page.wait_for_load_state("networkidle")
                        tall = min(page.evaluate("document.documentElement.scrollHeight"), SCREENS * height)
                        path = out / f"{name}-{width}.png"
                        clip = {"x": 0, "y": 0, "width": width, "height": tall}
                        page.screenshot(path=str(path), full_page=True, clip=clip)
                        print(path)
                    page.close()
                browser.close()
        finally:
            server.shutdown()
    for name, rel in PDFS.items():
        pdf = build / rel
        if pdf.is_file():
            stem = out / f"pdf-{name}"
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(stem)], check=True)
            print(f"{stem}-*.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
