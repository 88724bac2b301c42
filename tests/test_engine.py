"""The build as a whole: the same commit gives the same bytes on another day, and a
build that is killed part-way leaves the previous output complete."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ROOT, edit, own_cache, sitegen, spawn

from sitegen.build import MANIFEST
from sitegen.content.entries import CouncilEntry, SiteModel
from sitegen.outputs.page import Download


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder → the sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_same_commit_builds_the_same_bytes_on_another_day(seed_build: Path, tmp_path: Path) -> None:
    """Builds under faketime, three days and some hours on, with SOURCE_DATE_EPOCH, of another
    checkout of the same commit in another folder, against the session's build: every file
    is byte-identical (a PDF's /ID once carried the checkout's path). Two builds:
    - the whole site with a cache of its own but for the session's typeset PDFs (a PDF is
      keyed by what it is made from, so a date on its pages would make it again, differing):
      every page, data file and e-book made again;
    - a quarter of the site (shard 2 of 4: one council's pages, its plan's booklet, its
      edition's magazine and book) with the PDFs typeset again from an empty cache: what the
      typesetter adds of its own (dates, /ID)."""
    checkout = tmp_path / "elsewhere" / "checkout"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(checkout)], check=True, timeout=120)
    shutil.rmtree(checkout / "content")  # as this working tree has it: committed or not alike
    shutil.copytree(CONTENT, checkout / "content")
    # the build date given as reproducible-builds.org says (the hook gives the commit's time);
    # the session's build took it from git: the same day, so the same bytes
    epoch = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", "content"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    later = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(time.time() + 3 * 86400 + 7 * 3600))

    tmp = tmp_path / "tmp"  # the builds' TMPDIR: the typesetter's font folders must not stay in it
    tmp.mkdir()

    def build_later(out: Path, cache: Path, *args: str) -> str:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SITEGEN_CACHE": str(cache), "SOURCE_DATE_EPOCH": epoch}
        env["TMPDIR"] = str(tmp)
        command = [sys.executable, "-m", "sitegen.cli", "build", "--content", "content", "--out", str(out), *args]
        run = subprocess.run(["faketime", later, *command], capture_output=True, text=True, env=env, cwd=checkout)
        assert run.returncode == 0, run.stderr
        return run.stderr

    first = tree(seed_build)
    # fonts: test_fonts_cut_the_same_on_any_day
    whole = build_later(tmp_path / "whole", own_cache(tmp_path / "cache", shared=("fonts", "templates", "pdf")))
    assert "PDF 만듦" not in whole and "새로 만듦 64개" in whole, whole  # every page made again
    second = tree(tmp_path / "whole")
    assert first.keys() == second.keys()
    assert sorted(k for k in first if first[k] != second[k]) == []
    typeset = build_later(tmp_path / "quarter", own_cache(tmp_path / "cold"), "--shard", "2/4")
    assert typeset.count("PDF 만듦") == 2, typeset  # typeset again, not taken from a cache
    assert list(tmp.iterdir()) == []  # each PDF typeset in a worker left its fonts' copies (7 MB) there
    quarter = {k: v for k, v in tree(tmp_path / "quarter").items() if k not in (MANIFEST, ".sitegen-output")}
    quarter = {k: v for k, v in quarter.items() if not k.startswith("sitegen-shard/")}  # for the merge
    assert {"pdf", "epub", "html"} <= {k.rsplit(".", 1)[-1] for k in quarter}
    assert sorted(k for k in quarter if first.get(k) != quarter[k]) == []


@pytest.mark.slow
def test_fonts_cut_the_same_on_any_day() -> None:
    """A font cut to a text is the same bytes three days on (the subset keeps the font's
    own date): the reproducible-build test above takes its cut fonts from the session."""
    from sitegen.outputs.fonts import subset_font

    font, text = ROOT / "themes/default/fonts/PretendardGOV-Regular.otf", "주요업무계획 소통담당관"
    later = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(time.time() + 3 * 86400 + 7 * 3600))
    cut = "import sys; from pathlib import Path; from sitegen.outputs.fonts import subset_font; "
    cut += "sys.stdout.buffer.write(subset_font(Path(sys.argv[1]), sys.argv[2]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(["faketime", later, sys.executable, "-c", cut, str(font), text], capture_output=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout == subset_font(font, text)


def start_build(content: Path, out: Path, cache: Path) -> subprocess.Popen:
    """A build with nothing to take from earlier ones (its own cache), so that writing its
    pages and e-books takes seconds: long enough to be stopped part-way."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["build", "--content", str(content), "--out", str(out), "--outputs", "web,epub", "--cache", str(cache)]
    args += ["--base-url", "/elsewhere/"]  # every page differs from the live build's
    return spawn(
        [sys.executable, "-m", "sitegen.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: the PDF workers are stopped with it
    )


@pytest.mark.slow
def test_a_build_stopped_part_way_leaves_the_previous_build_complete(tmp_path: Path) -> None:
    """Stopped by SIGKILL, SIGTERM and SIGINT in turn, each time while pages are written, over
    the same site: the builds that tidy after one stop prepare the next."""
    from conftest import copy_site

    content, out = copy_site(CONTENT, tmp_path), tmp_path / "build"
    # two builds: the second (after an edit) links most of its pages from the first, which
    # stays as the spare that the next build writes over: the spare shares the live files
    prog = content / "councils/ulsan-junggu/plans/2026/programmes/youtube.md"
    for n in range(2):
        done = sitegen("build", "--content", str(content), "--out", str(out), "--outputs", "web,epub")
        assert done.code == 0, done.err
        # words the site has already: no font is cut again for them (seconds a font)
        prog.write_text(prog.read_text(encoding="utf-8") + f"\n유튜브 채널 {n}.\n", encoding="utf-8")
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        stopped_part_way(content, out, tmp_path, sig)


def stopped_part_way(content: Path, out: Path, tmp_path: Path, sig: signal.Signals) -> None:
    spare = tmp_path / f".sitegen-spare-{out.name}"
    live = {p.stat().st_ino for p in out.rglob("*.html")}
    assert len(live & {p.stat().st_ino for p in spare.rglob("*.html")}) > 40, sig
    before = tree(out)
    # the signal comes while the e-books and pages are written into the staging folder
    # (the spare, taken over): a build with its own cache renders every page, over files
    # the live build shares, which must be replaced, never written into
    started = time.time_ns()
    proc = start_build(content, out, own_cache(tmp_path / f"cache-{sig.name}"))
    stage = tmp_path / f".build-{out.name}-{proc.pid}"

    def pages_written() -> int:
        """Pages written since the build started; the build replaces files as this looks
        (unlink, then create), so a file gone between listing and stat is passed over."""
        count = 0
        with contextlib.suppress(OSError):  # a folder removed while listed
            for p in stage.rglob("*.html"):
                with contextlib.suppress(OSError):
                    count += p.stat().st_mtime_ns > started
        return count

    end, written = time.monotonic() + 120, 0
    while written < 5 and time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
        written = pages_written()
    assert written >= 5, "the build never started writing pages"
    assert proc.poll() is None, "finished before the signal: nothing was tested"
    if sig == signal.SIGKILL:
        os.killpg(proc.pid, sig)  # the whole group, workers included, with no chance to clean up
    else:
        proc.send_signal(sig)
    proc.wait(timeout=60)
    if sig != signal.SIGKILL:
        err = proc.stderr.read()
        assert proc.returncode == 130 and "중단했습니다" in err, err
        assert not stage.exists()  # put aside on the way out
    assert tree(out) == before, sig  # the previous build, complete and unchanged
    # the next build tidies what a stopped one left and succeeds (an edit: it has pages to write)
    prog = content / "councils/ulsan-junggu/plans/2026/programmes/youtube.md"
    prog.write_text(prog.read_text(encoding="utf-8") + f"\n유튜브 채널 {sig.name}.\n", encoding="utf-8")
    again = sitegen("build", "--content", str(content), "--out", str(out), "--outputs", "web,epub")
    assert again.code == 0, again.err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []


def test_shards_merged_equal_the_unsharded_build(seed_build: Path, tmp_path: Path) -> None:
    """Two shards, then a merge with an empty cache as on a third CI machine: the merge
    typesets nothing, renders no council's page again (only the site-wide ones: home,
    comparison, search, 404, build information) and gives the unsharded build, byte for
    byte, search index, feeds, sitemap and data packages included. A shard makes its
    councils' pages with their plans' and newsletters' PDFs and EPUBs (a page shows its
    PDF's size). The shards take their PDFs from the session's cache (that a PDF typeset
    elsewhere has the same bytes is the reproducibility test's); each writes only its own."""
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
        )
        assert run.code == 0, run.err
        files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
        assert not (out / "index.html").exists() and not (out / "search/index.json").exists()  # site-wide: merge's
        made += [f for f in files if "/" in f and not f.startswith("sitegen-shard/")]
        shards.append(out)
    councils = {k for k in tree(seed_build) if "/" in k and k.split("/")[0] not in ("compare", "search", "schemas")}
    councils -= {k for k in councils if k.split("/")[0] in ("build-info", "static")}
    assert len(made) == len(set(made)) and set(made) <= councils  # each in one shard only
    pages = {k for k in councils if k.endswith((".html", ".pdf", ".epub"))}
    assert pages <= set(made), sorted(pages - set(made))  # every council's page, PDF and EPUB
    assert abs(len(list(shards[0].rglob("*.pdf"))) - len(list(shards[1].rglob("*.pdf")))) <= 1
    out = tmp_path / "merged"
    empty = own_cache(tmp_path / "c3")
    merged = sitegen("merge", *map(str, shards), "--content", str(CONTENT), "--out", str(out), "--cache", str(empty))
    assert merged.code == 0, merged.err
    assert "PDF 만듦" not in merged.err and "웹 페이지 5개: 새로 만듦 5개" in merged.err, merged.err
    assert tree(out) == tree(seed_build)
    # a council's part damaged on the way between jobs: that council is rendered again, said
    part = next((shards[0] / "sitegen-shard").iterdir())
    part.write_bytes(part.read_bytes()[:100])
    again = sitegen("merge", *map(str, shards), "--content", str(CONTENT), "--out", str(tmp_path / "m2"))
    assert again.code == 0 and "웹 페이지 5개: 새로 만듦 5개" not in again.err, again.err
    assert tree(tmp_path / "m2") == tree(seed_build)


def test_merge_takes_only_whole_sets_of_shards_of_this_build_and_files_inside_them(tmp_path: Path) -> None:
    """Shards are CI artifacts from other machines: merge refuses, with exit status 1, shards
    of two splits or one shard twice, a shard of another build (other code, theme, config or
    options), and a manifest naming a file outside its shard (absolute, "..") or a link:
    nothing outside the shard is read into the site, nothing outside the output written. (A
    shard left out is made by the merge, and said: test_formats.)"""
    import json

    from conftest import FIXTURES, copy_site

    content = copy_site(FIXTURES / "minimal", tmp_path)
    shutil.copytree(content / "councils/demo", content / "councils/demo2")
    common = ("--content", str(content), "--outputs", "web")
    shards = []
    for i in (1, 2):
        shards.append(tmp_path / f"s{i}")
        assert sitegen("build", *common, "--out", str(shards[-1]), "--shard", f"{i}/2").code == 0
    out = tmp_path / "merged"

    def merge(*parts: Path) -> str:
        run = sitegen("merge", *map(str, parts), *common, "--out", str(out))
        assert run.code == 1 and "Traceback" not in run.err, run.err
        assert not (out / "index.html").exists()
        return run.err

    assert "몫이 맞지 않습니다: 1/2, 1/2" in merge(shards[0], shards[0])
    manifest = shards[1] / "sitegen-shard.json"
    original = manifest.read_text(encoding="utf-8")

    def listing(change) -> str:
        data = json.loads(original)
        change(data)
        manifest.write_text(json.dumps(data), encoding="utf-8")
        return merge(*shards)

    assert "다른 빌드의 몫" in listing(lambda d: d.update(fingerprint="0" * 64))
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", encoding="utf-8")
    for name in (str(secret), "../secret.txt", "demo2/../../secret.txt"):
        said = listing(lambda d, name=name: d["web"][0]["files"].append(name))
        assert "몫 폴더 밖" in said, said
    (shards[1] / "demo2/linked.html").symlink_to(secret)
    assert "보통 파일이 아닙니다" in listing(lambda d: d["web"][0]["files"].append("demo2/linked.html"))
    assert not any(b"not for the site" in p.read_bytes() for p in out.rglob("*") if p.is_file())
    manifest.write_text(original, encoding="utf-8")
    (shards[1] / "demo2/linked.html").unlink()
    assert sitegen("merge", *map(str, shards), *common, "--out", str(out)).code == 0


@pytest.mark.slow
def test_shard_and_merge_refuse_bad_arguments(tmp_path: Path) -> None:
    bad = sitegen("build", "--content", str(CONTENT), "--out", str(tmp_path / "b"), "--shard", "3/2")
    assert bad.code == 1 and "--shard" in bad.err and "Traceback" not in bad.err
    (tmp_path / "empty").mkdir()
    missing = sitegen("merge", str(tmp_path / "empty"), "--content", str(CONTENT), "--out", str(tmp_path / "m"))
    assert missing.code == 1 and "sitegen-shard.json" in missing.err


@pytest.mark.slow
def test_a_rebuild_with_nothing_changed_does_nothing_and_any_change_rebuilds(tmp_path: Path) -> None:
    from conftest import FIXTURES, copy_site

    content, out = copy_site(FIXTURES / "minimal", tmp_path), tmp_path / "build"
    args = ("build", "--content", str(content), "--out", str(out), "--cache", str(own_cache(tmp_path / "cache")))
    first = sitegen(*args)
    assert first.code == 0 and "만들었습니다" in first.out, first.err

    def folders_known() -> None:  # the folders the state keeps, from the build's own files, are the output's
        import json

        from sitegen.engine.fingerprint import walk_folders

        (state,) = (tmp_path / "cache/state").glob("*.json")
        assert json.loads(state.read_text(encoding="utf-8"))["folders"] == walk_folders(out)

    folders_known()
    assert "바뀐 것이 없습니다" in sitegen(*args).out
    page = out / "demo/2025/alpha/index.html"
    # a content edit
    prog = content / "councils/demo/plans/2025/programmes/alpha.md"
    # (edits in characters the site has already: the fonts are not cut again, seconds each)
    prog.write_text(prog.read_text(encoding="utf-8").replace("알파 사업", "알파 사업 계획"), encoding="utf-8")
    assert "만들었습니다" in sitegen(*args).out and "알파 사업 계획" in page.read_text(encoding="utf-8")
    # an edit that keeps the size (inputs are looked at by size and time, not read)
    size = prog.stat().st_size
    prog.write_text(prog.read_text(encoding="utf-8").replace("사업 계획", "사업 본문"), encoding="utf-8")
    assert prog.stat().st_size == size
    assert "만들었습니다" in sitegen(*args).out and "알파 사업 본문" in page.read_text(encoding="utf-8")
    # a file of the output removed by hand, or one added
    page.unlink()
    assert "만들었습니다" in sitegen(*args).out and page.is_file()
    stray = out / "demo/2025/stray.html"
    stray.write_text("손으로 넣은 파일", encoding="utf-8")
    (out / "demo/2025/stray").mkdir()  # and a folder
    assert "만들었습니다" in sitegen(*args).out and not stray.exists()
    # a theme file: the site's own theme overrides the default's stylesheet
    css = tmp_path / "themes/default/static/site.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: black; }\n", encoding="utf-8")
    assert "만들었습니다" in sitegen(*args).out
    assert (out / "static/site.css").read_text(encoding="utf-8") == "body { color: black; }\n"
    # built over the spare that held the stray file and folder (the live build of the one before)
    assert not (out / "demo/2025/stray").exists()
    folders_known()
    # other options
    assert "만들었습니다" in sitegen(*args, "--base-url", "/sub/").out
    assert "바뀐 것이 없습니다" in sitegen(*args, "--base-url", "/sub/").out


@pytest.mark.slow
def test_a_build_into_an_empty_stage_or_over_the_spare_has_exactly_its_own_files(tmp_path: Path) -> None:
    """A build whose staging folder starts empty (no spare) writes without looking for files
    to replace or remove; one written over the spare removes every file of the spare it did
    not write: a file put into the live build by hand is gone from the next build (an
    empty stage) and from the one after, written over the folder that held it."""
    from conftest import FIXTURES, copy_site

    content, out = copy_site(FIXTURES / "minimal", tmp_path), tmp_path / "build"
    args = ("build", "--content", str(content), "--out", str(out), "--cache", str(own_cache(tmp_path / "cache")))
    spare = tmp_path / f".sitegen-spare-{out.name}"
    prog = content / "councils/demo/plans/2025/programmes/alpha.md"
    assert sitegen(*args).code == 0 and not spare.exists()  # into an empty stage
    files = set(tree(out))
    stray = "demo/2025/stray.html"
    (out / stray).write_text("손으로 넣은 파일", encoding="utf-8")
    for n in range(2):  # an empty stage again (its pages linked from the live build), then the spare
        prog.write_text(prog.read_text(encoding="utf-8") + f"\n추진 본문 {n}.\n", encoding="utf-8")
        run = sitegen(*args)
        assert run.code == 0, run.err
        assert set(tree(out)) == files
    assert set(tree(spare)) == files  # the build before: the next one's spare
    assert "추진 본문 1." in (out / "demo/2025/alpha/index.html").read_text(encoding="utf-8")


def test_a_file_is_written_as_given_whatever_form_its_bytes_come_in(tmp_path: Path) -> None:
    """The writer makes files by descriptor: text, bytes and any other buffer an output
    returns (a package's may return a bytearray), and pieces, are written whole, with the
    mode a new file gets under the umask. (A review found a bytearray written empty.)"""
    from sitegen.engine.writer import Output, Pieces

    out = Output(tmp_path / "out", fresh=True)
    big = bytes(range(256)) * 5000  # more than one write may take at once on some systems
    given: dict[str, str | bytes | bytearray | memoryview | Pieces] = {
        "a.txt": "가나다",
        "b.bin": big,
        "c.bin": bytearray(b"plugin bytes"),
        "d.bin": memoryview(b"a view"),
        "e.bin": Pieces(iter([b"one ", memoryview(b"two "), b"three"])),
    }
    for rel, data in given.items():
        out.write(rel, data)  # type: ignore[arg-type]
    read = {rel: (tmp_path / "out" / rel).read_bytes() for rel in given}
    assert read == {
        "a.txt": "가나다".encode(),
        "b.bin": big,
        "c.bin": b"plugin bytes",
        "d.bin": b"a view",
        "e.bin": b"one two three",
    }
    umask = os.umask(0)
    os.umask(umask)
    assert {(tmp_path / "out" / rel).stat().st_mode & 0o777 for rel in given} == {0o666 & ~umask}


