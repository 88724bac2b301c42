"""Worker processes that end with the process that started them.

A build forks workers (loading councils, rendering pages, typesetting PDFs).
When the build is killed outright (SIGKILL: a CI timeout, a killed hook), its
workers must not live on, re-parented to init, holding memory and waiting on
a pipe forever: on Linux each asks the kernel to kill it when its parent dies
(PR_SET_PDEATHSIG), and one whose parent is already gone exits at once.

forked_map hands the work itself to forked children: a function and what it
closes over (the loaded site, a renderer) are theirs by the fork, not pickled,
and not left in a module variable for them to find.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import selectors
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # multiprocessing imported when a pool or a map is made: not by a build with nothing to do
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
R = TypeVar("R")


def pool(workers: int, fork: bool = True) -> ProcessPoolExecutor:
    """A process pool whose workers end with this process. fork: the workers share what this
    process holds (where the platform has fork); else they start afresh (spawn)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if fork and sys.platform == "linux" else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=end_with, initargs=(os.getpid(),))


def end_with(parent: int) -> None:
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)


class WorkerFailed(RuntimeError):
    """A worker ended without its results (killed, out of memory)."""


def forked_map(fn: Callable[[int], R], count: int, workers: int) -> Iterator[tuple[int, R]]:
    """fn(0) … fn(count - 1) in `workers` forked children, each taking the next index when
    it is free; yields (index, result) as they come. An exception in fn is raised here (with
    the worker's traceback as its note); the other workers are stopped."""
    if count == 0:
        return
    if workers <= 1 or sys.platform != "linux":
        for i in range(count):
            yield i, fn(i)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork")
    following = context.Value("i", 0)  # the next index to take, shared by the children
    parent, children, pipes = os.getpid(), [], {}
    sys.stdout.flush(), sys.stderr.flush()  # or a child writes the parent's buffered text again
    for _ in range(min(workers, count)):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _work(fn, count, following, write, parent)
        os.close(write)
        children.append(pid)
        pipes[read] = bytearray()
    done = 0
    try:
        with selectors.DefaultSelector() as sel:
            for fd in pipes:
                sel.register(fd, selectors.EVENT_READ)
            while done < count:
                if not sel.get_map():
                    raise WorkerFailed(f"workers ended after {done} of {count} results")
                for key, _ in sel.select():
                    fd = int(key.fd)
                    chunk = os.read(fd, 1 << 20)
                    if not chunk:
                        sel.unregister(fd)
                        continue
                    buffer = pipes[fd]
                    buffer += chunk
                    while len(buffer) >= 8:
                        size = int.from_bytes(buffer[:8], "little")
                        if len(buffer) < 8 + size:
                            break
                        index, ok, value = pickle.loads(bytes(buffer[8 : 8 + size]))
                        del buffer[: 8 + size]
                        if not ok:
                            raise value
                        done += 1
                        yield index, value
    finally:
        for pid in children:
            try:
                if done < count:  # stopped early (an error, an interrupt): the rest is not wanted
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        for fd in pipes:
            os.close(fd)


def _work(fn: Callable[[int], object], count: int, following: object, out: int, parent: int) -> None:
    code = 0
    try:
        end_with(parent)
        # what the parent holds is left alone (no page of it copied by a collection's look),
        # and the worker's own garbage collected, whether or not the parent collects as it
        # loads (cli.uncollected)
        gc.freeze()
        gc.enable()
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # the parent decides what an interrupt does
        while True:
            with following.get_lock():  # type: ignore[attr-defined]
                index = following.value  # type: ignore[attr-defined]
                following.value = index + 1  # type: ignore[attr-defined]
            if index >= count:
                break
            try:
                message = (index, True, fn(index))
            except BaseException as exc:
                exc.add_note("".join(traceback.format_exception(exc)))
                message = (index, False, exc)
            try:
                data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # an exception that cannot be pickled: its text
                data = pickle.dumps((index, False, RuntimeError(f"{message[2]!r}: {exc}")))
            view = memoryview(len(data).to_bytes(8, "little") + data)
            while view:
                view = view[os.write(out, view) :]
            if not message[1]:
                break
    except BaseException:
        code = 1
    finally:
        os._exit(code)
