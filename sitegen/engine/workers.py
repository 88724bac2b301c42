"""Worker processes that end with the process that started them.

A build forks workers (loading councils, rendering pages, typesetting PDFs).
When the build is killed outright (SIGKILL: a CI timeout, a killed hook), its
workers must not live on, re-parented to init, holding memory and waiting on
a pipe forever: on Linux each asks the kernel to kill it when its parent dies
(PR_SET_PDEATHSIG), and one whose parent is already gone exits at once.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1


def pool(workers: int, fork: bool = True) -> ProcessPoolExecutor:
    """A process pool whose workers end with this process. fork: the workers share what this
    process holds (where the platform has fork); else they start afresh (spawn)."""
    method = "fork" if fork and sys.platform == "linux" else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_end_with, initargs=(os.getpid(),))


def _end_with(parent: int) -> None:
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)