def test_links_where_the_spare_or_a_staging_folder_goes_are_never_written_through(tmp_path: Path) -> None:
    """A reviewer's finding: `.sitegen-spare-<out>` committed as a link beside a CI output
    (`--out public` in the checkout) was taken as the spare: the build wrote into the folder
    it names and removed what it held. Such links are removed, never followed."""
    from sitegen.engine import writer

    target, outside = tmp_path / "public", tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("그대로", encoding="utf-8")

    def build(text: str) -> None:
        with writer.staged(target) as out:
            out.write("index.html", text)

    build("1")
    writer.spare_of(target).symlink_to(outside)
    (tmp_path / ".build-public-999999").symlink_to(outside)  # a "killed build's" staging folder
    (tmp_path / ".build-public-999998-old").symlink_to(outside)
    build("2")
    build("3")
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    assert (target / "index.html").read_text(encoding="utf-8") == "3" and not target.is_symlink()
    spare = writer.spare_of(target)
    assert spare.is_dir() and not spare.is_symlink() and (spare / "index.html").read_text(encoding="utf-8") == "2"
    assert not list(tmp_path.glob(".build-public-*"))


def test_a_page_that_was_a_file_becomes_a_folder_and_back(tmp_path: Path) -> None:
    """A reviewer's finding: where the spare (the build before the last) had a file and the
    new build needs a folder of that name, or the other way round, every build failed with
    "File exists" until the spare was deleted by hand. Whatever the spare has there now
    makes way, by each way a file is made: written, linked from the live build, or taken
    with its council; a build that itself wants both is still refused."""
    from sitegen.engine import writer

    target = tmp_path / "site"
    as_file = {"x/a": "파일", "x/b.html": "b"}
    as_folder = {"x/a/index.html": "폴더", "x/a/more/c.csv": "c", "x/b.html": "b"}

    def build(files: dict[str, str]) -> None:
        with writer.staged(target) as out:
            for rel, text in files.items():
                out.write(rel, text)
        found = {
            p.relative_to(target).as_posix(): p.read_text(encoding="utf-8") for p in target.rglob("*") if p.is_file()
        }
        assert found == files | {writer.MARK: ""}

    for files in (as_file, as_file, as_folder, as_folder, as_file, as_folder, as_file):
        build(files)
    # linked: a build's files taken from the live one, the spare holding the other shape
    build(as_folder)
    with writer.staged(target) as out:  # over the spare, which holds x/a as a file
        for rel in as_folder:
            out.write(rel, writer.Link(target / rel))
    assert (target / "x/a/index.html").read_text(encoding="utf-8") == "폴더"
    build(as_file)
    build(as_folder)
    stamps = writer.stamps_of(target, list(as_folder))
    assert stamps is not None
    with writer.staged(target) as out:  # taken with its council: the spare holds x/a as a file
        assert out.beside().link_unchanged(str(target), list(as_folder), stamps)
        out.add(list(as_folder))
    assert (target / "x/a/more/c.csv").read_text(encoding="utf-8") == "c"
    with pytest.raises(OSError), writer.staged(target) as out:  # one build wanting both
        out.write("x/a", "파일")
        out.write("x/a/index.html", "폴더")
    with pytest.raises(OSError), writer.staged(target) as out:
        out.write("x/a/index.html", "폴더")
        out.write("x/a", "파일")
    assert (target / "x/a/more/c.csv").read_text(encoding="utf-8") == "c"  # the live build kept


def test_a_file_s_digest_is_read_once_a_process_for_each_version_of_it(tmp_path: Path) -> None:
    """The theme's fonts (megabytes each) are digested for the site-wide pages' records, the
    e-books' and the font cutter's key: read once a process, and again whenever the file is
    another (written, replaced), as its stat says; a file that cannot be read has none."""
    from sitegen.engine import fingerprint
    from sitegen.outputs import fonts, graph

    font = tmp_path / "font.otf"
    font.write_bytes(b"glyphs" * 1000)
    first = fingerprint.file_sha256(font)  # just written: read, and not kept (its times may not tell)
    assert fingerprint.file_sha256(font) == first == hashlib.sha256(font.read_bytes()).digest()
    time.sleep(fingerprint.RACY * 2)
    misses = fingerprint._sha256.cache_info().misses
    first = fingerprint.file_sha256(font)
    assert first == hashlib.sha256(font.read_bytes()).digest()
    assert graph.file_digest(font) == first[:16].hex()
    assert fonts._key(font, "가") == fonts._key(font, "가") != fonts._key(font, "나")
    assert fingerprint._sha256.cache_info().misses == misses + 1  # read once, asked four times
    with font.open("r+b") as f:  # written in place: the same inode, another time
        f.write(b"G")
    assert fingerprint.file_sha256(font) == hashlib.sha256(font.read_bytes()).digest() != first
    other = tmp_path / "other.otf"
    other.write_bytes(b"glyphs" * 1000)
    os.replace(other, font)  # replaced by a file of the first bytes
    assert fingerprint.file_sha256(font) == first
    assert fingerprint.file_sha256(tmp_path / "none") is None and graph.file_digest(tmp_path / "none") == "-"
    os.mkfifo(tmp_path / "pipe")  # no regular file: not read, so never waited on
    assert fingerprint.file_sha256(tmp_path / "pipe") is None
    assert fingerprint.file_sha256(tmp_path) is None  # a folder
    with pytest.raises(FileNotFoundError):
        fonts._key(tmp_path / "none", "가")


def test_files_added_with_their_counts_are_counted_as_if_counted_one_by_one(tmp_path: Path) -> None:
    """The prune's count of entries by folder (Output._tree) merges the counts that groups of
    files came with (a council's, kept with its record) with a count of the files written
    one by one: whatever folders the groups share, the entries are those of the files counted
    one by one. Groups that are not apart (a file in two) are counted one by one again: a
    count too low would let a folder holding a stale file be vouched for, and so kept."""
    import random

    from sitegen.engine import writer

    pick = random.Random(23)
    names = ["", "a/", "a/b/", "a/b/c/", "d/", "d/e/", "f/"]
    for _ in range(200):
        every = sorted(
            {f"{pick.choice(names)}{pick.choice('xyz')}{pick.randrange(4)}" for _ in range(pick.randrange(1, 30))}
        )
        pick.shuffle(every)
        cuts = sorted(pick.sample(range(len(every) + 1), min(3, len(every) + 1)))
        parts = [every[a:b] for a, b in zip([0, *cuts], [*cuts, len(every)], strict=True)]
        out = writer.Output(tmp_path / "out")
        for part in parts[:-1]:  # each group as a worker counted its own files
            worker = out.beside()
            worker.seen.update(part)
            worker._loose.update(part)
            out.add(part, written=False, counts=worker.counted())
        for rel in parts[-1]:
            out.seen.add(rel)
            out._loose.add(rel)
        folders, entries = out._tree()
        assert entries == writer.counted(set(every)).entries, parts
        assert folders == sorted(entries)
        assert out._counted or len(parts) == 1
    # the same file in two groups: not apart, counted one by one
    out = writer.Output(tmp_path / "out")
    for group in (["a/1", "a/b/2"], ["a/1", "c/3"]):
        out.add(group, written=False, counts=writer.counted(set(group)))
    assert out._tree()[1] == {"": 2, "a/": 2, "a/b/": 1, "c/": 1}
    # a count of other files (a damaged record's): the group's files counted one by one
    out = writer.Output(tmp_path / "out")
    out.add(["a/1", "a/b/2"], written=False, counts=writer.counted({"a/1"}))
    out.add(["c/3"], written=False, counts=writer.counted({"c/3"}))
    assert out._tree()[1] == {"": 2, "a/": 2, "a/b/": 1, "c/": 1} and len(out._counted) == 1
    # a worker's files written for real beside the parent's, as a council's are
    target = tmp_path / "site"
    with writer.staged(target) as built:
        for rel in ("index.html", "a/b/2.html"):
            built.write(rel, rel)
        worker = built.beside()
        for rel in ("a/1.html", "a/b/3.html", "c/4.html"):
            worker.write(rel, rel)
        built.add(sorted(worker.seen), written=True, counts=worker.counted())
    assert built._tree()[1] == {"": 4, "a/": 2, "a/b/": 2, "c/": 1}  # the root: its mark too
    assert built._counted and built._tree()[1] == writer.counted(built.seen).entries


def test_the_spare_s_folders_are_passed_over_only_where_their_record_vouches_for_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prune lists only the spare's folders its record (kept when that tree was last
    pruned) does not vouch for: a folder whose change time is as recorded, long enough
    before that look, and which holds as many entries as this build has there. Whatever
    changes a folder (a file added, one slipped in with the folder's times put back as a
    copy that keeps times does), a folder changed too recently, a record of another tree,
    another count of entries: that folder is listed, and the output is exactly the build."""
    from sitegen.engine import writer
    from sitegen.engine.fingerprint import signature, walk_folders

    target, record = tmp_path / "site", tmp_path / "cache" / "folders"
    files = {"index.html", "a/1.html", "a/b/2.html", "c/3.html", "c/4.html"}
    listed: list[str] = []
    prune_folder = writer.Output._prune_folder

    def listing(self: writer.Output, folder: str, mine: dict[str, int]) -> int | None:  # each folder listed noted
        listed.append(folder)
        return prune_folder(self, folder, mine)

    monkeypatch.setattr(writer.Output, "_prune_folder", listing)

    def build(wanted: set[str]) -> list[str]:  # the folders the prune listed
        listed.clear()
        with writer.staged(target, record) as out:
            for rel in sorted(wanted):  # the live build's file where it has one, as a council taken whole
                out.write(rel, writer.Link(target / rel) if (target / rel).is_file() else f"<p>{rel}</p>")
        found = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
        assert found == wanted | {writer.MARK}
        # the folders' stamps as pruned are the output's now (the no-op check's signature)
        assert signature(target, out.folders(), out.stamps) == signature(target, walk_folders(target))
        return sorted(listed)

    def in_spare(rel: str) -> Path:
        return writer.spare_of(target) / rel

    every = ["", "a/", "a/b/", "c/"]
    for _ in range(4):  # two into fresh folders, then each tree pruned and recorded
        build(files)
    assert build(files) == every  # each folder changed within SETTLED_NS of its record: listed
    monkeypatch.setattr(writer, "SETTLED_NS", 0)  # as if the clock's tick had passed since each look
    assert build(files) == build(files) == [""]  # the root is renamed by every build: always listed

    st = in_spare("c").stat()
    in_spare("c/slipped.html").write_text("손으로", encoding="utf-8")
    os.utime(in_spare("c"), ns=(st.st_atime_ns, st.st_mtime_ns))  # its times put back (cp -a)
    assert build(files) == ["", "c/"]
    in_spare("a/added.html").write_text("더함", encoding="utf-8")
    assert build(files) == ["", "a/"]
    build(files)
    build(files)
    assert build(files - {"c/4.html"}) == ["", "c/"]  # one entry fewer in c than recorded
    build(files)
    build(files)
    record.unlink()  # no record
    assert build(files) == every
    build(files)
    spare = writer.spare_of(target)
    os.rename(spare, tmp_path / "moved")
    shutil.copytree(tmp_path / "moved", spare)  # another tree, its times kept (copy2)
    assert build(files) == every
    odd = object.__new__(writer.FolderRecord)  # as another version of sitegen might have kept it
    object.__setattr__(odd, "start", 0)
    record.write_bytes(pickle.dumps({writer.tree_root(spare): pickle.dumps(odd)}))
    assert build(files) == every


def test_the_prune_takes_the_folders_a_build_did_not_write_into_as_a_look_ahead_found_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folders' stats taken by a look before the build (lookahead.folder_stats, in the
    child an edit's build forks before loading) serve the prune for every folder the build
    did not write into: it stats only those it wrote into, and the root. A folder written
    into keeps as many entries as recorded (a file put in place of another) but is stated
    again, so listed: the other file removed; a look at another tree is not taken."""
    from sitegen.engine import lookahead, writer

    monkeypatch.setattr(writer, "SETTLED_NS", 0)  # as if the clock's tick had passed since each look
    target, record = tmp_path / "site", tmp_path / "cache" / "folders"
    files = {"index.html", "a/1.html", "a/b/2.html", "c/3.html", "c/4.html"}
    stated: list[str] = []
    lstat = os.lstat

    def stating(path: Any, *args: Any, **kwargs: Any) -> Any:  # the real lstat; the prune's noted
        if isinstance(path, str) and "/.build-site-" in path:
            rel = path.split("/.build-site-", 1)[1].partition("/")[2]
            stated.append(f"{rel}/" if rel else "")
        return lstat(path, *args, **kwargs)

    def build(wanted: set[str], write: tuple[str, ...] = ("",), other_tree: bool = False) -> list[str]:
        """The folders the prune stated; files under write written, the others (when the
        spare has them) taken as they are, as a council the look ahead vouched for is."""
        spare = writer.spare_of(target)
        found = lookahead.folder_stats(spare, record, writer.FolderRecord, lookahead.tree_clock(spare))
        if other_tree:
            os.rename(spare, tmp_path / "moved")
            shutil.copytree(tmp_path / "moved", spare, copy_function=os.link)
            shutil.rmtree(tmp_path / "moved")
        stated.clear()
        monkeypatch.setattr(os, "lstat", stating)
        with writer.staged(target, record) as out:
            out.folders_ahead = lambda root: found if found is not None and found.root == root else None
            for rel in sorted(wanted):
                if rel.startswith(write) or not (out.root / rel).is_file():
                    out.write(rel, f"<p>{rel}</p>")
                else:
                    out.add([rel], written=False)
        monkeypatch.setattr(os, "lstat", lstat)
        assert {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()} == wanted | {writer.MARK}
        return sorted(set(stated))

    for _ in range(4):  # two into fresh folders, then each tree pruned and recorded
        build(files)
    # the build writes every file (as a cold build does): every folder stated again
    assert build(files) == ["", "a/", "a/b/", "c/"]

    assert lookahead.tree_clock(tmp_path / "none") is None
    assert lookahead.folder_stats(tmp_path / "none", record, writer.FolderRecord, 0) is None
    spare = writer.spare_of(target)
    found = lookahead.folder_stats(spare, record, writer.FolderRecord, lookahead.tree_clock(spare))
    assert found is not None and set(found.stats) == {"a/", "a/b/", "c/"}
    # a file put in place of another in c/: as many entries as recorded, but c/ written into
    assert build(files - {"c/4.html"} | {"c/5.html"}, write=("c/",)) == ["", "c/"]  # c/4.html removed
    assert build(files, write=("c/",)) == ["", "c/"]
    assert build(files, write=("c/",), other_tree=True) == ["", "a/", "a/b/", "c/"]  # a look at another tree
    build(files, write=("c/",))  # each tree pruned and recorded as this build leaves it
    build(files, write=("c/",))
    # a file slipped into a folder the build does not write into, before the look: the look
    # finds that folder changed since its record, so the prune lists it and removes the file
    (writer.spare_of(target) / "a/slipped.html").write_text("손으로", encoding="utf-8")
    assert build(files, write=("c/",)) == ["", "a/", "c/"]
    build(files, write=("c/",))
    build(files, write=("c/",))
    # one file fewer in a folder the build does not write into: not as many entries as recorded
    assert build(files - {"a/1.html"}, write=("c/",)) == ["", "a/", "c/"]  # a/1.html removed
    # a folder's record is taken only for a time past the clock's tick (SETTLED_NS) before it
    monkeypatch.setattr(writer, "SETTLED_NS", 10**18)
    assert build(files, write=("c/",)) == ["", "a/", "a/b/", "c/"]


def test_a_folder_made_a_link_after_the_look_ahead_is_never_pruned_through(tmp_path: Path) -> None:
    """The look ahead's stats of a folder may be a build old: a folder replaced by a link to
    another folder since (by hand, during the build) is stated again before it is listed,
    and listed without following a link: nothing outside the output is removed, and a
    folder gone since is passed over, not a traceback."""
    from sitegen.engine import lookahead, writer

    tree, victim, record = tmp_path / "spare", tmp_path / "victim", tmp_path / "folders.pickle"
    (tree / "a/b").mkdir(parents=True)
    (tree / "c").mkdir()
    for rel in ("a/b/x.html", "a/b/old.html", "c/y.html"):
        (tree / rel).write_text(rel, encoding="utf-8")
    victim.mkdir()
    (victim / "x.html").write_text("x", encoding="utf-8")
    (victim / "keep-me.txt").write_text("남의 파일", encoding="utf-8")
    ctime = {f: os.lstat(tree / f).st_ctime_ns for f in ("a", "a/b", "c")}
    kept = {"": (0, 2), "a/": (ctime["a"], 1), "a/b/": (ctime["a/b"], 2), "c/": (ctime["c"], 1)}
    writer.Records(record, writer.FolderRecord, writer.FolderRecord.valid).save(
        writer.tree_root(tree), writer.FolderRecord(10**19, kept), []
    )
    looked = lookahead.folder_stats(tree, record, writer.FolderRecord, lookahead.tree_clock(tree))
    assert looked is not None and set(looked.stats) == {"a/", "a/b/", "c/"}
    shutil.rmtree(tree / "a/b")  # during the build: a/b made a link to a folder outside, c/ removed
    os.symlink(victim, tree / "a/b")
    shutil.rmtree(tree / "c")
    out = writer.Output(tree, target=tmp_path / "out")
    out.add(["a/b/x.html", "c/y.html"], written=False)  # as councils the look vouched for
    out.folders_ahead = lambda root: looked if root == looked.root else None
    out.prune(record)
    assert sorted(os.listdir(victim)) == ["keep-me.txt", "x.html"]
    # a folder the look vouched for, its folder made a link since: what lies below that is
    # not listed through it either (each folder opened one part at a time, none followed)
    shutil.rmtree(tree)
    (tree / "a/b/c").mkdir(parents=True)
    for rel in ("a/b/c/x.html", "a/b/c/old.html"):
        (tree / rel).write_text(rel, encoding="utf-8")
    (victim / "c").mkdir()
    (victim / "c/keep-me.txt").write_text("남의 파일", encoding="utf-8")
    ctime = {f: os.lstat(tree / f).st_ctime_ns for f in ("a", "a/b")}
    kept = {"": (0, 1), "a/": (ctime["a"], 1), "a/b/": (ctime["a/b"], 1)}  # a/b/c/ changed: not recorded
    writer.Records(record, writer.FolderRecord, writer.FolderRecord.valid).save(
        writer.tree_root(tree), writer.FolderRecord(10**19, kept), []
    )
    looked = lookahead.folder_stats(tree, record, writer.FolderRecord, lookahead.tree_clock(tree))
    assert looked is not None and set(looked.stats) == {"a/", "a/b/"}
    shutil.rmtree(tree / "a/b")
    os.symlink(victim, tree / "a/b")
    out = writer.Output(tree, target=tmp_path / "out")
    out.add(["a/b/c/x.html"], written=False)
    out.folders_ahead = lambda root: looked if root == looked.root else None
    out.prune(record)
    assert sorted(os.listdir(victim / "c")) == ["keep-me.txt"]


