"""The zygote: a clean, warm process that forks every learner process.

Learner processes must not be forks of the grader: a fork shares the parent's memory, and the
grader's memory holds check modules (hidden ones too), their inputs, the checks' random state
and, in `grade`, other students' results. So the grader starts a zygote with a fresh interpreter
(``python -I -S``, a minimal environment, nothing of any pack, result or UI), which imports
NumPy and the standard modules learners use, makes the isolation `Plan` once, and then forks on
request.

Each spawn request carries four descriptors (SCM_RIGHTS over a SOCK_SEQPACKET socket, so that
the forked grading processes of `grade` can share one zygote): a control socket to the grader,
and the learner's request, reply and output pipes. The zygote forks a *keeper* for it, which
enters new namespaces and forks the learner process proper (PID 1 of its new PID namespace, in a
mount namespace of its own). The keeper stays outside, waits for the learner, kills it when the
grader says so or goes away (even killed, or its zygote with it), sends back its exit status, and
removes what it leaves behind. Messages from the keeper are JSON lines: ``{"pid": n}``, then
``{"exit": status}``; the grader sends ``k`` to kill.

Off Linux, where none of this exists, learner processes are forked from the grader directly
(`Zygote(direct=True)`), with resource limits only, and results say there was no isolation.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import time
from dataclasses import dataclass
from typing import Any

from tutor.core import isolation
from tutor.core import launch as launcher
from tutor.core.zygote_main import SHUTDOWN_WAIT, keep

READY_TIMEOUT = 60.0
"""Seconds to wait for a zygote to import NumPy and make its plan (far more than it takes)."""
class ZygoteError(RuntimeError):
    """The zygote could not be started or reached: not the learner's doing."""


# -- the grader's side ---------------------------------------------------------------------

@dataclass
class Spawned:
    """The grader's ends of a learner process that is starting (or ready and waiting)."""

    control: socket.socket
    requests: int
    replies: int
    output: int
    key: tuple[int, int]
    """(run folder MiB, run folder files): the process was made for these."""
    owner: int
    """The grading process that asked for it (a forked grading process must not use it)."""
    away_from: int = -1
    """The CPU it was placed off before it reported ready (-1: none), where the grader should
    run while it polls (`tutor.core.engine`)."""

    def descriptors(self) -> list[int]:
        return [self.requests, self.replies, self.output]

    def kill(self) -> None:
        """Tell the keeper to kill the learner process, and let go of it."""
        try:
            self.control.send(b"k")
        except OSError:
            pass
        self.control.close()
        for fd in self.descriptors():
            try:
                os.close(fd)
            except OSError:
                pass


