"""The stack's floor: the naive Python pipeline issue 7 names (PyYAML's C loader,
markdown-it-py, Jinja2, one forked process per core), building exactly Hugo's
pages from Hugo's tree of benchmarks/corpus.py, with Hugo's two templates.

    .venv/bin/python benchmarks/floor.py SITE OUT

It has none of sitegen's work (validation, checks, links between pages, data
files, search index, feeds, fonts, caches, atomic output), so its time is
what any site generator on this stack pays at least; web_vs_hugo.py runs it
beside Hugo and sitegen, so the cold build's ratio can be read against it.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup

SINGLE = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<table><caption>연차별 소요재원 (단위: 천원)</caption>
<tr><th>재원</th><th>계</th>{% for y in years %}<th>{{ y }}년</th>{% endfor %}</tr>
{% for f in funding %}<tr><th>{{ f.label }}</th><td>{{ f.total }}</td>
{% for v in f['values'] %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>
{{ content }}</main></body></html>
"""
LIST = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>
<ul>{% for p in pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul>
</main></body></html>
"""

env = jinja2.Environment(autoescape=True)
single, listing = env.from_string(SINGLE), env.from_string(LIST)
md = MarkdownIt("commonmark").enable("table")


def section(job: tuple[str, str, str]) -> int:
    """One folder of the content tree: its pages and its list page."""
    folder, url, out = job
    pages = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.endswith(".md") or name == "_index.md":
            continue
        text = Path(path).read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        meta = yaml.load(head, Loader=yaml.CLoader) or {}
        page_url = f"{url}{name[:-3].lower()}/"
        html = single.render(**meta, content=Markup(md.render(body)))
        os.makedirs(f"{out}{page_url}", exist_ok=True)
        Path(f"{out}{page_url}index.html").write_text(html, encoding="utf-8")
        pages.append({"url": page_url, "title": meta.get("title", "")})
    os.makedirs(f"{out}{url}", exist_ok=True)
    Path(f"{out}{url}index.html").write_text(listing.render(title=url, pages=pages), encoding="utf-8")
    return len(pages) + 1


def main() -> None:
    site, out = Path(sys.argv[1]), sys.argv[2]
    content = site / "content"
    jobs = [(str(d), "/" + str(d.relative_to(content)).lower() + "/", out) for d in sorted(content.rglob("*"))]
    jobs = [j for j in jobs if Path(j[0]).is_dir()] + [(str(content), "/", out)]
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        made = sum(pool.imap_unordered(section, jobs, chunksize=8))
    print(f"{made} pages", file=sys.stderr)


if __name__ == "__main__":
    main()
