"""The build as a whole: the same commit gives the same bytes on another day, and a
build that is killed part-way leaves the previous output complete."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, sitegen


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder → the sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_commit_builds_the_same_bytes_on_another_day(seed_build: Path, tmp_path: Path) -> None:
    """A cold build (its own PDF cache) under faketime, three days and some hours on,
    against the session's build: every file, PDFs and EPUBs included, is byte-identical."""
    out = tmp_path / "later"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SITEGEN_CACHE": str(tmp_path / "cache")}
    env.pop("SOURCE_DATE_EPOCH", None)
    later = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(time.time() + 3 * 86400 + 7 * 3600))
    run = subprocess.run(
        ["faketime", later, sys.executable, "-m", "sitegen.cli", "build", "--content", str(CONTENT), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("PDF 만듦") >= 7  # rendered again, not taken from the first build's cache
    first, second = tree(seed_build), tree(out)
    assert first.keys() == second.keys()
    differ = sorted(k for k in first if first[k] != second[k])
    assert differ == [], differ
    assert any(k.endswith(".pdf") for k in first) and any(k.endswith(".epub") for k in first)


def start_build(content: Path, out: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "sitegen.cli", "build", "--content", str(content), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: the PDF workers are stopped with it
    )


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_a_build_stopped_part_way_leaves_the_previous_build_complete(
    seed_build: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    out = tmp_path / "build"
    first = sitegen("build", "--content", str(CONTENT), "--out", str(out), "--outputs", "web")
    assert first.code == 0, first.err
    before = tree(out)
    # PDFs from the session's cache (seed_build made them): the signal comes while
    # the pages are being written into the staging folder, which takes seconds
    proc = start_build(CONTENT, out)
    stage = f".build-{out.name}-{proc.pid}"
    end = time.monotonic() + 120
    while not (tmp_path / stage).exists() and time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    assert (tmp_path / stage).exists(), "the build never started writing"
    time.sleep(0.5)
    assert proc.poll() is None, "finished before the signal: nothing was tested"
    if sig == signal.SIGKILL:
        os.killpg(proc.pid, sig)  # the whole group, workers included, with no chance to clean up
    else:
        proc.send_signal(sig)
    proc.wait(timeout=60)
    if sig != signal.SIGKILL:
        err = proc.stderr.read()
        assert proc.returncode == 130 and "중단했습니다" in err, err
        assert not (tmp_path / stage).exists()  # cleaned up on the way out
    assert tree(out) == before  # the previous build, complete and unchanged
    # the next build tidies what a killed one left and succeeds
    again = sitegen("build", "--content", str(CONTENT), "--out", str(out), "--outputs", "web")
    assert again.code == 0, again.err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []


def test_shards_merged_equal_the_unsharded_build(seed_build: Path, tmp_path: Path) -> None:
    """Two shards, each with its own cache as on two CI machines, then a merge with a third,
    empty cache: the merge typesets nothing and gives the unsharded build, byte for byte."""
    shards = []
    made: list[str] = []
    for i in (1, 2):
        out = tmp_path / f"shard{i}"
        run = sitegen(
            "build",
            "--content",
            str(CONTENT),
            "--out",
            str(out),
            "--shard",
            f"{i}/2",
            "--cache",
            str(tmp_path / f"c{i}"),
        )
        assert run.code == 0, run.err
        files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.suffix in (".pdf", ".epub"))
        assert files and not (out / "index.html").exists()  # the heavy outputs only
        made += files
        shards.append(out)
    heavy = sorted(k for k in tree(seed_build) if k.endswith((".pdf", ".epub")))
    assert sorted(made) == heavy  # every PDF and EPUB, each in exactly one shard
    assert abs(len(list(shards[0].rglob("*.pdf"))) - len(list(shards[1].rglob("*.pdf")))) <= 1
    out = tmp_path / "merged"
    merged = sitegen(
        "merge", *map(str, shards), "--content", str(CONTENT), "--out", str(out), "--cache", str(tmp_path / "c3")
    )
    assert merged.code == 0, merged.err
    assert "PDF 만듦" not in merged.err
    assert tree(out) == tree(seed_build)


def test_shard_and_merge_refuse_bad_arguments(tmp_path: Path) -> None:
    bad = sitegen("build", "--content", str(CONTENT), "--out", str(tmp_path / "b"), "--shard", "3/2")
    assert bad.code == 1 and "--shard" in bad.err and "Traceback" not in bad.err
    (tmp_path / "empty").mkdir()
    missing = sitegen("merge", str(tmp_path / "empty"), "--content", str(CONTENT), "--out", str(tmp_path / "m"))
    assert missing.code == 1 and "sitegen-shard.json" in missing.err


def test_a_rebuild_with_nothing_changed_does_nothing_and_any_change_rebuilds(tmp_path: Path) -> None:
    from conftest import FIXTURES, copy_site

    content, out = copy_site(FIXTURES / "minimal", tmp_path), tmp_path / "build"
    args = ("build", "--content", str(content), "--out", str(out), "--cache", str(tmp_path / "cache"))
    first = sitegen(*args)
    assert first.code == 0 and "만들었습니다" in first.out, first.err
    assert "바뀐 것이 없습니다" in sitegen(*args).out
    page = out / "demo/2025/alpha/index.html"
    # a content edit
    prog = content / "councils/demo/plans/2025/programmes/alpha.md"
    prog.write_text(prog.read_text(encoding="utf-8").replace("알파 사업", "알파 사업 고침"), encoding="utf-8")
    assert "만들었습니다" in sitegen(*args).out and "알파 사업 고침" in page.read_text(encoding="utf-8")
    # a file of the output removed or altered by hand
    page.unlink()
    assert "만들었습니다" in sitegen(*args).out and page.is_file()
    # a theme file: the site's own theme overrides the default's stylesheet
    css = tmp_path / "themes/default/static/site.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: black; }\n", encoding="utf-8")
    assert "만들었습니다" in sitegen(*args).out
    assert (out / "static/site.css").read_text(encoding="utf-8") == "body { color: black; }\n"
    # other options
    assert "만들었습니다" in sitegen(*args, "--base-url", "/sub/").out
    assert "바뀐 것이 없습니다" in sitegen(*args, "--base-url", "/sub/").out


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_edit_rerenders_its_council_and_a_template_edit_everything(tmp_path: Path) -> None:
    """Pages taken from the previous build keep their file (a hard link); rendered ones are new.
    Whatever was reused, the output equals a fresh build of the same sources."""
    from conftest import copy_site

    content, out = copy_site(CONTENT, tmp_path), tmp_path / "build"
    # web and EPUB: the pages link the e-books with their sizes, which are part of a council's inputs
    args = (
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        "--outputs",
        "web,epub",
        "--cache",
        str(tmp_path / "c"),
    )
    assert sitegen(*args).code == 0
    before = inodes(out)
    prog = content / "councils/ulsan-junggu/plans/2026/programmes/youtube.md"
    prog.write_text(prog.read_text(encoding="utf-8").replace("재정비가 필요한", "재정비가 꼭 필요한"), encoding="utf-8")
    assert sitegen(*args).code == 0
    after = inodes(out)
    kept = {k for k in before if after.get(k) == before[k]}
    councils = ("eumseong/", "geumcheon/", "ulsan-junggu/")
    for council in councils:
        files = {k for k in before if k.startswith(council) and not k.endswith((".pdf", ".epub"))}
        assert files
        if council == "ulsan-junggu/":
            assert not files & kept, "the edited council is rendered again"
        else:
            assert files <= kept, f"{council} was rendered again: {sorted(files - kept)[:3]}"
    assert "index.html" not in kept and "search/index.json" not in kept  # site-wide pages always
    assert "재정비가 꼭 필요한" in (out / "ulsan-junggu/2026/youtube/index.html").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert sitegen(*args[:4], str(fresh), *args[5:7], "--cache", str(tmp_path / "c2")).code == 0
    assert tree(out) == tree(fresh)
    # a theme template of the site's own theme: every council is rendered again
    template = tmp_path / "themes/default/templates/programme.html"
    template.parent.mkdir(parents=True)
    source = (ROOT / "themes/default/templates/programme.html").read_text(encoding="utf-8")
    template.write_text(source.replace("{% block main %}", "{% block main %}<!-- 테마 -->", 1), encoding="utf-8")
    before = inodes(out)
    assert sitegen(*args).code == 0
    after = inodes(out)
    pages = [k for k in before if k.startswith(councils) and k.endswith(".html")]
    assert pages and all(after[k] != before[k] for k in pages)
    assert "<!-- 테마 -->" in (out / "geumcheon/2025/press/index.html").read_text(encoding="utf-8")
