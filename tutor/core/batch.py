"""Run many grading tasks in parallel, one forked process per task.

The grading engine forks learner processes from the process that grades, which must be
single-threaded when it does; so parallel grading uses processes, never threads. Each task
gets a fresh fork of this (warm: NumPy and the pack's check modules already imported) process,
which sends its results back as JSON lines through a pipe and exits. A task process that
crashes or overruns its time budget is killed and reported; the run goes on. Interrupting the
run (Ctrl-C) kills every task process before the interrupt propagates.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

PR_SET_PDEATHSIG = 1
STOP_GRACE = 2.0
"""Seconds a task process gets to clean up after SIGTERM before it is killed."""

T = TypeVar("T")


@dataclass
class TaskOutcome(Generic[T]):
    """What one task produced: the records it sent, and an error if it did not finish."""

    task: T
    records: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    elapsed: float = 0.0
    exit_status: int | None = None
    """The task process's exit status when it exited by itself with one (None: killed, or 0)."""


@dataclass
class _Running(Generic[T]):
    task: T
    pid: int
    fd: int
    started: float
    slot: int
    buffer: bytearray = field(default_factory=bytearray)
    outcome: TaskOutcome[T] | None = None


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


slot = -1
"""In a task process: which of the ``jobs`` places it runs in (0 to jobs - 1), no two task
processes running at once in the same one; -1 elsewhere."""


def _child(work: Callable[[T], Iterable[dict[str, Any]]], task: T, fd: int, place: int) -> None:
    """The body of a task process: run ``work`` and stream its records; never returns."""
    global slot
    slot = place
    status = 0
    pipe = os.fdopen(fd, "w", encoding="utf-8")
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
        # Stopping unwinds the grading, so the engine kills the learner process it is running.
        signal.signal(signal.SIGTERM, _stop)
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        for record in work(task):
            pipe.write(json.dumps(record) + "\n")
            pipe.flush()
    except BaseException:
        status = 1
        try:
            pipe.write(json.dumps({"__error__": traceback.format_exc(limit=5)}) + "\n")
            pipe.flush()
        except OSError:
            pass
    finally:
        os._exit(status)


def _start(work: Callable[[T], Iterable[dict[str, Any]]], task: T, place: int) -> _Running[T]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the task process
        os.close(read_fd)
        _child(work, task, write_fd, place)
    os.close(write_fd)
    return _Running(task, pid, read_fd, time.monotonic(), place, outcome=TaskOutcome(task))


def _take_lines(running: _Running[T]) -> None:
    assert running.outcome is not None
    *lines, rest = running.buffer.split(b"\n")
    running.buffer = bytearray(rest)
    for line in lines:
        record = json.loads(line)
        if "__error__" in record:
            running.outcome.error = f"the grader failed: {record['__error__'].strip().splitlines()[-1]}"
        else:
            running.outcome.records.append(record)


def _stop_process(pid: int) -> int:
    """SIGTERM (the task cleans up its learner process), then SIGKILL after a grace period;
    returns the wait status."""
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]


def _finish(running: _Running[T], *, kill: bool, reason: str | None = None) -> TaskOutcome[T]:
    assert running.outcome is not None
    status = _stop_process(running.pid) if kill else os.waitpid(running.pid, 0)[1]
    os.close(running.fd)
    outcome = running.outcome
    outcome.elapsed = time.monotonic() - running.started
    if reason:
        outcome.error = reason
    elif outcome.error is None and status != 0:
        if os.WIFEXITED(status):
            outcome.exit_status = os.WEXITSTATUS(status)
        how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
        outcome.error = f"the grading process ended early ({how})"
    return outcome


def run_tasks(tasks: list[T], work: Callable[[T], Iterable[dict[str, Any]]], *, jobs: int,
              budget: float) -> Iterator[TaskOutcome[T]]:
    """Run ``work(task)`` for every task, at most ``jobs`` at a time, each in its own process.

    Yields each task's outcome as it finishes (not in task order). A task still running after
    ``budget`` seconds is killed; its outcome keeps the records sent so far and an error.
    """
    pending = list(reversed(tasks))
    running: dict[int, _Running[T]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                place = min(set(range(jobs)) - {r.slot for r in running.values()})
                started = _start(work, pending.pop(), place)
                running[started.fd] = started
            now = time.monotonic()
            wait = max(0.0, min(r.started + budget for r in running.values()) - now)
            ready, _, _ = select.select(list(running), [], [], wait)
            for fd in ready:
                current = running[fd]
                chunk = os.read(fd, 1 << 16)
                current.buffer += chunk
                _take_lines(current)
                if not chunk:
                    yield _finish(running.pop(fd), kill=False)
            now = time.monotonic()
            for fd in [fd for fd, r in running.items() if now - r.started > budget]:
                yield _finish(running.pop(fd), kill=True, reason=f"grading did not finish within {budget:.0f} s")
    finally:
        for current in running.values():
            _finish(current, kill=True)