def test_a_look_ahead_that_cannot_start_leaves_the_build_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look ahead is a speed-up: where it cannot start (no memfd, no process left to
    fork), there is none, nothing is left open, and the build looks at its files itself."""
    import errno as errnos

    from conftest import sitegen_here

    from sitegen.engine import lookahead

    def refused(*args: Any) -> Any:
        raise OSError(errnos.ENOSYS, "not here")

    with monkeypatch.context() as no_fork:
        no_fork.setattr(os, "fork", refused)
        fds = len(os.listdir("/proc/self/fd"))
        ahead = lookahead.Ahead([lambda: 1])
        assert ahead.result(0) is None and ahead.pid == 0 and len(os.listdir("/proc/self/fd")) == fds
    monkeypatch.setattr(os, "memfd_create", refused)  # the build's own workers still fork
    content, _, _, args = three_councils(tmp_path)
    assert sitegen_here(*args).code == 0
    edit(content / "councils/demo2/plans/2025/programmes/alpha.md", "- 본문", "- 고친 본문")
    run = sitegen_here(*args)
    assert run.code == 0 and "새로 만듦" in run.err, run.err


def test_a_look_ahead_s_results_never_wait_for_the_parent_to_read_them(tmp_path: Path) -> None:
    """Each look's result, however big, is left for the parent without waiting for it to be
    read (a result bigger than a pipe holds stopped the child until the prune read it: the
    release's look then came after the build rather than beside the load). The child is
    reaped once every result is read, and killed when they are not."""
    from sitegen.engine import lookahead

    mark = tmp_path / "second-look"
    ahead = lookahead.Ahead([lambda: b"x" * (4 << 20), lambda: mark.write_text("ran", encoding="utf-8")])
    for _ in range(600):  # the parent busy elsewhere, reading nothing: the second look runs all the same
        if mark.exists():
            break
        time.sleep(0.05)
    assert mark.exists()
    assert ahead.result(0) == b"x" * (4 << 20) and ahead.result(1) == 3
    assert ahead.pid == 0 and ahead.fd == -1  # reaped, closed
    stopped = lookahead.Ahead([lambda: time.sleep(60)])
    pid = stopped.pid
    stopped.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_page_made_again_the_same_keeps_the_live_build_s_file(tmp_path: Path) -> None:
    """A page made again with the same bytes (sitegen or the theme changed, the page did not)
    is the live build's file, not a new one: else every deploy after such a build compared
    each file of the site with the release's again, for good (a release keeps the oldest of
    identical files). A page whose bytes changed is a new file; the live one is untouched."""
    from sitegen.engine import writer

    target, asset = tmp_path / "site", tmp_path / "theme.css"
    asset.write_text("body {}", encoding="utf-8")
    pages = {"index.html": "홈", "a/index.html": "가", "a/b/data.csv": "1,2"}

    def build(wanted: dict[str, str]) -> dict[str, int]:
        with writer.staged(target) as out:
            for rel, text in wanted.items():
                out.write(rel, text)
            out.write("static/site.css", asset)  # an asset: copied from the theme
        return inodes(target)

    first = build(pages)
    assert build(pages) == first  # no spare yet: a fresh folder, the live build's files linked
    assert build(pages) == first  # over the spare
    changed = build({**pages, "a/index.html": "나"})
    assert {rel for rel in first if changed[rel] != first[rel]} == {"a/index.html"}
    assert (writer.spare_of(target) / "a/index.html").read_text(encoding="utf-8") == "가"
    assert (target / "a/index.html").read_text(encoding="utf-8") == "나"
    asset.write_text("body { color: #000 }", encoding="utf-8")
    assert {rel for rel, inode in build(pages).items() if changed[rel] != inode} == {"a/index.html", "static/site.css"}
    assert (target / "static/site.css").read_text(encoding="utf-8") == "body { color: #000 }"


def test_a_file_taken_from_the_live_build_is_never_written_into_nor_read_through_a_link(tmp_path: Path) -> None:
    """A reviewer's findings on taking the live build's file where a page is the same again:
    a path written twice in one build with no spare (the first time the same as the live
    file, so a link to it; the second an asset of other bytes) had the asset copied into
    the live file; a link in the live build was read through, and kept, and a pipe held
    the build up forever. The live build is never written into; only its regular files
    are taken."""
    from sitegen.engine import writer

    target, outside = tmp_path / "site", tmp_path / "outside.css"
    same, other = tmp_path / "same.png", tmp_path / "other.png"
    same.write_bytes(b"AAAA")
    other.write_bytes(b"BBBB")
    outside.write_text("body {}", encoding="utf-8")
    with writer.staged(target) as out:
        out.write("x.png", same)
        out.write("static/site.css", "body {}")
        out.write("empty.txt", "")
    with pytest.raises(RuntimeError), writer.staged(target) as out:  # no spare yet: a fresh folder
        out.write("x.png", same)  # the live file, linked
        out.write("x.png", other)  # the last one counts: into a new file, not the live one
        assert (out.root / "x.png").read_bytes() == b"BBBB"
        raise RuntimeError("a build that fails after")
    assert (target / "x.png").read_bytes() == b"AAAA"
    (target / "static/site.css").unlink()
    (target / "static/site.css").symlink_to(outside)  # by hand, the same bytes
    (target / "empty.txt").unlink()
    os.mkfifo(target / "empty.txt")

    def held_up(signum: int, frame: object) -> None:
        raise RuntimeError("the build was held up by a pipe in the live build")  # not an OSError

    before = signal.signal(signal.SIGALRM, held_up)  # fails here rather than never ending
    signal.alarm(10)
    try:
        with writer.staged(target) as out:
            out.write("static/site.css", "body {}")
            out.write("empty.txt", "")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    css = target / "static/site.css"
    assert not css.is_symlink() and css.stat().st_ino != outside.stat().st_ino and outside.stat().st_nlink == 1
    assert (target / "empty.txt").is_file() and (target / "empty.txt").read_bytes() == b""


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


# Assembled from every page's part on each build: always written.
# what names the build as a whole: in a checkout, build-info says that the content has uncommitted edits
SITE_WIDE = (
    *("search/index.json", "feed.xml", "sitemap.xml", "robots.txt", "static/", "schemas/", "build-info"),
    "figures.",  # every figure of every plan
)


def rerendered(args: tuple[str, ...], out: Path) -> tuple[set[str], int, int]:
    """Build again: the files made anew, and how many PDFs were typeset. Files taken from the
    previous build, or made again with the same bytes, are hard links to it and keep their
    inode (PDFs come from the cache, a copy, so they count by the log); the site-wide files
    are left out (always assembled, and so are the plans' data packages). Then how many pages
    the build says it made, the same bytes or not."""
    before = inodes(out)
    run = sitegen(*args)
    assert run.code == 0, run.err
    after = inodes(out)
    made = {
        k
        for k in after
        if after[k] != before.get(k) and not k.startswith(SITE_WIDE) and not k.endswith((".pdf", "datapackage.json"))
    }
    return made, run.err.count("PDF 만듦"), pages_made(run.err)


def pages_made(err: str) -> int:
    """How many web pages the build says it made (rendered), whether their bytes changed or not."""
    found = re.search(r"새로 만듦 (\d+)개", err)
    assert found, err
    return int(found[1])


def changed_against(old: dict[str, str], args: tuple[str, ...], fresh: Path) -> set[str]:
    """What a fresh build (a new output folder: no graph records) of the edited sources has
    different from old: the outputs that show the edit, found without the dependency graph."""
    assert sitegen(*args[:4], str(fresh), *args[5:]).code == 0
    new = tree(fresh)
    return {k for k in new if new[k] != old.get(k) and not k.startswith(SITE_WIDE)}


@pytest.mark.slow
def test_an_edit_rerenders_exactly_the_outputs_that_show_it(tmp_path: Path, seed_build: Path) -> None:
    """The dependency graph, against a fresh build as the judge of what an edit changes:
    a programme's wording re-renders its page and its plan's PDF only; its title, every
    output that shows the title (and the few pages that show its other data, which read
    the same YAML); a template, the pages made with it. Whatever was reused, the output
    equals a fresh build. The session's PDF cache is shared (it is keyed by content): the
    default site's build has filled it."""
    from conftest import checkout

    content, out = checkout(tmp_path), tmp_path / "build"
    args = ("build", "--content", str(content), "--out", str(out), "--outputs", "web,pdf,epub")
    first = sitegen(*args)
    assert first.code == 0 and "새로 만듦 64개" in first.err, first.err
    prog = content / "councils/ulsan-junggu/plans/2026/programmes/youtube.md"
    page = "ulsan-junggu/2026/youtube/index.html"
    booklet = "ulsan-junggu/2026/ulsan-junggu-2026.pdf"
    magazine = "ulsan-junggu/news/junggu-news/2026-q1/junggu-news-2026-q1.pdf"
    ebook = "ulsan-junggu/news/junggu-news/2026-q1/junggu-news-2026-q1.epub"

    def edit(old: str, new: str) -> None:
        source = prog.read_text(encoding="utf-8")
        assert old in source
        prog.write_text(source.replace(old, new, 1), encoding="utf-8")

    def size_of(pdf: str) -> str:
        return Download(pdf, (out / pdf).stat().st_size).size_text()

    # the Markdown body: shown on the programme's page and in the plan's booklet only
    old, size = tree(out), size_of(booklet)
    edit("- 운영인력 역할", "- 운영인력의 역할")
    made, typeset, pages_count = rerendered(args, out)
    changed = changed_against(old, args, tmp_path / "fresh1")
    # the page, and the data files of its tables, written again with it (the same bytes); and,
    # when the booklet's rounded size moved (212KB → 213KB), the pages that link it with its size
    own = {k for k in made if k.startswith(page.replace("index.html", "data/"))}
    sized = (
        {k for k in made if k.endswith(".html") and f"PDF, {size_of(booklet)}" in (out / k).read_text(encoding="utf-8")}
        if size_of(booklet) != size
        else set()
    )
    assert sized <= {k for k in old if k.startswith("ulsan-junggu/2026/")}
    assert made - own == {page} | sized and changed == {page, booklet} | sized, (made, changed, typeset)
    assert typeset == 1
    assert tree(out) == tree(tmp_path / "fresh1")

    # the title: the outputs that show it, and those that show the programme's other data
    files = {booklet: "PDF", magazine: "PDF", ebook: "EPUB"}
    old, sizes = tree(out), {f: size_of(f) for f in files}
    edit("title: 유튜브 채널 활성화를 위한 재정비", "title: 유튜브 채널 새 단장")
    made, typeset, pages_count = rerendered(args, out)
    changed = changed_against(old, args, tmp_path / "fresh2")

    def showing(text: str) -> set[str]:
        return {k for k in made if k.endswith(".html") and text in (out / k).read_text(encoding="utf-8")}

    shows_title = showing("유튜브 채널 새 단장")
    # the pages that link the booklet, the newsletter's PDF or e-book say its size: when the
    # title moves a rounded size, they change too
    shows_size = set().union(*(showing(f"{kind}, {size_of(f)}") for f, kind in files.items() if size_of(f) != sizes[f]))
    assert changed - {booklet, magazine} <= made and {booklet, magazine, ebook} <= changed
    assert typeset == 2  # the plan's booklet and the newsletter that includes the programme
    assert {k for k in changed if k.endswith(".html")} == shows_title | shows_size
    assert len(shows_title) >= 6  # its page, the plan's, its neighbours', the schedule, the newsletter
    # pages that read the programme's YAML for other fields (budget figures, included data):
    # the graph follows a file's data as one part, so these are made again, unchanged (the
    # same bytes: they keep their file)
    assert not {k for k in made - changed if k.endswith(".html")}
    assert len(shows_title | shows_size) < pages_count <= len(shows_title | shows_size) + 3, pages_count
    assert not [k for k in made if k.startswith(("eumseong/", "geumcheon/"))], made
    assert tree(out) == tree(tmp_path / "fresh2")

    # a theme template of the site's own theme: the programme pages, all of them, and nothing else
    template = content.parent / "themes/default/templates/programme.html"  # the checkout's own theme
    source = (ROOT / "themes/default/templates/programme.html").read_text(encoding="utf-8")
    template.write_text(source.replace("{% block main %}", "{% block main %}<!-- 테마 -->", 1), encoding="utf-8")
    old = tree(out)
    made, typeset, pages_count = rerendered(args, out)
    changed = changed_against(old, args, tmp_path / "fresh3")
    programmes = {
        f"{p.parent.parent.parent.parent.name}/{p.parent.parent.name}/{p.stem}/index.html"
        for p in content.glob("councils/*/plans/*/programmes/*.md")
    }
    pages = {k for k in made if k.endswith(".html")}
    assert pages == changed == programmes and typeset == 0, sorted(pages ^ programmes)[:5]
    # with each page, the data files of its tables: written again, the same
    assert all(k.rsplit("/data/", 1)[0] + "/index.html" in programmes for k in made - pages)
    assert all("<!-- 테마 -->" in (out / k).read_text(encoding="utf-8") for k in programmes)
    assert tree(out) == tree(tmp_path / "fresh3")


def test_an_edit_s_build_in_a_fresh_process_draws_no_card_and_imports_no_pillow(minimal: Path, tmp_path: Path) -> None:
    """CI's push path starts a new interpreter for every build: Pillow (its C library loaded
    from disk) is imported only to draw a share card, which an edit of a programme's wording
    leaves as it was."""
    args = ["build", "--content", str(minimal), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]
    script = f"""if True:
        import sys
        from sitegen.cli import main
        code = main({args!r})
        print(code, "PIL" in sys.modules)
    """
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert first.stdout.splitlines()[-1].split() == ["0", "True"], first.stderr  # cards drawn: Pillow imported
    edit(minimal / "councils/demo/plans/2025/programmes/alpha.md", "- 본문", "- 고친 본문")
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert again.stdout.splitlines()[-1].split() == ["0", "False"], again.stderr
    assert "고친 본문" in next((tmp_path / "out").glob("demo/2025/alpha/index.html")).read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_kept_cache_parses_and_renders_only_what_changed(tmp_path: Path) -> None:
    """What CI keeps between runs is the cache, not the output: a build into a new folder
    with the cache of an earlier build reads only the edited file's council again, parses
    only the edited file again and renders only its Markdown again (the parse cache and the
    Markdown cache grow by exactly that), and gives the same output as a build with no cache
    at all."""
    import pickle
    import sqlite3

    from conftest import copy_site

    content, cache = copy_site(CONTENT, tmp_path), own_cache(tmp_path / "cache")

    def build(out: str, kept: Path) -> list[str]:
        """Build; the notes it printed (figures kept as published, placed by file:line:column)."""
        args = ("build", "--content", str(content), "--out", str(tmp_path / out), "--outputs", "web")
        run = sitegen(*args, "--cache", str(kept))
        assert run.code == 0, run.err
        return sorted(line for line in run.err.splitlines() if "원문 수치 확인" in line)

    def parsed() -> set[str]:
        keys = set()
        for shard in (cache / "parsed").glob("*.pickle"):
            with shard.open("rb") as f:
                keys |= set(pickle.load(f))
        return keys

    def rendered() -> set[str]:
        db = sqlite3.connect(cache / "markdown" / "markdown.sqlite")
        try:
            return {row[0] for row in db.execute("SELECT key FROM md2")}
        finally:
            db.close()

    notes = build("first", cache)
    from sitegen.content.parsecache import ParseCache

    assert ParseCache(cache / "parsed").filled()  # by this code: a later load takes it, one by one
    (cache / "parsed" / "code").write_text("another version of sitegen", encoding="ascii")
    shutil.rmtree(cache / "councils")  # kept under the other version's key: none of them matches
    assert not ParseCache(cache / "parsed").filled()  # stale after an upgrade: parsed side by side
    assert notes and notes == build("again", cache)  # the same places, from the parse cache
    assert ParseCache(cache / "parsed").filled()
    before_parsed, before_rendered = parsed(), rendered()
    kept = {p.name: p.stat().st_mtime_ns for p in (cache / "councils").iterdir()}
    assert len(kept) == len(list(content.glob("councils/*/council.yaml")))
    programmes = list(content.glob("councils/*/plans/*/programmes/*.md"))
    articles = list(content.glob("councils/*/publications/*/*/articles/*.md"))
    assert len(before_parsed) == len(programmes) + len(articles)
    prog = content / "councils/ulsan-junggu/plans/2026/programmes/youtube.md"
    source = prog.read_text(encoding="utf-8").replace("- 운영인력 역할", "- 운영인력의 역할", 1)  # the body
    prog.write_text(
        source.replace("title: 유튜브 채널 활성화를 위한 재정비", "title: 유튜브 새 단장", 1), encoding="utf-8"
    )
    build("second", cache)
    after_parsed, after_rendered = parsed(), rendered()
    assert (
        len(after_parsed - before_parsed) == 1 and len(before_parsed - after_parsed) == 1
    )  # the old text's entry goes
    assert len(after_rendered - before_rendered) == 1  # its body, once
    # the other councils taken whole, not read again (content/councilcache.py): only the
    # edited council's is kept anew
    now = {p.name: p.stat().st_mtime_ns for p in (cache / "councils").iterdir()}
    assert {name for name in now if now[name] != kept.get(name)} == {"ulsan-junggu.pickle"}
    build("fresh", own_cache(tmp_path / "no-cache"))
    assert tree(tmp_path / "second") == tree(tmp_path / "fresh")


def committed_site(origin: Path, councils: int = 1) -> Path:
    """The minimal site, with as many councils, committed in a git repository at origin."""
    from conftest import FIXTURES, git

    shutil.copytree(FIXTURES / "minimal", origin / "content")
    for n in range(2, councils + 1):
        shutil.copytree(origin / "content/councils/demo", origin / f"content/councils/demo{n}")
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-q", "-m", "처음")):
        git(origin, *args)
    return origin


def counted_reads(monkeypatch: pytest.MonkeyPatch, base: Path) -> list[str]:
    """The council files the councils' cache reads to hash them, relative to base, as it reads."""
    from sitegen.content import councilcache

    read: list[str] = []
    digest = councilcache.file_digest

    def reading(path: str) -> str:
        read.append(os.path.relpath(path, base))
        return digest(path)

    monkeypatch.setattr(councilcache, "file_digest", reading)
    return read


def test_a_fresh_clone_takes_its_files_digests_by_what_git_says_of_them(tmp_path: Path, monkeypatch) -> None:
    """A fresh clone (every CI job, every deploy on a council's server) gives every file a new
    stat, so the councils' cache read and hashed every file again. A file git says is as
    committed, and whose change time is before git looked, has the bytes of its blob: the
    digest kept for that blob is taken, no council file is read, and every council is taken
    whole. A file edited after the clone, or after git looked, is read, and its council is
    loaded again."""
    from conftest import git

    from sitegen.content import councilcache
    from sitegen.content.loader import Loader
    from sitegen.engine.git import Status, status

    monkeypatch.setattr(councilcache, "SETTLED_NS", -(10**12))  # every digest kept, however fresh
    origin, job, cache = committed_site(tmp_path / "origin", councils=2), tmp_path / "job", tmp_path / "cache"
    content, rel = job / "content", "councils/demo/plans/2025/programmes/alpha.md"
    read = counted_reads(monkeypatch, content)

    def cloned() -> None:
        shutil.rmtree(job, ignore_errors=True)
        git(tmp_path, "clone", "-q", str(origin), str(job))
        time.sleep(0.06)  # past git.CLOCK_TICK_NS: the checkout's files are before git looks

    def taken(seen: Status | None = None) -> list[str]:
        read.clear()
        loader = Loader(content, cache, git=seen or status(content))
        loader.load()
        return sorted(loader.taken)

    cloned()
    assert taken() == [] and rel in read
    cloned()
    assert taken() == ["demo", "demo2"] and read == []
    cloned()
    edit(content / rel, "- 본문", "- 고친 본문")  # not committed: git says so
    assert taken() == ["demo2"] and read == [rel]
    cloned()
    seen = status(content)
    time.sleep(0.01)
    edit(content / rel, "- 본문", "- 봄문")  # after git looked: the same size, as committed to git's eyes
    assert taken(seen) == ["demo2"] and read == [rel]
    cloned()
    assert taken() == ["demo2"] and read == [rel]  # as committed again: its digest kept with its blob
    git(job, "update-index", "--assume-unchanged", f"content/{rel}")  # which git status then does not look at
    edit(content / rel, "- 본문", "- 봉문")  # the same size again, another text
    time.sleep(0.06)  # before git looks
    assert taken() == ["demo2"] and read == [rel]
    # the checkout's bytes of the same blobs changed by an attribute: every such file read
    (origin / ".gitattributes").write_text("*.md text eol=crlf\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "줄 끝")
    cloned()
    programmes = sorted(str(p.relative_to(content)) for p in content.rglob("*.md"))
    assert taken() == [] and sorted(read) == programmes
    cloned()
    assert taken() == ["demo", "demo2"] and read == []


def test_a_clone_made_just_before_the_build_keeps_its_files_digests_by_their_blobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deploy on a council's server clones the pushed commit and builds at once: its files
    are younger than the tick a stat may share with an edit (councilcache.SETTLED_NS), so
    their stamps are not kept, but what git says of them holds: the next clone's load reads
    none of them."""
    from conftest import git

    from sitegen.content.loader import Loader
    from sitegen.engine.git import status

    origin, job, cache = committed_site(tmp_path / "origin"), tmp_path / "job", tmp_path / "cache"
    read = counted_reads(monkeypatch, job)

    def loaded() -> list[str]:
        shutil.rmtree(job, ignore_errors=True)
        git(tmp_path, "clone", "-q", str(origin), str(job))
        time.sleep(0.06)  # past git.CLOCK_TICK_NS, well within SETTLED_NS
        read.clear()
        loader = Loader(job / "content", cache, git=status(job / "content"))
        loader.load()
        return loader.taken

    assert loaded() == [] and read
    assert loaded() == ["demo"] and read == []


def test_a_council_file_is_hashed_again_only_when_its_stat_changed(tmp_path: Path, monkeypatch) -> None:
    """The councils' cache knows a file by its bytes, but takes its digest from the last
    load when its inode, size and times are unchanged since then (and it had settled when
    hashed): a digest given there is used, and an edit that keeps the size and puts the
    modification time back is still seen (its change time moves)."""
    import pickle

    from conftest import FIXTURES, copy_site

    from sitegen.content import councilcache
    from sitegen.content.loader import Loader

    monkeypatch.setattr(councilcache, "SETTLED_NS", -(10**12))  # every digest kept, however fresh
    content, cache = copy_site(FIXTURES / "minimal", tmp_path), tmp_path / "cache"
    prog = content / "councils/demo/plans/2025/programmes/alpha.md"

    def taken() -> list[str]:
        loader = Loader(content, cache)
        loader.load()
        return loader.taken

    assert taken() == [] and taken() == ["demo"]
    stamps = cache / "file-stamps/demo.pickle"
    known = pickle.loads(stamps.read_bytes())
    rel = "plans/2025/programmes/alpha.md"
    assert known[rel][:2] == (prog.stat().st_ino, prog.stat().st_size)
    stamps.write_bytes(pickle.dumps({**known, rel: (*known[rel][:4], "0" * 32, known[rel][5])}))
    assert taken() == []  # the digest given was used: not the council kept
    assert taken() == ["demo"]
    before = prog.stat()
    edit(prog, "- 본문", "- 봄문")  # the same size
    os.utime(prog, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert prog.stat().st_size == before.st_size and prog.stat().st_mtime_ns == before.st_mtime_ns
    assert taken() == []


def test_a_fresh_load_takes_the_councils_whose_files_are_unchanged_whole_from_the_cache(tmp_path: Path) -> None:
    """CI's path, in a new Loader each time as in a fresh process: a council none of whose
    files changed is taken whole from the cache (issue 23), and gives what reading it gives;
    an edit reads its own council again; so do a change to a picture outside the council
    that its checks read, a change to site.yaml, and a damaged kept council (never fatal)."""
    import io

    from conftest import FIXTURES, copy_site
    from PIL import Image

    from sitegen.content.loader import Loader
    from sitegen.problems import ContentError

    content, cache = copy_site(FIXTURES / "minimal", tmp_path), tmp_path / "cache"
    shutil.copytree(content / "councils/demo", content / "councils/demo2")
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(picture, "PNG")
    (content / "shared").mkdir()
    (content / "shared/pic.png").write_bytes(picture.getvalue())
    prog = content / "councils/demo2/plans/2025/programmes/alpha.md"
    edit(prog, "contacts:", "images:\n  - {src: ../../../../../shared/pic.png, alt: 함께 쓰는 그림}\ncontacts:")

    def summary(site: SiteModel) -> list[tuple]:
        return [
            (c.slug, c.source.digest, p.slug, g.slug, g.source.digest, g.data.title, g.body, g.data.images)
            for c in site.councils
            for p in c.plans
            for g in p.programmes
        ]

    def load() -> tuple[list[str], list[tuple]]:
        loader = Loader(content, cache)
        return loader.taken, summary(loader.load())

    taken, fresh = load()
    assert taken == [] and len(fresh) == 2
    assert load() == (["demo", "demo2"], fresh)  # nothing read again, the same entries
    edit(content / "councils/demo/plans/2025/programmes/alpha.md", "- 본문", "- 고친 본문")
    taken, edited = load()
    assert taken == ["demo2"] and edited[1] == fresh[1] and edited[0] != fresh[0]
    (content / "shared/pic.png").write_text("<svg onload='alert(1)'></svg>", encoding="utf-8")
    with pytest.raises(ContentError) as refused:  # the picture outside demo2, read again and refused
        load()
    assert any("demo2/plans/2025/programmes/alpha.md" in p.file for p in refused.value.problems.items)
    (content / "shared/pic.png").write_bytes(picture.getvalue())
    assert load()[0] == ["demo", "demo2"]  # the picture as it was when demo2 was kept
    edit(content / "site.yaml", "title: 테스트 사이트", "title: 다른 사이트")
    assert load()[0] == []  # site.yaml: every council read again
    (cache / "councils/demo.pickle").write_bytes(b"\x80\x05damaged")
    assert load()[0] == ["demo2"]
    # every file and folder of a council counts, those a build skips elsewhere (__pycache__)
    # and empty folders too: a picture there, or a plan folder without its plan.yaml
    demo = content / "councils/demo"
    (demo / "__pycache__").mkdir()
    (demo / "__pycache__/logo.png").write_bytes(picture.getvalue())
    edit(demo / "council.yaml", "name:", "emblem: __pycache__/logo.png\nname:")
    assert load()[0] == ["demo2"]
    (demo / "__pycache__/logo.png").write_text("<svg onload='alert(1)'></svg>", encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        load()
    assert any("councils/demo/council.yaml" in p.file for p in refused.value.problems.items)
    (demo / "__pycache__/logo.png").write_bytes(picture.getvalue())
    assert load()[0] == ["demo", "demo2"]
    (demo / "plans/2099").mkdir()
    with pytest.raises(ContentError) as refused:
        load()
    assert any("demo/plans/2099/plan.yaml" in p.file for p in refused.value.problems.items)
    (demo / "plans/2099").rmdir()
    # a checkout of the same files elsewhere (the git hook clones each push anew) takes them,
    # its entries naming files there
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(content, elsewhere / "content")
    moved = Loader(elsewhere / "content", cache)
    site = moved.load()
    assert moved.taken == ["demo", "demo2"]
    sources = [c.source for c in site.councils] + [g.source for g in site.all_programmes()]
    # each path made when first asked for (a big site's edit asks for few): as reading gives it
    assert not any("path" in vars(source) for source in sources)
    lazy = pickle.loads(pickle.dumps(sources[0]))  # pickled as it is (a worker's, the parse cache's)
    assert not any("path" in vars(source) for source in (sources[0], lazy))
    read = Loader(elsewhere / "content").load()
    assert summary(site) == summary(read)
    assert [s.path for s in sources] == [c.source.path for c in read.councils] + [
        g.source.path for g in read.all_programmes()
    ]
    assert {type(s.path) for s in sources} == {type(elsewhere)} and lazy.path == sources[0].path
    assert {g.source.path.is_relative_to(elsewhere) for g in site.all_programmes()} == {True}
    assert {"path" in vars(s) and "_path_text" not in vars(s) for s in sources} == {True}

    # the live preview keeps councils in memory, told by the watcher what changed: a picture
    # outside every council changing is the same news to the council that names it
    first = Loader(content, kept={}, changed=None)
    first.load()
    picture = (content / "shared/pic.png").resolve()
    picture.write_text("<svg onload='alert(1)'></svg>", encoding="utf-8")
    told = Loader(content, kept=first.kept_now, changed={picture})
    with pytest.raises(ContentError) as refused:
        told.load()
    assert any("demo2/plans/2025/programmes/alpha.md" in p.file for p in refused.value.problems.items)


def test_one_walk_of_the_content_serves_the_no_op_check_the_refusal_of_links_and_the_councils_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build walked the content three times before rendering (its no-op check, the loader's
    look for links and devices, each council's key); it walks once (fingerprint.Tree), and
    each gives what its own walk gave. A council edited after that walk is loaded as it is
    and never kept under the key the walk gave (a later revert would take the edit back)."""
    from conftest import FIXTURES, copy_site

    from sitegen.content import councilcache
    from sitegen.content.councilcache import CouncilCache, _listed
    from sitegen.content.loader import Loader
    from sitegen.content.source import special_files
    from sitegen.engine.fingerprint import Tree, fingerprint, inputs, walk

    content, cache = copy_site(FIXTURES / "minimal", tmp_path), tmp_path / "cache"
    for name in ("demo-a", "demo0", "demoa"):  # beside "demo/" in the walk's order, not below it
        shutil.copytree(content / "councils/demo", content / "councils" / name)
    odd = content / "councils/demo/plans/2025"
    (odd / "__pycache__").mkdir()
    (odd / "__pycache__/x.pyc").write_bytes(b"\0")  # skipped by the no-op check, counted in the key
    (odd / "사진 설명.md").write_text("사진\n", encoding="utf-8")
    os.mkfifo(odd / "fifo")
    (odd / "link.md").symlink_to(content / "site.yaml")
    tree = Tree(content)
    # the files walk() gives, the pipe (noted by its own stat, like the link: never read) and
    # what walk() passes over in sitegen's own folders (__pycache__): a push's are looked at whole
    walked = [(rel, e.path) for rel, e in walk(content)]
    more = [(f"councils/demo/plans/2025/{name}", str(odd / name)) for name in ("fifo", "__pycache__/x.pyc")]
    assert [(rel, e.path) for rel, e in tree.files()] == sorted([*walked, *more])
    with_specials = fingerprint([content], {}, by_stat=True, tree=tree)
    assert special_files(content, tree) == special_files(content) == sorted([odd / "fifo", odd / "link.md"])
    for folder in ("councils/demo/", "councils/demo-a/", "councils/demo0/", "councils/demo/plans/2025/"):
        below = [(rel, e.path) for rel, e in tree.under(folder)]
        assert below == [(rel, e.path) for rel, e in _listed(str(content / folder))] and below, folder

    # refused before any key is taken; one put there after the walk is not read (nor waited
    # on: a plain open of a pipe waits for a writer), nor is a link followed
    def held_up(signum: int, frame: object) -> None:
        raise RuntimeError("the key waited on a pipe")  # not an OSError

    before = signal.signal(signal.SIGALRM, held_up)  # fails here rather than never ending
    signal.alarm(5)
    try:
        assert councilcache.file_digest(str(odd / "fifo")) == "" == councilcache.file_digest(str(odd / "link.md"))
        assert councilcache.file_digest(str(odd)) == ""  # a folder (an emblem named "../")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    (odd / "fifo").unlink()
    (odd / "link.md").unlink()
    tree = Tree(content)
    again = fingerprint([content], {}, by_stat=True, unfollowed=(content,))  # walked afresh
    assert fingerprint([content], {}, by_stat=True, tree=tree) == again
    assert fingerprint([content], {}, by_stat=True, tree=tree) != with_specials  # a link or pipe is a change
    # what a push brings is looked at whole: a theme's static/__pycache__/a.css or a .pyc file
    # is published like any other, so an edit of one is a change to the no-op check
    static = tmp_path / "themes/default/static"
    (static / "__pycache__").mkdir(parents=True)
    for name in ("__pycache__/a.css", "b.pyc"):
        (static / name).write_text("a{}", encoding="utf-8")
        before = inputs(content, [tmp_path / "themes"], {})
        (static / name).write_text("b{}", encoding="utf-8")  # the same size, the same moment
        assert inputs(content, [tmp_path / "themes"], {}) != before, name
    stored = CouncilCache(tmp_path / "keys", content)
    for name in ("demo", "demo0"):
        listed = tree.under(f"councils/{name}/")
        assert stored.key(content / f"councils/{name}", name, "") == stored.key(
            content / f"councils/{name}", name, "", listed
        )

    def loaded(tree: Tree | None = None) -> tuple[list[str], str]:
        loader = Loader(content, cache, tree=tree)
        site = loader.load()
        council = next(c for c in site.councils if c.slug == "demo")
        return loader.taken, council.plans[0].programmes[0].body

    assert loaded(Tree(content))[0] == []
    assert loaded(Tree(content))[0] == ["demo", "demo-a", "demo0", "demoa"]  # the walk's keys take them
    # every digest kept by its stat however fresh, as a file unchanged for a while is
    monkeypatch.setattr(councilcache, "SETTLED_NS", -(10**12))
    assert loaded(Tree(content))[0] == ["demo", "demo-a", "demo0", "demoa"]
    alpha = content / "councils/demo/plans/2025/programmes/alpha.md"
    first = alpha.read_bytes()
    with (content / "councils/demo/council.yaml").open("a", encoding="utf-8") as f:
        f.write("# 고침\n")  # an edit the build's walk sees
    walked = Tree(content)
    fingerprint([content], {}, by_stat=True, tree=walked)  # the no-op check stats every file then
    edit(alpha, "- 본문", "- 고친 본문")  # saved after the walk, before the load
    taken, body = loaded(walked)
    assert "demo" not in taken and "고친 본문" in body  # read as it is
    alpha.write_bytes(first)  # back to what the walk saw: nothing was kept under the walk's key
    taken, body = loaded(Tree(content))
    assert "demo" not in taken and "고친 본문" not in body
    assert loaded(Tree(content))[0] == ["demo", "demo-a", "demo0", "demoa"]


def test_another_version_of_a_rendering_library_makes_every_page_again(monkeypatch) -> None:
    """What every page reads (the base digest) names the versions of the libraries that
    render pages and describe the schemas (Jinja2, markdown-it-py and its plugins, pydantic,
    PyYAML, Python): pages and the kept schemas made by another version are not reused."""
    from sitegen import build
    from sitegen.content.loader import load

    site, dirs = load(CONTENT), [ROOT / "themes/default"]
    before = build.base_digest(site, dirs)
    assert build.base_digest(site, dirs) == before
    assert "jinja2" in build.RENDERED_BY and "pydantic" in build.RENDERED_BY
    monkeypatch.setattr(build, "RENDERED_BY", build.RENDERED_BY.replace("jinja2 ", "jinja2 0."))
    assert build.base_digest(site, dirs) != before


def test_a_library_upgraded_is_a_change_to_the_no_op_check(tmp_path: Path, monkeypatch) -> None:
    """The quick check that skips a build with nothing changed looks at the rendering
    libraries' files too (found without importing them): an upgrade in place (a file of
    the package replaced) is a change, and the build that follows makes the pages again
    (the versions are in the base digest)."""
    from sitegen.engine import fingerprint

    library = tmp_path / "lib/sitegen_fake_library"
    library.mkdir(parents=True)
    (library / "__init__.py").write_text("VERSION = '1.0'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    monkeypatch.setattr(fingerprint, "RENDERING_PACKAGES", ("sitegen_fake_library", "jinja2"))
    assert library in fingerprint.library_folders()
    content = tmp_path / "content"
    content.mkdir()
    before = fingerprint.inputs(content, [], {})
    assert fingerprint.inputs(content, [], {}) == before
    (library / "__init__.py").write_text("VERSION = '1.10'\n", encoding="utf-8")
    assert fingerprint.inputs(content, [], {}) != before


def test_a_vocabulary_edit_takes_councils_from_the_cache_only_where_it_cannot_change_what_is_said(
    tmp_path: Path,
) -> None:
    """The default site, loaded in a new Loader each time as in a fresh process: its words
    reordered, every council is taken from the cache (words are checked as sets); a word
    added, every council but one with notes (a note may say a word is unknown; this one's
    are figures kept as published) is taken, and that one is checked again; what is said
    and loaded is what a load with no cache at all gives."""
    from conftest import copy_site

    from sitegen.content.loader import Loader

    content, cache = copy_site(CONTENT, tmp_path), tmp_path / "cache"
    site = content / "site.yaml"

    def load(kept: Path | None) -> tuple[list[str], list[str], list[tuple]]:
        loader = Loader(content, kept)
        loaded = loader.load()
        said = sorted(p.format() for p in loader.problems.items)
        entries = [
            (c.slug, p.url, g.slug, g.source.digest) for c in loaded.councils for p in c.plans for g in p.programmes
        ]
        return loader.taken, said, entries

    taken, said, entries = load(cache)
    assert taken == [] and entries
    noted = sorted({line.split("/")[2] for line in said if line.startswith("content/councils/")})
    assert noted, said  # a council with notes (figures kept as published)
    everyone = sorted(p.name for p in (content / "councils").iterdir())
    assert load(cache)[0] == everyone
    kinds = "[신규, 계속, 현안, 공약, 역점, 주민참여예산, 공모]"
    edit(site, kinds, "[공모, 주민참여예산, 역점, 공약, 현안, 계속, 신규]")
    assert load(cache) == (everyone, said, entries)
    edit(
        site,
        "[공모, 주민참여예산, 역점, 공약, 현안, 계속, 신규]",
        "[공모, 주민참여예산, 역점, 공약, 현안, 계속, 신규, 시범]",
    )
    taken, again, loaded = load(cache)
    assert taken == [c for c in everyone if c not in noted] and (again, loaded) == (said, entries)
    assert load(None)[1:] == (said, entries)


def three_councils(tmp_path: Path) -> tuple[Path, Path, Path, tuple[str, ...]]:
    """The minimal site with two more councils like its own, and a web build's command line
    into tmp_path/out with a cache of its own: content, cache, out, the arguments."""
    from conftest import FIXTURES, copy_site

    content = copy_site(FIXTURES / "minimal", tmp_path)
    for n in (2, 3):
        shutil.copytree(content / "councils/demo", content / f"councils/demo{n}")
    cache, out = own_cache(tmp_path / "cache"), tmp_path / "out"
    return (
        content,
        cache,
        out,
        ("build", "--content", str(content), "--out", str(out), "--outputs", "web", "--cache", str(cache)),
    )


def test_a_council_from_the_cache_unpickles_its_programmes_and_articles_only_when_read(tmp_path: Path) -> None:
    """Unpickling every untouched council whole was most of taking them from the cache on an
    edit's build, which reads none of their programmes. Kept apart, they are unpickled when
    first read, all of a council's at once, referring to the very entries above them (an
    article's programmes are its plan's); meanwhile the dependency graph has their digests
    as a fresh load gives them. A council whose other entries refer to one of them is kept
    in one piece."""
    from conftest import copy_site

    from sitegen.content.councilcache import CouncilCache
    from sitegen.content.loader import Loader
    from sitegen.content.packed import body_digest
    from sitegen.engine.recording import Lazy
    from sitegen.outputs.graph import Digests, council_shape
    from sitegen.outputs.theme import Theme
    from sitegen.settings import Settings

    content = copy_site(CONTENT, tmp_path)
    fresh = Loader(content).load()
    Loader(content, tmp_path / "cache").load()  # parsed, and kept
    loader = Loader(content, tmp_path / "cache")
    site = loader.load()
    assert sorted(loader.taken) == sorted(c.slug for c in site.councils)

    def lists(council: CouncilEntry) -> list[Any]:
        found = [plan.__dict__["programmes"] for plan in council.plans]
        return found + [e.__dict__["articles"] for pub in council.publications for e in pub.editions]

    assert all(isinstance(held, Lazy) for c in site.councils for held in lists(c))
    entries = [g for p in fresh.all_plans() for g in p.programmes] + [
        a for e in fresh.all_editions() for a in e.articles
    ]
    theme = Theme(Settings.resolve(content).theme_dirs(site.config.theme), site.config.language)
    # the councils' shapes as the build keeps them under their keys (a shape worked out reads them)
    shaped = {c.slug: (c.key, council_shape(f)) for c, f in zip(site.councils, fresh.councils, strict=True)}
    digests = Digests(site, theme, {}, shaped)
    for e in entries:
        assert digests(("data", e.source.shown)) == e.source.digest and digests(
            ("body", e.source.shown)
        ) == body_digest(e)
    assert digests(("data", entries[0].source.shown.replace(".md", "-없음.md"))) == "-"
    assert all(isinstance(held, Lazy) for c in site.councils for held in lists(c))  # none read

    council = next(c for c in site.councils if c.publications)
    assert council.plans[0].programmes  # one read: every list of the council in place
    assert not any(isinstance(held, Lazy) for held in lists(council))
    assert all(isinstance(held, Lazy) for c in site.councils if c is not council for held in lists(c))
    programmes = {id(g): g for plan in council.plans for g in plan.programmes}
    assert all(g.plan is plan for plan in council.plans for g in plan.programmes)
    articles = [a for pub in council.publications for e in pub.editions for a in e.articles]
    assert all(a.edition is e for pub in council.publications for e in pub.editions for a in e.articles)
    related = [g for a in articles for g in a.related]
    assert related and all(programmes.get(id(g)) is g for g in related)
    was = next(c for c in fresh.councils if c.slug == council.slug)
    assert [(g.slug, g.data, g.body) for p in council.plans for g in p.programmes] == [
        (g.slug, g.data, g.body) for p in was.plans for g in p.programmes
    ]

    # something above them referring to one of them: the council kept and taken in one piece
    plan = was.plans[0]
    plan.__dict__["also"] = plan.programmes[0]
    stored = CouncilCache(tmp_path / "entangled", content)
    stored.put(was.slug, "key", was, [], set(), {})
    taken = stored.get(was.slug, "key", {})
    assert taken is not None
    again = taken[0].plans[0]
    assert not any(isinstance(held, Lazy) for held in lists(taken[0]))
    assert again.__dict__["also"] is again.programmes[0] and again.programmes[0].plan is again
    # or to a list of them a second time (a second place would unpickle as a stray)
    plan.__dict__["also"] = plan.programmes
    stored.put(was.slug, "key2", was, [], set(), {})
    taken = stored.get(was.slug, "key2", {})
    assert taken is not None and not any(isinstance(held, Lazy) for held in lists(taken[0]))
    assert taken[0].plans[0].__dict__["also"] is taken[0].plans[0].programmes


def test_a_council_s_search_part_waits_in_its_record_until_the_index_is_made_again(tmp_path: Path) -> None:
    """Each council's record for the next build kept its search part (most of its bytes) in
    the pickle, so an edit's build read and held every council's; it is kept after the pickle
    and read only when the search index is made again: here, after the index was changed by
    hand in the live build. No file is held open meanwhile; a record changed since it was
    read, or damaged, is refused when its part is read (a damaged one removed: made again
    next time), and one cut short is not taken: the council is rendered again. Each time
    the output is a build's without a cache."""
    import pickle
    from dataclasses import replace

    from conftest import sitegen_here

    from sitegen.engine import cachefiles, writer
    from sitegen.outputs.web.pages import SEARCH
    from sitegen.outputs.web.search import SearchIndex

    content, cache, out, args = three_councils(tmp_path)
    assert sitegen_here(*args).code == 0
    records = {p.name.split(".")[0]: p for p in (cache / "pages").rglob("*.whole.pickle")}
    assert sorted(records) == ["demo", "demo2", "demo3"]
    descriptors = len(os.listdir("/proc/self/fd"))
    tails = []
    for path in records.values():
        (rendered, stamps, (size, digest)), tail = cachefiles.load_with_tail(path)
        # its files counted by folder (by the worker that rendered it) for the next build's prune
        assert rendered.counts == writer.counted(set(rendered.files)) and rendered.counts.files > 10
        held = rendered.gathered.held
        assert held.search == b"" and tail is not None and tail.size == size > 0
        tails.append(tail)
        index = pickle.loads(replace(tail, digest=digest).read())
        assert isinstance(index, SearchIndex) and index.digest() == held.key
    assert len(os.listdir("/proc/self/fd")) == descriptors  # none held open (a big site has hundreds)
    (_, _, (_, digest)), tail = cachefiles.load_with_tail(records["demo2"])
    path = records["demo2"]
    damaged = bytearray(path.read_bytes())
    damaged[-1] ^= 1  # its last byte, in place
    path.write_bytes(damaged)
    with pytest.raises(OSError, match="changed since"):  # not the file this build read
        tail.read()
    (_, _, (_, digest)), tail = cachefiles.load_with_tail(path)
    with pytest.raises(OSError, match="damaged"):
        replace(tail, digest=digest).read()
    assert not path.exists()  # a disposable entry: removed, the council rendered again next time
    path = records["demo3"]
    cut = path.with_name("cut")
    cut.write_bytes(path.read_bytes()[:-10])
    os.replace(cut, path)  # cut short

    def fresh(name: str) -> dict[str, str]:
        other = ("--out", str(tmp_path / name), "--cache", str(own_cache(tmp_path / f"{name}-cache")))
        assert sitegen_here("build", "--content", str(content), "--outputs", "web", *other).code == 0
        return tree(tmp_path / name)

    # demo2's record removed (damaged), demo3's cut short: both rendered again (their records
    # written anew), demo taken whole
    stamps = {name: p.stat().st_mtime_ns for name, p in records.items() if p.exists()}
    os.utime(content / "site.yaml")  # its time only: a build that changes nothing it reads
    assert sitegen_here(*args).code == 0
    assert {name for name, p in records.items() if p.stat().st_mtime_ns != stamps.get(name)} == {"demo2", "demo3"}
    assert tree(out) == fresh("fresh1")
    # the index changed by hand in the live build: made whole again, from every council's part
    (out / SEARCH).unlink()
    (out / SEARCH).write_text("{}", encoding="utf-8")
    edit(content / "councils/demo2/plans/2025/programmes/alpha.md", "- 본문", "- 고친 본문")
    assert sitegen_here(*args).code == 0
    assert tree(out) == fresh("fresh2")
    # a record of another shape (the size alone where the size and digest are): not taken, no
    # crash; the council rendered again
    (rendered, stamps, (size, _)), _ = cachefiles.load_with_tail(records["demo"])
    cachefiles.dump(records["demo"], (rendered, stamps, size))
    was = records["demo"].stat().st_mtime_ns
    os.utime(content / "site.yaml")
    assert sitegen_here(*args).code == 0
    assert records["demo"].stat().st_mtime_ns != was and tree(out) == fresh("fresh3")


def test_an_edit_s_build_does_not_import_the_markdown_parser_it_does_not_use(tmp_path: Path) -> None:
    """An edit's build in a fresh interpreter renders its one page's Markdown by the native
    engine where it is installed, and finds no refused link to look for in the council's
    texts: markdown-it-py, a fiftieth of such a build to import, is not imported; its
    version (in the cache keys) is read from its installed record, as its module says it."""
    import importlib

    import markdown_it

    from sitegen.engine.fingerprint import installed_version
    from sitegen.outputs.markdown import native

    for module, distribution in (("markdown_it", "markdown-it-py"), ("yaml", "PyYAML"), ("jinja2", "Jinja2")):
        assert installed_version(module, distribution) == importlib.import_module(module).__version__
    assert installed_version("markdown_it", "no-such-distribution") == markdown_it.__version__  # by its module
    content, _, _, args = three_councils(tmp_path)
    assert sitegen(*args).code == 0
    edit(content / "councils/demo2/plans/2025/programmes/alpha.md", "- 본문", "- 고친 본문")
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sitegen.cli", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    imported = {line.rpartition("|")[2].strip() for line in run.stderr.splitlines() if line.startswith("import time:")}
    assert {"sitegen.outputs.web.pages", "yaml"} <= imported  # it did build
    assert ("markdown_it" in imported) == (native() is None)


@pytest.mark.parametrize("looked", ["ahead", "here", "by-workers"], ids=lambda x: f"looked-at-{x}")
def test_a_build_takes_the_councils_an_edit_did_not_touch_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, looked: str
) -> None:
    """CI's path: each build a fresh process with the cache kept. A council none of whose
    pages read a changed part is taken whole, in one look at what its pages read, rather
    than page by page: its remembered record in the cache is left as it was, the edited
    council's is written again, the site-wide files made of unchanged parts are linked, and
    the output equals a build with no cache at all; a change every page reads (the site's
    title) takes no council whole and makes every file again."""

    run_cli = sitegen  # the untouched councils' files looked at ahead, as the content loads
    if looked != "ahead":  # without the look ahead: in the parent, or as on a big site by the workers
        from conftest import sitegen_here

        from sitegen.engine import lookahead
        from sitegen.outputs.web import output as web_output

        monkeypatch.setattr(lookahead, "look", lambda folder, tree: lookahead.NOTHING)
        if looked == "by-workers":
            monkeypatch.setattr(web_output, "LOOKED_AT_HERE", 0)
        run_cli = sitegen_here  # in this process, where that holds

    content, cache, out, args = three_councils(tmp_path)
    assert run_cli(*args).code == 0

    def remembered() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in (cache / "pages").rglob("*.whole.pickle")}

    before = remembered()
    assert sorted(before) == ["demo.whole.pickle", "demo2.whole.pickle", "demo3.whole.pickle"]
    assembled = ["demo/2025/datapackage.json", "demo2/2025/datapackage.json", "figures.csv", "datapackage.json"]
    inodes = {rel: (out / rel).stat().st_ino for rel in assembled}
    prog = content / "councils/demo2/plans/2025/programmes/alpha.md"
    prog.write_text(prog.read_text(encoding="utf-8").replace("- 본문", "- 고친 본문"), encoding="utf-8")
    run = run_cli(*args)
    assert run.code == 0, run.err
    after = remembered()
    assert {name for name in after if after[name] != before[name]} == {"demo2.whole.pickle"}
    # the site-wide files assembled from the pages' parts: linked when what they are made of
    # (the tables' shapes, the figures) is as it was; a wording edit changes neither
    assert {rel: (out / rel).stat().st_ino for rel in assembled} == inodes
    assert (
        run_cli(
            "build",
            "--content",
            str(content),
            "--out",
            str(tmp_path / "fresh"),
            "--outputs",
            "web",
            "--cache",
            str(own_cache(tmp_path / "empty")),
        ).code
        == 0
    )
    assert tree(out) == tree(tmp_path / "fresh")
    # pages of a council the next edit does not touch, changed by hand in the live site (one
    # replaced, one written into in place): made again, not taken as the last build wrote them
    replaced, written_into = out / "demo3/index.html", out / "demo3/2025/index.html"
    replaced.unlink()
    replaced.write_text("손으로 바꾼 쪽", encoding="utf-8")
    with written_into.open("r+b") as f:
        f.write(b"<!-- by hand -->")
    edit(prog, "- 고친 본문", "- 다시 고친 본문")
    # and a figure: the file of every figure made again, the packages (the tables' shapes) linked
    edit(prog, "values: [300, 200], total: 500", "values: [300, 250], total: 550")
    assert run_cli(*args).code == 0
    assert {rel for rel in assembled if (out / rel).stat().st_ino != inodes[rel]} == {"figures.csv"}
    fresh = ("--out", str(tmp_path / "fresh2"), "--cache", str(own_cache(tmp_path / "empty2")))
    assert run_cli("build", "--content", str(content), "--outputs", "web", *fresh).code == 0
    assert tree(out) == tree(tmp_path / "fresh2")
    site = content / "site.yaml"

    # vocabularies of the site's own, in place of the default ones (words taken out): every
    # council checked again, no page made again (no page shows a vocabulary), no council's
    # page record written again (issue 23)
    def kept() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in (cache / "councils").glob("*.pickle")}

    councils = kept()
    assert sorted(councils) == ["demo.pickle", "demo2.pickle", "demo3.pickle"]
    edit(site, "title: 테스트 사이트", "title: 테스트 사이트\nvocabularies:\n  programme_kinds: [신규, 계속]")
    before = remembered()
    run = run_cli(*args)
    assert run.code == 0 and "새로 만듦 0개" in run.err, run.err
    assert remembered() == before and all(kept()[name] != councils[name] for name in councils)
    # a word added: every council taken from the cache as it was kept (it used no word
    # unknown, and a word added cannot make it wrong), nothing made again
    councils = kept()
    edit(site, "programme_kinds: [신규, 계속]", "programme_kinds: [신규, 계속, 시범]")
    run = run_cli(*args)
    assert run.code == 0 and "새로 만듦 0개" in run.err, run.err
    assert remembered() == before and kept() == councils
    edit(site, "programme_kinds: [신규, 계속, 시범]", "programme_kinds: [계속, 시범]")
    refused = run_cli(*args)  # the word a programme uses, taken out: checked again and said
    assert refused.code == 1 and "alpha.md" in refused.err and "신규" in refused.err, refused.err
    assert "demo3/plans/2025/programmes/alpha.md" in refused.err  # every council that uses it
    edit(site, "programme_kinds: [계속, 시범]", "programme_kinds: [신규, 계속, 시범]")
    after = remembered()
    was = {rel: ((out / rel).stat().st_ino, (out / rel).read_bytes()) for rel in assembled}
    site.write_text(site.read_text(encoding="utf-8").replace("테스트 사이트", "시험 사이트"), encoding="utf-8")
    assert run_cli(*args).code == 0
    assert all(remembered()[name] != after[name] for name in after)  # every council made again
    # each assembled again: a new file where the bytes changed (the site's package names it), the
    # last build's file where they are the same (writer.Output._as_before)
    now = {rel: ((out / rel).stat().st_ino, (out / rel).read_bytes()) for rel in assembled}
    assert {rel for rel in assembled if now[rel][1] != was[rel][1]} == {"datapackage.json"}
    assert all((now[rel][0] != was[rel][0]) == (now[rel][1] != was[rel][1]) for rel in assembled)