class Zygote:
    """The grader's handle on one zygote process (or, with ``direct``, on forking here)."""

    def __init__(self, *, direct: bool = False, hidden: tuple[str, ...] = ()) -> None:
        self.direct = direct or sys.platform != "linux"
        self.hidden = hidden
        self._pid: int | None = None
        self._status: int | None = None
        """The zygote's wait status once it has ended."""
        self._socket: socket.socket | None = None
        self._owner = 0
        self._ready: dict[str, Any] | None = None
        self._plan: isolation.Plan | None = None

    def start(self) -> None:
        """Start the zygote process; it gets ready in the background."""
        if self.direct:
            return
        try:
            early = launcher.take_early() if not self.hidden else None
            self._pid, self._socket = early or launcher.launch(self.hidden)
        except OSError as exc:
            raise ZygoteError(f"could not start the process that runs learner code: {exc}") from None
        self._owner, self._ready, self._status = os.getpid(), None, None

    def _ended(self) -> bool:
        """Whether the zygote process has ended (reaped here when this process started it)."""
        if self._pid is None or self._status is not None:
            return True
        if self._owner == os.getpid():
            try:
                done, status = os.waitpid(self._pid, os.WNOHANG)
            except ChildProcessError:
                done, status = self._pid, 0
            if done:
                self._status = status
            return bool(done)
        try:  # a forked grading process: the zygote is its parent's child, not its own
            os.kill(self._pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False

    @property
    def alive(self) -> bool:
        return self.direct or (self._socket is not None and not self._ended())

    @property
    def pid(self) -> int | None:
        return self._pid

    def ready(self, timeout: float = READY_TIMEOUT) -> dict[str, Any]:
        """Wait until the zygote is ready; return what learner processes may read (its plan)."""
        if self.direct:
            return self._direct_plan().describe()
        if self._ready is not None:
            return self._ready
        if self._socket is None:
            raise ZygoteError("the zygote was not started")
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._socket], [], [], min(left, 0.5))[0]:
                if self._ended():
                    raise ZygoteError(f"the process that runs learner code exited (status {self._status})")
                if left <= 0:
                    raise ZygoteError("the process that runs learner code did not start in time")
                continue
            data = self._socket.recv(1 << 20)
            try:
                self._ready = json.loads(data)
            except ValueError:
                raise ZygoteError("the process that runs learner code sent a malformed greeting") from None
            return self._ready

    def spawn(self, run_mb: int, max_files: int, *, warm: bool = False, away_from: int = -1) -> Spawned:
        """Ask for a learner process confined to a run folder of ``run_mb`` MiB and ``max_files``
        files; returns at once (the process reports itself ready on its reply pipe). A ``warm``
        one runs common NumPy code before it is ready, for a standby that nobody waits for; one
        ``away_from`` a CPU moves off it first, so that moving costs nothing when it is used."""
        try:
            if self.direct:
                ends = launcher.request(None, run_mb, max_files, warm, away_from, fork_here=self._fork_here)
            else:
                if self._socket is None:
                    raise ZygoteError("the zygote was not started")
                ends = launcher.request(self._socket, run_mb, max_files, warm, away_from)
        except OSError as exc:
            raise ZygoteError(f"could not reach the process that runs learner code ({exc})") from None
        return Spawned(*ends, (run_mb, max_files), os.getpid(), away_from)

    def _direct_plan(self) -> isolation.Plan:
        if self._plan is None:
            self._plan = isolation.Plan((), (), (), tuple(sys.path), None, 0, (), frozenset(isolation.LAYERS),
                                        os.getuid() == 0)
        return self._plan

    def _fork_here(self, request: dict[str, Any], fds: list[int]) -> None:
        plan = self._direct_plan()
        sys.stdout.flush()
        sys.stderr.flush()
        keeper = os.fork()
        if keeper == 0:  # pragma: no cover - runs in the keeper
            try:
                keep(plan, request, list(fds), None)
            finally:
                os._exit(0)
        _reap_later(keeper)

    def close(self) -> None:
        sock, self._socket = self._socket, None
        if sock is not None:
            sock.close()
        pid, self._pid = self._pid, None
        if pid is None or self._owner != os.getpid() or self._status is not None:
            return
        deadline = time.monotonic() + SHUTDOWN_WAIT + 2
        while time.monotonic() < deadline:  # it ends once its keepers have tidied up
            done, self._status = os.waitpid(pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.01)
        os.kill(pid, signal.SIGKILL)
        self._status = os.waitpid(pid, 0)[1]

_keepers: list[int] = []


def _reap_later(pid: int) -> None:
    """Keepers forked here (direct mode) are reaped when the next one starts."""
    _keepers.append(pid)
    for child in list(_keepers):
        try:
            done, _ = os.waitpid(child, os.WNOHANG)
        except ChildProcessError:
            done = child
        if done:
            _keepers.remove(child)


_shared: Zygote | None = None


def shared() -> Zygote:
    """This process's zygote, started on first use (and again if it died). A forked grading
    process uses its parent's zygote while it lives: the socket is shared safely."""
    global _shared
    if _shared is None or not _shared.alive:
        if _shared is not None and _shared._owner == os.getpid():
            _shared.close()
        _shared = Zygote()
        _shared.start()
    return _shared
