"""Forked workers (sitegen/engine/workers.py): the work is theirs by the fork, not pickled."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from sitegen.engine.workers import WorkerFailed, forked_map


def test_forked_map_runs_a_closure_in_children_and_gives_every_result() -> None:
    lock = threading.Lock()  # closed over, and not picklable: the children have it by the fork
    parent = os.getpid()

    def work(i: int) -> tuple[int, bool]:
        with lock:
            return i * i, os.getpid() != parent

    results = dict(forked_map(work, 20, 2))
    assert results == {i: (i * i, True) for i in range(20)}


def test_an_error_in_a_worker_is_raised_with_its_traceback() -> None:
    def work(i: int) -> int:
        if i == 3:
            raise ValueError("three")
        return i

    with pytest.raises(ValueError, match="three") as caught:
        list(forked_map(work, 8, 2))
    assert any("in work" in note for note in caught.value.__notes__)


def test_a_worker_killed_is_an_error_not_a_hang() -> None:
    def work(i: int) -> int:
        if i == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return i

    with pytest.raises(WorkerFailed):
        list(forked_map(work, 6, 2))


def test_one_worker_or_none_runs_here() -> None:
    assert list(forked_map(lambda i: (i, os.getpid()), 3, 1)) == [(i, (i, os.getpid())) for i in range(3)]


def test_a_worker_collects_its_own_garbage_and_leaves_what_it_was_given_alone() -> None:
    """A build collects nothing as it loads (cli.uncollected): its workers still collect what
    they make, and never look at what the fork gave them (no page of it copied)."""
    import gc

    given = [[i] for i in range(1000)]  # the parent's, not frozen here

    def work(i: int) -> tuple[bool, int, int]:
        frozen = gc.get_freeze_count()
        cycle: list = []
        cycle.append(cycle)
        del cycle
        return gc.isenabled(), frozen, gc.collect()

    enabled = gc.isenabled()
    gc.disable()
    try:
        results = dict(forked_map(work, 4, 2))
    finally:
        if enabled:
            gc.enable()
    assert gc.get_freeze_count() == 0 and given  # the parent's own state untouched
    for collecting, frozen, collected in results.values():
        assert collecting and frozen >= len(given) and collected >= 1