def test_an_output_a_ci_cache_restored_is_taken_as_the_last_build(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GitHub's actions/cache keeps the output beside the cache (.github/workflows/site.yml)
    and restores both with `tar --posix`: every file a new inode, its time to the nanosecond,
    no spare beside the output. An edit's build after that makes only the edited page and
    links the rest, as it does over its own last output, and equals a fresh build. Restored
    by tar's older format, which keeps whole seconds, no file is as written: every page is
    made again, and the output is the same."""
    import yaml
    from conftest import sitegen_here

    from sitegen.engine.writer import Output

    for workflow in (ROOT / ".github/workflows/site.yml", ROOT / "sitegen/site_files/.github/workflows/sitegen.yml"):
        jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values()
        steps = [s for job in jobs for s in job["steps"]]
        used = [s for s in steps if "actions/cache" in s.get("uses", "")]
        cached = [(s["uses"], s["with"]["path"].split(), s["with"]["key"]) for s in used]
        both = [".sitegen-cache", "build"]  # both at once: one archive
        key = "sitegen-${{ github.run_id }}-${{ github.run_attempt }}"
        assert cached == [("actions/cache/restore@v4", both, key), ("actions/cache/save@v4", both, key)], workflow
        assert used[1]["if"] == "github.event_name != 'pull_request'"  # a pull request's run restores only
    linked: list[bool] = []  # an untouched council's files taken whole from the last output, or not
    link = Output.link_unchanged

    def linking(self: Output, previous: str, files: list[str], stamps: list[Any]) -> bool:
        linked.append(link(self, previous, files, stamps))
        return linked[-1]

    monkeypatch.setattr(Output, "link_unchanged", linking)
    shutil.copytree(minimal / "councils/demo", minimal / "councils/demo2")  # one untouched council
    work = tmp_path / "ci"
    out, cache = work / "build", own_cache(work / ".sitegen-cache")
    args = ("build", "--content", str(minimal), "--out", str(out), "--cache", str(cache), "--outputs", "web")
    programme = minimal / "councils/demo/plans/2025/programmes/alpha.md"

    def restored(*form: str) -> None:  # saved at the end of one job, restored at the start of the next
        archive = tmp_path / "cache.tar"
        subprocess.run(["tar", *form, "-cf", str(archive), "-C", str(work), "build", ".sitegen-cache"], check=True)
        shutil.rmtree(work)
        work.mkdir()
        subprocess.run(["tar", "-xf", str(archive), "-C", str(work)], check=True)
        archive.unlink()

    def built(old: str, new: str) -> int:
        time.sleep(0.06)  # the edit past fingerprint.RACY: no file of it hashed for its time
        edit(programme, old, new)
        run = sitegen_here(*args)
        assert run.code == 0, run.err
        return pages_made(run.err)

    first = sitegen_here(*args)
    assert first.code == 0, first.err
    every = pages_made(first.err)
    assert built("- 본문", "- 고친 본문") == 1  # over its own output
    restored("--posix")
    inodes_before = inodes(out)
    linked.clear()
    assert built("- 고친 본문", "- 다시 고친 본문") == 1 and linked == [True]
    fresh = sitegen_here(*args[:3], "--out", str(tmp_path / "fresh"), *args[5:])
    assert fresh.code == 0, fresh.err
    assert tree(out) == tree(tmp_path / "fresh")
    assert set(inodes_before.items()) & set(inodes(out).items())  # the restored files linked, not written
    restored("--format=gnu")
    made = built("- 다시 고친 본문", "- 또 고친 본문")
    probe = tmp_path / "probe"
    probe.touch()
    if probe.stat().st_mtime_ns % 10**6:  # times finer than whole seconds here: none kept by that format
        assert made == every
    assert sitegen_here(*args[:3], "--out", str(tmp_path / "fresh2"), *args[5:]).code == 0
    assert tree(out) == tree(tmp_path / "fresh2")


def test_a_commit_of_the_same_day_makes_again_only_the_pages_it_changed(tmp_path: Path, monkeypatch) -> None:
    """Pages show the day their sources were last committed (base.html's last-changed). A
    commit on the day of the one before changes no page's day: its build (a CI job's on each
    push of a working day) makes only the page of the edited programme and build-info's (which
    counts the untouched council's programmes without unpickling them), and its output is a
    fresh build's. A commit on a later day makes every page that shows the day again."""
    from conftest import git, sitegen_here

    from sitegen.content import councilcache

    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-03-02T09:00:00+09:00")
    origin = committed_site(tmp_path / "site", councils=2)
    opened: list[int] = []  # an untouched council's programmes and articles unpickled
    monkeypatch.setattr(
        councilcache._Held, "open", lambda held, was=councilcache._Held.open: opened.append(1) or was(held)
    )
    content, out, cache = origin / "content", tmp_path / "build", own_cache(tmp_path / "cache")
    args = ("build", "--content", str(content), "--out", str(out), "--cache", str(cache), "--outputs", "web")
    programme = content / "councils/demo/plans/2025/programmes/alpha.md"

    def committed(old: str, new: str, when: str) -> tuple[int, str]:
        time.sleep(0.06)  # past fingerprint.RACY
        edit(programme, old, new)
        monkeypatch.setenv("GIT_COMMITTER_DATE", when)
        git(origin, "commit", "-q", "-am", "고침")
        run = sitegen_here(*args)
        assert run.code == 0, run.err
        return pages_made(run.err), (out / "demo/2025/index.html").read_text(encoding="utf-8")

    first = sitegen_here(*args)
    assert first.code == 0, first.err
    before = tree(out)
    opened.clear()
    made, plan = committed("- 본문", "- 고친 본문", "2026-03-02T17:30:00+09:00")
    assert opened == []  # build-info counts the other council's programmes as the cache holds them
    pages = sorted(k for k, v in tree(out).items() if v != before.get(k) and k.endswith(".html"))
    # the programme's page, and build-info's, which names the commit
    assert made == 2 and pages == ["build-info/index.html", "demo/2025/alpha/index.html"], pages
    assert '<dd class="last-changed">2026. 3. 2.</dd>' in plan
    fresh = sitegen_here(*args[:3], "--out", str(tmp_path / "fresh"), *args[5:])
    assert fresh.code == 0, fresh.err
    assert tree(out) == tree(tmp_path / "fresh")
    made, plan = committed("- 고친 본문", "- 다시 고친 본문", "2026-03-03T08:10:00+09:00")
    assert made > 2 and '<dd class="last-changed">2026. 3. 3.</dd>' in plan


def test_a_file_of_the_spare_is_taken_only_as_the_very_file_written(minimal: Path, tmp_path: Path) -> None:
    """The spare (the build before the last, written over by the next build) holds a page
    of the same size as the last build's, and (on a file system whose times are whole
    seconds, say) the same time: it is another file, not taken; the output equals a fresh
    build. (The last build's own files are known by size and time alone: a CI's restore.)"""
    from conftest import sitegen_here

    from sitegen.engine.writer import spare_of

    shutil.copytree(minimal / "councils/demo", minimal / "councils/demo2")
    out, cache = tmp_path / "build", own_cache(tmp_path / "cache")
    args = ("build", "--content", str(minimal), "--out", str(out), "--cache", str(cache), "--outputs", "web")

    def built(council: str, old: str, new: str) -> None:
        time.sleep(0.06)  # past fingerprint.RACY
        edit(minimal / f"councils/{council}/plans/2025/programmes/alpha.md", old, new)
        run = sitegen_here(*args)
        assert run.code == 0, run.err

    assert sitegen_here(*args).code == 0
    before = tree(out)
    built("demo2", "- 본문", "- 본몬")  # as many bytes
    spare, now = spare_of(out.resolve()), tree(out)
    same_size = [
        rel
        for rel in now
        if now[rel] != before.get(rel)
        and (spare / rel).is_file()
        and (spare / rel).stat().st_size == (out / rel).stat().st_size
    ]
    assert "demo2/2025/alpha/index.html" in same_size
    for rel in same_size:  # the last build's time on the spare's other file
        st = (out / rel).stat()
        os.utime(spare / rel, ns=(st.st_atime_ns, st.st_mtime_ns))
    built("demo", "- 본문", "- 고친 본문")  # demo2 untouched: its files taken
    assert sitegen_here(*args[:3], "--out", str(tmp_path / "fresh"), *args[5:]).code == 0
    assert tree(out) == tree(tmp_path / "fresh")


def test_the_untouched_councils_files_are_looked_at_ahead_while_the_content_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit's build looks at every file the untouched councils' pages left (one stat each:
    still the very file written?) in a child forked before the content is loaded, on the
    core the load leaves idle: the build itself looks at none of them. A council the child
    did not find as written (a page written into in place), or whose files' stamps are not
    the ones its record was kept with, is looked at and made again as before; the verdict
    holds only for the folder the child looked at; the child is reaped however the command
    ends. Each output equals a build without a cache."""
    from conftest import sitegen_here

    from sitegen.engine import lookahead, writer
    from sitegen.engine.writer import Output, spare_of

    content, cache, out, args = three_councils(tmp_path)
    prog = content / "councils/demo2/plans/2025/programmes/alpha.md"
    looked_at: list[str] = []  # the files the build looked at itself (link_unchanged)
    vouched: dict[str, bool] = {}
    children: list[int] = []
    link, vouches, start = Output.link_unchanged, lookahead.Ahead.vouches, lookahead.Ahead.__init__

    def linking(self: Output, previous: str, files: list[str], stamps: list[Any]) -> bool:
        looked_at.extend(files)
        return link(self, previous, files, stamps)

    def vouching(self: lookahead.Ahead, name: str, token: str, root: Path) -> bool:
        vouched[name] = found = vouches(self, name, token, root)
        return found

    def starting(self: lookahead.Ahead, jobs: list[Any]) -> None:
        start(self, jobs)
        children.extend([self.pid] if self.pid else [])  # none forked when nothing was recorded

    monkeypatch.setattr(Output, "link_unchanged", linking)
    monkeypatch.setattr(lookahead.Ahead, "vouches", vouching)
    monkeypatch.setattr(lookahead.Ahead, "__init__", starting)

    def built(old: str, new: str) -> None:
        edit(prog, old, new)
        looked_at.clear(), vouched.clear()
        run = sitegen_here(*args)
        assert run.code == 0, run.err
        for pid in children:  # each child reaped: gone, not a zombie
            with pytest.raises(ProcessLookupError):
                os.kill(pid, 0)

    def fresh(name: str) -> dict[str, str]:
        run = sitegen_here("build", "--content", str(content), "--outputs", "web", "--out", str(tmp_path / name))
        assert run.code == 0, run.err
        return tree(tmp_path / name)

    assert sitegen_here(*args).code == 0
    built("- 본문", "- 고친 본문")  # the first build's files now the spare: the next build's to write over
    built("- 고친 본문", "- 다시 고친 본문")
    assert vouched == {"demo": True, "demo3": True}  # demo2's pages read the edit: not a candidate
    assert looked_at == [] and tree(out) == fresh("fresh1")
    # a page of the spare written into in place (as an editor's fix in the live site is: its
    # files are the same inodes): that council looked at here, and made again
    spare = spare_of(out.resolve())
    with (spare / "demo3/2025/index.html").open("r+b") as f:
        f.write(b"<!-- by hand -->")
    built("- 다시 고친 본문", "- 또 고친 본문")
    assert vouched == {"demo": True, "demo3": False}
    assert {rel.split("/")[0] for rel in looked_at} == {"demo3"} and tree(out) == fresh("fresh2")
    # stamps not the ones the record was kept with (another write's): not vouched for, made again
    records = lookahead.records_folder(cache, out)
    files, stamps = pickle.loads((records / "demo.look.pickle").read_bytes())[1:]
    lookahead.keep(records, "demo", files, stamps)
    was = (records / "demo.whole.pickle").stat().st_mtime_ns
    built("- 또 고친 본문", "- 고친 본문")
    assert vouched["demo"] is False and (records / "demo.whole.pickle").stat().st_mtime_ns != was
    assert tree(out) == fresh("fresh3")
    # the verdict is for the folder looked at: the same files in another folder are not vouched
    spare = spare_of(out.resolve())
    ahead = lookahead.Ahead([functools.partial(lookahead.look, records, spare)])
    linked = shutil.copytree(spare, tmp_path / "linked", copy_function=os.link)
    token = pickle.loads((records / "demo3.look.pickle").read_bytes())[0]
    assert ahead.vouches("demo3", token, spare) and not ahead.vouches("demo3", token, linked)
    assert not ahead.vouches("demo3", "another", spare)
    # the folders too: each looked at ahead (their records taken: as if the clock's tick had
    # passed), and stated again by the prune where the build wrote: a programme renamed in
    # demo2 leaves as many entries in its plan's folder, and the old page is removed
    monkeypatch.setattr(writer, "SETTLED_NS", 0)
    built("- 고친 본문", "- 또 고친 본문")
    stated: list[str] = []  # the folders the prune stated itself
    lstat = os.lstat

    def stating(path: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(path, str) and "/.build-out-" in path:
            rel = path.split("/.build-out-", 1)[1].partition("/")[2]
            stated.append(f"{rel}/" if rel else "")
        return lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", stating)
    built("- 또 고친 본문", "- 고친 본문")
    monkeypatch.setattr(os, "lstat", lstat)
    assert "demo2/2025/alpha/data/" in stated  # demo2's pages made again: their folders stated
    assert not [f for f in stated if f.startswith(("demo/2025/alpha", "demo3/2025/alpha"))], stated
    prog.rename(prog.with_name("gamma.md"))
    edit(content / "councils/demo2/plans/2025/plan.yaml", "[alpha]", "[gamma]")
    run = sitegen_here(*args)
    assert run.code == 0, run.err
    assert (out / "demo2/2025/gamma").is_dir() and tree(out) == fresh("fresh4")
    # a build refused for its content: the child stopped and reaped all the same
    edit(content / "site.yaml", "title: 테스트 사이트", "title: [테스트 사이트")
    children.clear()
    assert sitegen_here(*args).code == 1 and len(children) == 1
    with pytest.raises(ProcessLookupError):
        os.kill(children[0], 0)


def test_councils_loaded_side_by_side_give_the_same_site_and_problems(tmp_path: Path, monkeypatch) -> None:
    """With many councils and nothing parsed yet, councils load in forked processes: the
    problems reported and the site loaded are those of loading one by one."""
    from conftest import FIXTURES, copy_site

    import sitegen.content.loader as loader_module
    from sitegen.problems import ContentError

    content = copy_site(FIXTURES / "minimal", tmp_path)
    for n in range(2, 9):
        shutil.copytree(content / "councils/demo", content / f"councils/demo{n}")
    broken = [content / f"councils/demo{n}/plans/2025/programmes/alpha.md" for n in (3, 7)]
    for path in broken:
        path.write_text(path.read_text(encoding="utf-8").replace("kind: 신규", "kind: 새것"), encoding="utf-8")

    def problems() -> list[str]:
        with pytest.raises(ContentError) as raised:
            loader_module.Loader(content).load()
        return sorted(p.format() for p in raised.value.problems.items)

    def site() -> list[tuple[str, str]]:
        loaded = loader_module.Loader(content).load()
        return [(p.url, p.data.model_dump_json()) for p in loaded.all_programmes()]

    assert loader_module.PER_WORKER * 2 <= 8  # two workers, on this two-core machine
    side_by_side = problems()
    assert [p for p in side_by_side if "demo3/" in p] and [p for p in side_by_side if "demo7/" in p], side_by_side
    for path in broken:
        path.write_text(path.read_text(encoding="utf-8").replace("kind: 새것", "kind: 신규"), encoding="utf-8")
    loaded_side_by_side = site()
    assert len(loaded_side_by_side) == 8
    for path in broken:
        path.write_text(path.read_text(encoding="utf-8").replace("kind: 신규", "kind: 새것"), encoding="utf-8")
    monkeypatch.setattr(loader_module, "PER_WORKER", 1_000_000)  # one by one
    assert problems() == side_by_side
    for path in broken:
        path.write_text(path.read_text(encoding="utf-8").replace("kind: 새것", "kind: 신규"), encoding="utf-8")
    assert site() == loaded_side_by_side


def test_the_preview_checks_every_council_again_when_site_yaml_breaks(tmp_path: Path) -> None:
    """A site.yaml that does not load leaves the default vocabularies: the preview, which
    keeps councils checked against the site's own, checks them all again and says what a
    load with nothing kept says (a word of the site's own vocabulary, unknown now). It had
    kept them: a broken site.yaml had no digest, so every kept council seemed current."""
    from conftest import FIXTURES, copy_site

    from sitegen.content.loader import Loader
    from sitegen.problems import ContentError

    content = copy_site(FIXTURES / "minimal", tmp_path)
    site, prog = content / "site.yaml", content / "councils/demo/plans/2025/programmes/alpha.md"
    edit(site, "title: 테스트 사이트", "title: 테스트 사이트\nvocabularies:\n  programme_kinds: [신규, 계속, 시범]")
    edit(prog, "kind: 신규", "kind: 시범")

    def errors(kept: dict | None, changed: set[Path] | None) -> tuple[dict, list[str]]:
        loader = Loader(content, None, kept, changed)
        try:
            loader.load()
        except ContentError as e:
            return loader.kept_now, sorted(p.format() for p in e.problems.errors)
        return loader.kept_now, []

    kept, found = errors({}, None)
    assert found == []
    edit(site, "title: 테스트 사이트", "title: [테스트 사이트]")
    _, fresh = errors(None, None)
    assert any("alpha.md" in line and "시범" in line for line in fresh), fresh
    assert errors(kept, {site.resolve()})[1] == fresh


@pytest.mark.parametrize("forked", [False, True], ids=["in-process", "forked"])
@pytest.mark.parametrize("told", [False, True], ids=["looked-at", "told-by-watcher"])
def test_the_preview_keeps_councils_whose_files_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, told: bool, forked: bool
) -> None:
    """`sitegen serve` loads again only the councils with an edited file: the others are the
    same objects as last time, with their notes reported again; an edit of site.yaml (the
    vocabularies every council is checked against) loads them all. Whether the loader looks
    at every council's files or is told which changed (by the preview's watcher), and when
    the first load was made by forked workers (a big site with no parse cache yet)."""
    from conftest import copy_site

    from sitegen.content import loader as loading
    from sitegen.content.loader import Loader

    if forked:  # a worker for every council: the default site's three load side by side
        monkeypatch.setattr(loading, "PER_WORKER", 1)
    content = copy_site(CONTENT, tmp_path)
    edits: set[Path] = set()

    def load(kept: dict) -> tuple[dict, dict, list[str]]:
        loader = Loader(content, None, kept, {p.resolve() for p in edits} if told and kept else None)
        edits.clear()
        site = loader.load()
        notes = sorted(p.format() for p in loader.problems.items)
        return {c.slug: c for c in site.councils}, loader.kept_now, notes

    first, kept, notes = load({})
    assert notes and len(first) == 3
    prog = content / "councils/ulsan-junggu/plans/2026/programmes/youtube.md"
    prog.write_text(prog.read_text(encoding="utf-8").replace("재정비가 필요한", "재정비가 꼭 필요한"), encoding="utf-8")
    edits.add(prog)
    second, kept, again = load(kept)
    assert second["eumseong"] is first["eumseong"] and second["geumcheon"] is first["geumcheon"]
    assert second["ulsan-junggu"] is not first["ulsan-junggu"]
    edited = second["ulsan-junggu"].plans[-1].programme("youtube")
    assert edited is not None and "구독자와 조회수 확대를 위해 재정비가 꼭 필요한 실정" in edited.data.need
    assert again == notes
    site_file = content / "site.yaml"
    site_file.write_text(site_file.read_text(encoding="utf-8") + "\n# 고침\n", encoding="utf-8")
    edits.add(site_file)
    third, _, _ = load(kept)
    assert not any(third[slug] is second[slug] for slug in third)


def test_the_preview_reloads_only_the_edited_plan_and_links_it_again(tmp_path: Path) -> None:
    """Told by the watcher which file changed, the preview reloads that file's plan only: the
    council's other plans are the objects it had, and the continuations between plans are
    linked again to the reloaded programmes, as a fresh load links them, with the same notes.
    Both ways: an edit of the programme that continues, and of the one it continues."""
    from conftest import copy_site

    from sitegen.content.loader import Loader

    content = copy_site(CONTENT, tmp_path)
    plans = content / "councils/geumcheon/plans"

    def links(site: SiteModel) -> dict[str, tuple[str, list[str]]]:
        return {
            p.url: (p.continues.url if p.continues else "", sorted(c.url for c in p.continued_by))
            for council in site.councils
            for plan in council.plans
            for p in plan.programmes
        }

    def notes(loader: Loader) -> list[str]:
        return sorted(p.format() for p in loader.problems.items)

    def geumcheon(site: SiteModel) -> CouncilEntry:
        return next(c for c in site.councils if c.slug == "geumcheon")

    loader = Loader(content, None, {}, None)
    site, kept = loader.load(), loader.kept_now
    for edited, untouched in (("2025/programmes/press.md", "2022"), ("2022/programmes/press-relations.md", "2025")):
        path = plans / edited
        path.write_text(path.read_text(encoding="utf-8") + "\n미리 보기 확인 문장.\n", encoding="utf-8")
        loader = Loader(content, None, kept, {path.resolve()})
        again, kept = loader.load(), loader.kept_now
        fresh = Loader(content, None)
        before, now = ({p.slug: p for p in geumcheon(s).plans} for s in (site, again))
        assert now[untouched] is before[untouched] and now[edited[:4]] is not before[edited[:4]]
        assert now[untouched].council is geumcheon(again)
        found = links(again)
        assert found == links(fresh.load()) and found["geumcheon/2025/press/"][0] == "geumcheon/2022/press-relations/"
        assert found["geumcheon/2022/press-relations/"][1] == ["geumcheon/2025/press/"]
        assert notes(loader) == notes(fresh)
        site = again


@pytest.mark.slow
def test_the_preview_takes_councils_whose_pages_read_nothing_changed_whole(tmp_path: Path) -> None:
    """After an edit in one council, the preview takes every other council's pages as the
    last build left them (their record objects, no page looked at); an edit that they read
    (a template) renders them again."""
    from conftest import copy_site

    from sitegen.settings import Settings
    from sitegen.workflow.serve import Preview

    content = copy_site(CONTENT, tmp_path)
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    preview = Preview(Settings.resolve(content, own_cache(tmp_path / "cache"), theme), tmp_path / "live")
    assert preview.rebuild() and preview.rebuild(set())
    first = dict(preview.memory.outputs["web"])
    prog = next(content.glob("councils/eumseong/plans/*/programmes/e-fax.md"))
    prog.write_text(prog.read_text(encoding="utf-8") + "\n미리 보기 확인 문장.\n", encoding="utf-8")
    assert preview.rebuild({prog.resolve()})
    second = dict(preview.memory.outputs["web"])
    assert second.keys() == first.keys() == {"eumseong", "geumcheon", "ulsan-junggu"}
    assert second["geumcheon"][1].files == first["geumcheon"][1].files
    for slug in ("geumcheon", "ulsan-junggu"):
        assert second[slug][1].made == 0 and second[slug][0] is first[slug][0]
    assert second["eumseong"][1].made == 1 and second["eumseong"][0] is not first["eumseong"][0]
    override = theme / "templates/programme.html"
    base = (ROOT / "themes/default/templates/programme.html").read_text(encoding="utf-8")
    override.write_text(base.replace("</h1>", "</h1><p>덮어쓴 틀</p>", 1), encoding="utf-8")
    assert preview.rebuild({override.resolve()})
    assert all(rendered.made > 0 for _, rendered in preview.memory.outputs["web"].values())
    page = next(preview.out.glob("geumcheon/*/press/index.html"))
    assert "덮어쓴 틀" in page.read_text(encoding="utf-8")


def test_a_markdown_cache_damaged_inside_is_found_where_it_is_read_and_started_afresh(tmp_path: Path) -> None:
    """The Markdown cache is not checked whole on every build (SQLite reads all of it for
    that). A file damaged past its header and schema is found where a build reads it: the
    text rendered, never taken from the damage, and said beside the file, so the next build
    starts it afresh."""
    import sqlite3

    from sitegen.outputs.markdown import DAMAGED, MarkdownCache, render

    folder = tmp_path / "markdown"
    texts = [f"## 문단 {n}\n\n" + f"본문 {n}입니다. " * 40 for n in range(300)]
    made = MarkdownCache(folder)
    wanted = [made.render(t) for t in texts]
    made.close()
    db = folder / "markdown.sqlite"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = db.read_bytes()
    assert len(data) > 20 * size  # the table's pages past the first two: the header and schema stay
    db.write_bytes(data[: 2 * size] + b"\xff" * (len(data) - 2 * size))
    damaged = MarkdownCache(folder)
    assert [damaged.render(t) for t in texts] == wanted == [render(t) for t in texts]
    damaged.close()
    assert (folder / DAMAGED).exists()
    again = MarkdownCache(folder)
    assert not (folder / DAMAGED).exists()
    assert [again.render(t) for t in texts[:3]] == wanted[:3]
    again.close()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM md2").fetchone()[0] == 3  # afresh: only these


def test_forked_renderers_share_a_new_markdown_cache(tmp_path: Path) -> None:
    """Workers forked as a build forks them (right after the cache is chosen, the file not
    made yet) all render and write at once: none fails on a locked database, and every
    worker's Markdown is in the cache afterwards."""
    import multiprocessing
    import sqlite3

    from sitegen.outputs.markdown import MarkdownCache

    folder = tmp_path / "markdown"
    markdown = MarkdownCache(folder)
    # made before any worker is forked, switched to WAL, with its table: the race of workers
    # making it at once is rare enough that the run below alone passes without this
    made = sqlite3.connect(folder / "markdown.sqlite")
    try:
        assert made.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert made.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [("md2",)]
    finally:
        made.close()
    start = multiprocessing.get_context("fork").Barrier(8)

    def worker(n: int) -> None:
        start.wait()
        for i in range(300):
            markdown.render(f"## 문단 {n}-{i}\n\n본문 {n}-{i}입니다.")
        markdown.flush()

    try:
        procs = [multiprocessing.get_context("fork").Process(target=worker, args=(n,)) for n in range(8)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(120)
        assert [p.exitcode for p in procs] == [0] * 8
    finally:
        markdown.close()
    db = sqlite3.connect(folder / "markdown.sqlite")
    try:
        assert db.execute("SELECT count(*) FROM md2").fetchone()[0] == 8 * 300
    finally:
        db.close()


def test_a_worker_that_opens_the_markdown_cache_as_another_build_starts_it_afresh_writes(tmp_path: Path) -> None:
    """A build that finds the cache damaged starts its file afresh (removed, made again, its
    table created). A worker of another build that opens the file between the making and
    the table found no table: its flush failed the build. Its Markdown is rendered all the
    same, and what it would have kept is let go: the other build makes the table."""
    import multiprocessing
    import sqlite3

    from sitegen.outputs.markdown import MarkdownCache, render

    folder = tmp_path / "markdown"
    markdown = MarkdownCache(folder)  # this build's, made before its workers are forked
    texts = [f"## 문단 {n}\n\n본문 {n}입니다." for n in range(20)]
    # the other build, part way through starting it afresh: the file made, the table not yet
    for name in ("markdown.sqlite", "markdown.sqlite-wal", "markdown.sqlite-shm"):
        (folder / name).unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(folder / "markdown.sqlite")) as other:
        assert other.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"

    def worker() -> None:  # opens the file anew, as a forked worker does
        assert [markdown.render(t) for t in texts] == [render(t) for t in texts]
        markdown.flush()

    proc = multiprocessing.get_context("fork").Process(target=worker)
    proc.start()
    proc.join(60)
    markdown.close()
    assert proc.exitcode == 0
    with contextlib.closing(sqlite3.connect(folder / "markdown.sqlite")) as db:  # no table made by it
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == []
    again = MarkdownCache(folder)  # the other build, or the next, makes the table: the cache works
    try:
        assert [again.render(t) for t in texts] == [render(t) for t in texts]
        again.flush()
        assert [again.render(t) for t in texts] == [render(t) for t in texts] and not again.pending
    finally:
        again.close()


@pytest.mark.slow
def test_the_preview_written_over_in_place_equals_a_fresh_preview(tmp_path: Path) -> None:
    """After the first build, `sitegen serve` writes in place, in its own process, over what
    it built before. Through an edit, a removed programme, a template edit and a template
    that fails (and is mended), its folder stays what a fresh preview build of the same
    sources writes, file for file, and so does the search index it serves from memory."""
    from conftest import copy_site

    from sitegen.settings import Settings
    from sitegen.workflow.serve import Preview

    content = copy_site(CONTENT, tmp_path)
    theme = tmp_path / "theme"
    (theme / "templates").mkdir(parents=True)
    preview = Preview(Settings.resolve(content, own_cache(tmp_path / "cache"), theme), tmp_path / "live")
    assert preview.rebuild() and preview.live is not None

    def same_as_fresh(n: int) -> None:
        fresh = Preview(Settings.resolve(content, own_cache(tmp_path / f"cache{n}"), theme), tmp_path / f"fresh{n}")
        assert fresh.rebuild()
        assert tree(preview.out) == tree(fresh.out)
        search = "search/index.json"
        assert preview.on_request[search]() == fresh.on_request[search]()

    prog = next(content.glob("councils/eumseong/plans/*/programmes/e-fax.md"))
    prog.write_text(prog.read_text(encoding="utf-8") + "\n미리 보기 확인 문장.\n", encoding="utf-8")
    assert preview.rebuild({prog.resolve()}) and preview.live is not None
    page = next(preview.out.glob("eumseong/*/e-fax/index.html"))
    assert "미리 보기 확인 문장" in page.read_text(encoding="utf-8")
    same_as_fresh(1)
    # a programme none of whose characters is only its own: the fonts stay cut as they were
    other = next(content.glob("councils/eumseong/plans/*/programmes/news.md"))
    assert list(preview.out.glob("eumseong/*/news/index.html"))
    other.unlink()
    plan = other.parent.parent / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("      - news\n", ""), encoding="utf-8")
    assert preview.rebuild({other.resolve(), plan.resolve()}), preview.errors
    assert not list(preview.out.glob("eumseong/*/news/"))
    same_as_fresh(2)
    base = (ROOT / "themes/default/templates/programme.html").read_text(encoding="utf-8")
    override = theme / "templates/programme.html"
    override.write_text(base.replace("</h1>", "</h1><p>덮어쓴 틀</p>", 1), encoding="utf-8")
    assert preview.rebuild({override.resolve()})
    assert "덮어쓴 틀" in page.read_text(encoding="utf-8")
    same_as_fresh(3)
    override.write_text(base.replace("</h1>", "</h1>{{ no_such_name.attribute }}", 1), encoding="utf-8")
    assert not preview.rebuild({override.resolve()}) and preview.errors and preview.live is None
    override.write_text(base.replace("</h1>", "</h1><p>고친 틀</p>", 1), encoding="utf-8")
    assert preview.rebuild({override.resolve()}) and preview.live is not None
    assert "고친 틀" in page.read_text(encoding="utf-8")
    same_as_fresh(4)


