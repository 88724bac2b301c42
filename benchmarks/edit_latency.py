"""From saving a file to its page rewritten: `sitegen serve` against `hugo server`,
on the same synthetic pages, in one run, reported as a ratio (issue 7's target:
at most 0.2 × Hugo's).

    .venv/bin/python benchmarks/edit_latency.py [--pages 1000] [--edits 5]
    .venv/bin/python benchmarks/edit_latency.py --load 2 --edits 50   # sitegen alone, under load

Each server runs as a real process writing its output to disk (Hugo with
--renderToDisk); one programme file is edited (a new sentence appended) and the
time until that page's HTML holds the sentence is taken, the median of the edits.

With --load N (issue 22: the preview stalled under load), only `sitegen serve`
runs, beside N processes that keep a core busy each, and a probe asks for
another page every 50 ms the whole time: the report is each edit's latency
(median, 95th percentile, worst) and the longest any request waited, where an
edit or a request over 1 s is a stall.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402
from web_vs_hugo import hugo  # noqa: E402

PAGE = Path("c000/2017/p01/index.html")
SOURCE = {"sitegen": Path("councils/c000/plans/2017/programmes/p01.md"), "hugo": Path("content/c000/2017/p01.md")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if check():
            return time.perf_counter() - start
        time.sleep(0.005)
    raise SystemExit(f"not within {timeout} s")


def serving(port: int) -> bool:
    """Whether the server answers for the page: both serve only once their first build is
    whole (Hugo writes the page to disk long before, and misses an edit made meanwhile)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{PAGE.parent.as_posix()}/", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


class Probe(threading.Thread):
    """Asks the server for a page every 50 ms; keeps the longest wait for an answer."""

    def __init__(self, port: int, path: str):
        super().__init__(daemon=True)
        self.url, self.longest, self.stopped = f"http://127.0.0.1:{port}/{path}", 0.0, threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=30) as r:
                    r.read()
            except OSError:
                pass
            self.longest = max(self.longest, time.perf_counter() - start)
            time.sleep(0.05)


def under_load(cmd: list[str], port: int, source: Path, page: Path, edits: int, load: int) -> None:
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(load)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: serving(port), 900)
        time.sleep(2)
        probe = Probe(port, "c001/2018/p02/")
        probe.start()
        times = []
        for n in range(edits):
            word = f"부하편집{n}번"
            source.write_text(source.read_text(encoding="utf-8") + f"\n{word} 문장입니다.\n", encoding="utf-8")
            times.append(wait_for(lambda w=word: page.is_file() and w in page.read_text(encoding="utf-8"), 600))
            time.sleep(0.3)  # an editor saves again within a second or two
        probe.stopped.set()
        probe.join()
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        stalls = sum(t > 1 for t in times)
        print(
            f"{edits} edits beside {load} busy processes: median {statistics.median(times):.2f} s, "
            f"95th percentile {p95:.2f} s, worst {ordered[-1]:.2f} s; edits over 1 s: {stalls}; "
            f"longest wait of a request meanwhile: {probe.longest:.2f} s"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        for p in busy:
            p.kill()
            p.wait()


def latency(cmd: list[str], port: int, source: Path, page: Path, edits: int) -> float:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: serving(port), 900)
        time.sleep(2)  # let the watcher settle
        times = []
        for n in range(edits):
            word = f"편집확인{n}번"
            source.write_text(source.read_text(encoding="utf-8") + f"\n{word} 문장입니다.\n", encoding="utf-8")
            times.append(wait_for(lambda w=word: page.is_file() and w in page.read_text(encoding="utf-8"), 600))
            print(f"{cmd[0] if 'hugo' in cmd[0] else 'sitegen'}: edit {n + 1}: {times[-1]:.2f} s", file=sys.stderr)
            time.sleep(1.5)
        return statistics.median(times)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--load", type=int, default=0, help="busy processes beside sitegen serve (alone)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-latency-") as tmp:
        work = Path(tmp)
        content, site = generate(work / "corpus", args.pages)
        s_out, h_out = work / "out-sitegen", work / "out-hugo"
        s_port, h_port = free_port(), free_port()
        sitegen = [sys.executable, "-m", "sitegen.cli", "serve", "--content", str(content)]
        sitegen += ["--out", str(s_out), "--port", str(s_port), "--cache", str(work / "cache")]
        if args.load:
            under_load(sitegen, s_port, content / SOURCE["sitegen"], s_out / PAGE, args.edits, args.load)
            return
        hugo_cmd = [hugo(), "server", "-s", str(site), "--renderToDisk", "-d", str(h_out)]
        hugo_cmd += ["--port", str(h_port), "--bind", "127.0.0.1"]
        h = latency(hugo_cmd, h_port, site / SOURCE["hugo"], h_out / PAGE, args.edits)
        s = latency(sitegen, s_port, content / SOURCE["sitegen"], s_out / PAGE, args.edits)
    print(f"{args.pages:,} pages, median of {args.edits} edits: sitegen serve {s:.2f} s, hugo server {h:.2f} s")
    print(f"ratio {s / h:.2f} × (target ≤ 0.2 ×)")


if __name__ == "__main__":
    main()