def test_a_page_s_text_for_search_has_every_run_of_white_space_as_one_space() -> None:
    """Whatever Unicode calls white space (a paste brings U+3000 and no-break spaces) is a
    word's end in the search index, and runs of it one space."""
    from sitegen.outputs.web.search import page_parts

    spaces = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    html = f"<main><h1>{spaces}예산{spaces}</h1><h2>가&nbsp;나</h2><p>다{spaces}<b>라</b>\u200b마</p></main>"
    assert page_parts(html) == ("예산", ["가 나"], "예산 가 나 다 라 \u200b마")


def test_the_search_index_joined_and_written_piece_by_piece_is_plain_json(monkeypatch) -> None:
    """Renderers send their indexes compacted (postings as arrays, documents without their
    bigrams) and the joined index is written as UTF-8 piece by piece: the bytes are exactly
    json.dumps of the same documents and postings, joined from the full indexes, written
    in many pieces as in one."""
    import json

    from sitegen.outputs.web import search
    from sitegen.outputs.web.search import SearchIndex

    parts = []
    for k in range(3):
        part = SearchIndex()
        for i in range(40):
            html = f'<main><h1>제목 "{i}" \\ {k}</h1><p>홍보예산은 {i * 7}천원, 사업\u2028설명 {k}</p></main>'
            part.add(f"/c{k}/{i}/", html, f"맥락 {k}")
        parts.append(part)
    joined, plain = SearchIndex(), SearchIndex()
    for part in parts:
        joined.join(part.compact())
        plain.join(part)
    plain.index()
    data = {
        "docs": [{"u": d.url, "t": d.title, "c": d.context, "h": d.headings, "x": d.text} for d in plain.docs],
        "grams": {g: list(ids) for g, ids in sorted(plain.postings.items())},
    }
    expected = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert joined.to_json() == expected
    assert json.loads(expected)["grams"]["예산"] == list(range(120))  # numbers offset part by part
    monkeypatch.setattr(search, "PIECE", 300)  # pieces of documents and of postings, as a big site's
    pieces = list(joined.pieces())
    assert len(pieces) > 20 and b"".join(pieces) == expected


def test_the_search_index_spliced_from_the_last_file_is_the_file_written_whole(monkeypatch) -> None:
    """An edit's build splices the index from the last build's file (searchfile.py): the
    changed parts' documents and their runs of numbers in each bigram they had or have
    written anew, the rest copied. Byte for byte the file written whole, with the layout the
    whole file has (so the next build splices from it again), through edits that add and
    drop bigrams, in the first, a middle and the last part, a site-wide page's part and an
    empty one; parts that do not fit (another count of pages, another base, another number
    of parts, most of them changed) are written whole."""
    import json

    from sitegen.outputs.web import search
    from sitegen.outputs.web.search import SearchIndex
    from sitegen.outputs.web.searchfile import changes, chunked, layout_of, part_of, spliced, whole

    def council(k: int, words: str, pages: int = 30) -> SearchIndex:
        index = SearchIndex()
        for i in range(pages):
            index.add(f"/c{k}/{i}/", f"<main><h1>제목 {i}</h1><p>{words} 예산 {i % 7} 번째</p></main>", f"맥락 {k}")
        return index.compact()

    def page(words: str) -> SearchIndex:  # a site-wide page's part: not compacted
        index = SearchIndex()
        index.add("/compare/", f"<main><h1>비교</h1><p>{words}</p></main>", "")
        return index

    def written(parts: list[SearchIndex]) -> tuple[bytes, search.Layout]:
        found = [part_of(p) for p in parts]
        layout = layout_of(found, "base")
        return b"".join(whole(found, layout)), layout

    monkeypatch.setattr(search, "PIECE", 500)  # written in many pieces, as a big site's
    words = ["홍보 소통 강화", "도로 정비 사업", "청년 일자리 지원", "복지 돌봄"]
    site = [council(k, w) for k, w in enumerate(words)] + [SearchIndex(), page("모든 구 비교")]
    data, layout = written(site)
    edits = [
        (1, council(1, "도로 포장 사업 새말")),  # 정비 dropped, 포장 and 새말 new
        (0, council(0, "홍보 소통")),  # the first part, 강화 dropped
        (3, council(3, "복지 돌봄 쉼터")),  # the last council
        (5, page("모든 구 비교 새로")),  # the site-wide page after them
    ]
    for n, (at, changed) in enumerate(edits):
        site[at] = changed
        if n == 3:
            site[2] = council(2, "청년 일자리 창업")  # two parts at once
        expected, expected_layout = written(site)
        parts = [part_of(p) for p in site]
        changed = changes(parts, layout, "base")
        assert changed == ([at] if n < 3 else [2, at])
        got = spliced(parts, layout, data, "base", changed)
        assert got is not None
        pieces, layout = got
        data = b"".join(chunked(pieces))
        assert data == expected
        assert (layout.grams, list(layout.starts), list(layout.ends), layout.spans) == (
            expected_layout.grams,
            list(expected_layout.starts),
            list(expected_layout.ends),
            expected_layout.spans,
        )
    index = json.loads(data)
    assert "정비" not in index["grams"] and "새말" in index["grams"] and "쉼터" in index["grams"]
    assert index["grams"]["포장"] == list(range(30, 60))  # the second council's pages
    refused = [council(k, w) for k, w in enumerate(words)] + [SearchIndex(), page("모든 구 비교")]
    refused[1] = council(1, "도로", pages=31)
    assert changes([part_of(p) for p in refused], layout, "base") is None
    assert changes([part_of(p) for p in site], layout, "another base") is None
    assert changes([part_of(p) for p in site[:-1]], layout, "base") is None
    most = [council(k, w + " 모두") for k, w in enumerate(words)] + site[4:]
    assert changes([part_of(p) for p in most], layout, "base") is None


def test_entries_stay_packed_until_read_and_are_packed_again_after_each_council(tmp_path: Path) -> None:
    """The loaded site keeps every programme's and article's data and body packed (their
    pickle, compressed Markdown); reading one opens it, the same as parsed, and rendering a
    council's pages leaves nothing open behind it."""
    from sitegen.build import dependency_graph
    from sitegen.content import packed
    from sitegen.content.loader import Loader
    from sitegen.engine.writer import Output
    from sitegen.outputs.theme import Theme
    from sitegen.outputs.web.output import _render_one
    from sitegen.outputs.web.pages import WebRenderer
    from sitegen.settings import Settings

    site = Loader(CONTENT, tmp_path / "cache").load()
    fresh = Loader(CONTENT).load()  # no parse cache: every file parsed
    entries = [g for p in site.all_plans() for g in p.programmes]
    entries += [a for e in site.all_editions() for a in e.articles]
    assert entries and not packed.opened()
    for entry in entries:
        assert isinstance(entry.__dict__["data"], packed.Packed) and entry.__dict__["data"].value is None
        assert isinstance(entry.__dict__["body"], packed.Packed) and entry.__dict__["body"].value is None
    again = {g.url: g for p in fresh.all_plans() for g in p.programmes}
    for entry in entries[:5]:
        assert entry.data == again[entry.url].data and entry.body == again[entry.url].body
    assert len(packed.opened()) == 20  # five entries of each site, data and body
    packed.close_all()
    theme = Theme(Settings.resolve(CONTENT).theme_dirs(site.config.theme), site.config.language)
    web = WebRenderer(site, theme)
    (tmp_path / "out").mkdir()
    graph = dependency_graph(site, theme, {}, tmp_path / "out", tmp_path / "cache")
    rendered = _render_one(web, graph, 0, Output(tmp_path / "out"))
    assert rendered.made > 0 and not packed.opened()


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="workers are forked only with a second core")
def test_site_wide_files_to_be_made_are_made_side_by_side_as_one_by_one(minimal: Path) -> None:
    """The site-wide files a build makes (every plan's data package, the site's, the figures
    files) were made one after another in the parent after a cold build, with the other core
    idle. A build that may fork makes them in forked workers, after asking the parent to work
    out what they share; the files are those made one by one in the parent (the preview's
    way), whatever order they come in. A small site's few tables are made in the parent:
    forking took longer than making them."""
    from sitegen.content.loader import load
    from sitegen.outputs.theme import Theme
    from sitegen.outputs.web.pages import FORKED_TABLES, WebRenderer
    from sitegen.settings import Settings

    site = load(minimal)
    web = WebRenderer(site, Theme(Settings.resolve(minimal).theme_dirs(site.config.theme), site.config.language))
    wanted: list[Any] = [
        (f"{n}/datapackage.json", [str(n)], functools.partial(lambda n: f"{n} {os.getpid()}".encode(), n))
        for n in range(7)
    ]
    asked: list[set[str]] = []

    def ready(tables: int) -> Any:  # the files to be made noted; the site's tables said
        return lambda made: asked.append(made) or tables

    web.parallel = True
    forked = dict(web.assembled_files(wanted, ready(FORKED_TABLES)))
    few = dict(web.assembled_files(wanted, ready(FORKED_TABLES - 1)))
    web.parallel = False
    alone = dict(web.assembled_files(wanted, ready(FORKED_TABLES)))
    assert asked == [{rel for rel, _, _ in wanted}] * 3
    made_by = {data.split()[1] for data in forked.values()}
    assert made_by and str(os.getpid()).encode() not in made_by  # in workers, not the parent
    assert {data.split()[1] for data in alone.values()} == {str(os.getpid()).encode()}
    assert {data.split()[1] for data in few.values()} == {str(os.getpid()).encode()}
    assert {rel: data.split()[0] for rel, data in forked.items()} == {
        rel: data.split()[0] for rel, data in alone.items()
    }
    assert len(forked) == len(wanted)


def test_compiled_templates_are_kept_in_the_cache_and_a_damaged_one_is_compiled_again(tmp_path: Path) -> None:
    from jinja2 import DictLoader, Environment

    from sitegen.outputs.theme import CompiledTemplates

    def render(cache: CompiledTemplates) -> str:
        env = Environment(loader=DictLoader({"t.html": "{{ a }}와 {{ b }}"}), bytecode_cache=cache)
        return env.get_template("t.html").render(a="예산", b="사업")

    assert render(CompiledTemplates(tmp_path)) == "예산와 사업"
    (kept,) = tmp_path.rglob("*.bc")
    made = kept.read_bytes()
    assert render(CompiledTemplates(tmp_path)) == "예산와 사업" and kept.read_bytes() == made  # taken, not made
    kept.write_bytes(made[:-9] + b"\x00" * 9)  # altered at the end: marshal's data
    assert render(CompiledTemplates(tmp_path)) == "예산와 사업"
    kept.write_bytes(made[:20])  # cut short
    assert render(CompiledTemplates(tmp_path)) == "예산와 사업"
    assert kept.read_bytes() == made  # compiled again and kept whole


def test_one_walk_of_history_gives_each_folder_what_asking_git_for_it_gives(tmp_path: Path) -> None:
    """revisions() reads the history and the status once for every plan and edition; for each
    folder it must say what revision(folder) says: its last commit, its author and date, and
    whether it has changes not committed (an edit, a new file); None for one never committed."""
    from conftest import git

    from sitegen.engine.git import ask_status, revision, revisions, status

    root = tmp_path / "content"
    for n, name in enumerate(("a/2025", "a/2026", "b/2025")):
        (root / name).mkdir(parents=True)
        (root / name / "plan.yaml").write_text(f"n: {n}\n", encoding="utf-8")
        if n == 0:
            git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", name)
    (root / "a/2025/plan.yaml").write_text("n: 9\n", encoding="utf-8")  # edited, not committed
    (root / "b/2025/new.md").write_text("새 파일\n", encoding="utf-8")  # not yet added
    (root / "a/2026/사진 설명.md").write_text("사진\n", encoding="utf-8")  # a name git would quote
    git(root, "add", "a/2026/사진 설명.md")
    git(root, "commit", "-q", "-m", "a/2026 사진")
    (root / "c/2025").mkdir(parents=True)
    (root / "c/2025/plan.yaml").write_text("n: 3\n", encoding="utf-8")  # never committed
    folders = {f"{name}/": root / name for name in ("a/2025", "a/2026", "b/2025", "c/2025")} | {"": root}
    walked = revisions(root, folders)
    assert walked == {key: revision(folder) for key, folder in folders.items()}
    assert [walked[k].dirty for k in ("a/2025/", "a/2026/", "b/2025/", "")] == [True, False, True, True]
    assert walked["c/2025/"] is None and walked["a/2026/"].commit != walked["b/2025/"].commit
    assert walked["a/2026/"].commit == git(root, "rev-parse", "HEAD").stdout.strip()  # the Korean-named file's
    # the status a command asked once, given: the same answers; a rename's old path (a field
    # of its own in git's -z output), staged or in the working tree, is not taken for an entry
    # (nor is the entry after it when that old path begins with R)
    for name in ("README.md", "메모 1.md"):  # old paths that look like an entry: "R…", "XY path"
        (root / name).write_text(f"{name}\n", encoding="utf-8")
        git(root, "add", name)
    git(root, "commit", "-q", "-m", "README")
    git(root, "mv", "a/2026/사진 설명.md", "a/2026/설명.md")
    for old, new in (("README.md", "RENAMED.md"), ("메모 1.md", "메모1.md")):
        os.rename(root / old, root / new)
        git(root, "add", "-N", new)
    seen = status(root)
    assert seen is not None and seen.top == root.resolve()
    assert set(seen.entries) == {
        " R RENAMED.md",
        " R 메모1.md",
        " M a/2025/plan.yaml",
        "R  a/2026/설명.md",
        "?? b/2025/new.md",
        "?? c/2025/plan.yaml",
    }, seen.entries
    folders["../content/a/2026/"] = root / "b/../a/2026"  # not written as below root: resolved on its own
    walked = revisions(root, folders, seen)
    assert walked == revisions(root, folders) == {key: revision(folder) for key, folder in folders.items()}
    assert walked["a/2026/"].dirty and walked["../content/a/2026/"] == walked["a/2026/"]
    # started beside the command's own work: left by an exception, git is stopped and waited for
    with pytest.raises(RuntimeError), ask_status(root) as asked:
        raise RuntimeError("the walk failed")
    assert asked.proc is not None and asked.proc.returncode is not None


def test_a_build_collects_no_cycles_until_it_has_loaded_but_while_it_parses(minimal: Path, tmp_path: Path) -> None:
    """What a build imports and loads lives as long as it does: collections as it was made
    looked at it again and again (cli.uncollected). Files parsed make garbage, and that is
    collected (cachefiles.collecting), with what the command made before kept out of those
    collections' look (frozen); so are the councils' parts once all are rendered, for the
    collections of the site-wide files and the prune; and the command leaves collection as
    it found it. The preview, which collects after its reload is sent, collects nothing as
    it parses, and freezes nothing."""
    import gc

    from sitegen.cli import main
    from sitegen.settings import Settings
    from sitegen.workflow.serve import Preview

    seen: list[str] = []
    frozen: dict[str, set[int]] = {}  # by where: how many objects were out of the collections' look

    def where(phase: str, info: dict[str, int]) -> None:
        if phase != "start":  # each collection once (the frames walked for each were the test's time)
            return
        frame, names = sys._getframe(1), set()
        while frame is not None:  # which of sitegen's functions it is in
            names.add((os.path.basename(frame.f_code.co_filename), frame.f_code.co_name))
            frame = frame.f_back
        parsing, rendering = ("loader.py", "council_whole") in names, ("build.py", "_build") in names
        if phase == "start" and ("cli.py", "cmd_build") in names:  # the command, not its parser
            seen.append("parsing" if parsing else "rendering" if rendering else "elsewhere")
            step = "parsing" if parsing else "councils" if ("output.py", "councils_rendered") in names else ""
            step = "site-wide" if ("pages.py", "closing") in names or ("writer.py", "prune") in names else step
            step = "grouping the tables" if ("pages.py", "ready") in names else step
            frozen.setdefault(step, set()).add(gc.get_freeze_count())
        elif phase == "start" and ("serve.py", "rebuild") in names and parsing:
            seen.append("the preview parsing")

    def build(out: str) -> set[str]:
        seen.clear()
        frozen.clear()
        args = ["build", "--content", str(minimal), "--out", str(tmp_path / out), "--outputs", "web"]
        assert main([*args, "--cache", str(tmp_path / "cache")]) == 0
        assert gc.isenabled() and gc.get_freeze_count() == 0
        # the councils' parts frozen once joined: the site-wide files' collections look at fewer
        assert min(frozen["site-wide"]) > max(frozen["councils"]) > 0
        # the site's tables grouped for the data packages: all of it kept, no collection as it goes
        assert "grouping the tables" not in frozen
        return set(seen)

    threshold = gc.get_threshold()
    gc.set_threshold(100)  # a collection every hundred objects: none can slip between them
    gc.callbacks.append(where)
    try:
        assert build("first") == {"parsing", "rendering"}  # nothing kept yet: every file parsed
        assert min(frozen["parsing"]) > 0  # what the command made before: out of the parse's collections
        assert build("second") == {"rendering"}  # the council as the first build kept it
        # the preview collects after its reload is sent (workflow/serve.py), not as it parses
        seen.clear()
        preview = Preview(Settings.resolve(minimal, own_cache(tmp_path / "preview-cache")), tmp_path / "live")
        programme = minimal / "councils/demo/plans/2025/programmes/alpha.md"
        programme.write_text(programme.read_text(encoding="utf-8") + "\n고친 문장.\n", encoding="utf-8")
        assert preview.rebuild() and preview.rebuild({programme.resolve()}) and seen == []
        assert gc.get_freeze_count() == 0
    finally:
        gc.callbacks.remove(where)
        gc.set_threshold(*threshold)


def test_what_a_build_made_is_frozen_only_inside_the_command_that_keeps_its_load() -> None:
    """kept_frozen freezes only under loaded_kept (a build's or a deploy's), not wherever
    something else froze objects (a parse under cachefiles.collecting), and not in another
    thread (the preview's rebuilds), which starts with a context of its own."""
    import gc
    import threading

    from sitegen.engine import cachefiles

    gc.freeze()  # frozen by another (as collecting() freezes for a parse)
    try:
        frozen = gc.get_freeze_count()
        made = [[n] for n in range(100)]
        cachefiles.kept_frozen()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    with cachefiles.loaded_kept():
        made = [[n] for n in range(100)]
        frozen = gc.get_freeze_count()
        counts: list[int] = []
        thread = threading.Thread(target=lambda: (cachefiles.kept_frozen(), counts.append(gc.get_freeze_count())))
        thread.start()
        thread.join()
        assert counts == [frozen]
        cachefiles.kept_frozen()
        assert gc.get_freeze_count() >= frozen + len(made)
    assert gc.get_freeze_count() == 0


def test_a_council_loaded_as_its_pages_were_made_is_taken_by_its_key(minimal: Path, tmp_path: Path) -> None:
    """A council whose files are as they were when its pages were made (the build cache's key
    for it) has the same entries and the same shape (its plans, programmes and editions in
    order): an edit elsewhere takes its pages whole without comparing each entry's data and
    body with its record (here made to disagree), and takes its shape as the last build kept
    it under that key; it still compares what lies outside the council (a template). Under
    another key, a shape kept is worked out again, and an edited council's record is compared
    part by part. (Taken whole, a council's record is left as it is; made again, written anew.)"""
    from sitegen.engine import cachefiles

    shutil.copytree(minimal / "councils/demo", minimal / "councils/demo2")
    cache = own_cache(tmp_path / "cache")

    def build(edited: str = "demo") -> None:
        path = minimal / "councils" / edited / "plans/2025/programmes/alpha.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n고친 문장 {time.time_ns()}.\n", encoding="utf-8")
        args = ("build", "--content", str(minimal), "--out", str(tmp_path / "out"), "--outputs", "web")
        run = sitegen(*args, "--cache", str(cache))
        assert run.code == 0, run.err

    def record() -> tuple[Path, Any, Any]:
        (path,) = (cache / "pages").glob("*/demo2.whole.pickle")
        return path, *cachefiles.load_with_tail(path)

    def record_says(kind: str) -> None:
        """demo2's record: each part of that kind read with another digest than it had."""
        path, (rendered, looked, searched), tail = record()
        assert rendered.key and any(read[0] == kind for read in rendered.reads)
        rendered.reads = {read: "another" if read[0] == kind else was for read, was in rendered.reads.items()}
        cachefiles.dump(path, (rendered, looked, searched), tail=tail.read() if tail else b"")

    def as_written() -> bool:
        """Whether demo2's record is the one its pages were made with (not the one made to disagree)."""
        return "another" not in record()[1][0].reads.values()

    def shape_kept(key: str | None) -> None:
        """demo2's shape as kept: another one, under its own key (None) or under another."""
        (path,) = (cache / "pages").glob("*/_shapes.pickle")
        base, shaped = cachefiles.load(path)
        shaped["demo2"] = (shaped["demo2"][0] if key is None else key, "another shape")
        cachefiles.dump(path, (base, shaped))

    def made_again() -> bool:
        """Whether a build after an edit elsewhere made demo2's pages again."""
        path = record()[0]
        stamp = path.stat().st_mtime_ns
        build()
        return path.stat().st_mtime_ns != stamp

    build()
    build()
    record_says("data")
    build()
    assert not as_written()  # demo2's entries as its pages were made from them: taken whole
    record_says("template")
    build()
    assert as_written()  # a template is not demo2's: compared, demo2 looked at page by page
    shape_kept("another key")
    assert not made_again()  # not its key: its shape worked out again, as it was
    shape_kept(None)
    assert made_again()  # its key: the shape kept is taken, and its pages read another one
    record_says("body")
    build("demo2")
    assert as_written()  # demo2 edited: another key, its record compared entry by entry


def test_the_last_commit_of_a_page_that_holds_several_is_found_the_same_by_its_councils_folder() -> None:
    """latest() of a page under no plan or edition (a council's, the site's) looks at the
    plans and editions under it; given them grouped by their first folder, it looks only at
    that folder's, and finds the same commit for every kind of path."""
    from sitegen.engine.git import Revision, grouped, latest

    def at(day: int) -> Revision:
        return Revision(f"c{day}", f"2025-03-{day:02d}T09:00:00+09:00", False)

    revisions: dict[str, Revision | None] = {
        "junggu/2025/": at(3),
        "junggu/2026/": at(9),
        "junggu/news/letters/2025-03/": at(5),
        "jung/2025/": at(20),  # a council whose name starts another's
        "eumseong/2023/": None,  # outside git
        "eumseong/2024/": at(1),
    }
    paths = ["", "junggu/", "junggu/news/", "jung/", "eumseong/", "junggu/2025/programme/", "elsewhere/", "junggu", "x"]
    by_folder = grouped(revisions)
    assert by_folder["junggu"] and "eumseong" in by_folder and len(by_folder["eumseong"]) == 1
    found = {path: latest(revisions, path, by_folder) for path in paths}
    assert found == {path: latest(revisions, path) for path in paths}
    assert found["junggu/"] == at(9) and found["jung/"] == at(20) and found["junggu/news/"] == at(5)
    assert found["elsewhere/"] == at(20)  # under none: the newest of all
    assert found["junggu"] == at(9)  # a path that is no folder: the urls it starts, not its first folder's
