"""The trusted side of the grading engine: start, talk to, and kill learner processes.

Each run forks the current (warm, NumPy-loaded) process. The fork becomes a session leader,
moves into new network and PID namespaces where the kernel allows it, and forks the learner
process proper, which is PID 1 of its namespace (so killing it kills every descendant) and,
when we are root, drops to the `nobody` user (so it can signal none of our processes and
RLIMIT_NPROC = 0 forbids new processes). This process is a child subreaper, so the learner
process is re-parented to it and reaped here.

Every way a call can go wrong becomes a `LearnerProblem` with a verdict and a plain message.
"""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tutor.core import codec
from tutor.core.model import Limits
from tutor.core.results import LearnerProblem
from tutor.core.sandbox import ChildSpec, child_main, write_all

PR_SET_CHILD_SUBREAPER = 36
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MAX_FRAME = 512 * 1024 * 1024
_poll_window = 0.0005


def set_poll_window(seconds: float) -> None:
    """How long both ends of a learner call poll for the answer before sleeping (this process).

    Polling halves a call's round trip when a core is free, and steals time from other graders
    when none is: a process that grades in parallel with others on few cores sets it to 0.
    """
    global _poll_window
    _poll_window = max(0.0, seconds)

_libc = ctypes.CDLL(None, use_errno=True)
_subreaper_pid = 0
"""The process that made itself a child subreaper. The kernel does not pass the setting on to a
forked child, so a forked grading process (see `tutor.core.gradebook`) must set it again."""


def _become_subreaper() -> None:
    global _subreaper_pid
    if _subreaper_pid != os.getpid():
        _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        _subreaper_pid = os.getpid()


def _enter_namespaces() -> bool:
    """In the forked child: new network and PID namespaces if the kernel lets us."""
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNET | CLONE_NEWPID | (0 if uid == 0 else CLONE_NEWUSER)
    if _libc.unshare(flags) != 0:
        return False
    if uid != 0:
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
            try:
                Path(f"/proc/self/{name}").write_text(text)
            except OSError:
                pass
    return True


def raised_problem(report: dict[str, Any]) -> LearnerProblem:
    """Turn a child's "raised" report into the problem a check sees."""
    types = tuple(str(t) for t in report["types"])
    name, trace = types[0], report["traceback"]
    if "MemoryError" in types:
        return LearnerProblem("memory", "your code ran out of memory (MemoryError)", trace, types)
    if name == "NotImplementedError":
        return LearnerProblem("todo", "not implemented yet: the function still raises NotImplementedError", trace, types)
    if name == "SystemExit":
        return LearnerProblem("crash", "your code called exit(); a function must return its result", trace, types)
    message = report["message"]
    return LearnerProblem("exception", f"{name}: {message}" if message else name, trace, types)


class LearnerProcess:
    """One isolated learner process: load the file, then call its functions until closed."""

    def __init__(self, source: str, display_path: str, limits: Limits, import_dir: str | None = None) -> None:
        self.limits = limits
        self._source = source
        self._display_path = display_path
        self._import_dir = import_dir
        self.names: list[str] = []
        self.pid: int | None = None
        self._pgid = 0
        self._fds: list[int] = []
        self._pending = bytearray()
        self._out = -1
        self._output = bytearray()
        self._output_dropped = 0
        self._workdir: str | None = None
        self._exit_detail = ""
        self._poll = _poll_window

    # -- lifecycle ------------------------------------------------------------------------

    def start(self, timeout: float) -> list[str]:
        """Fork the learner process and load the file. Returns the names it defines."""
        _become_subreaper()
        self._workdir = tempfile.mkdtemp(prefix="latent-tutor-run-")
        root = os.getuid() == 0
        if root:
            os.chown(self._workdir, 65534, 65534)
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        pid_r, pid_w = os.pipe()
        spec = ChildSpec(self._source, self._display_path, self._import_dir, self._workdir, self.limits, root,
                         self._poll)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            middle = os.fork()
        except OSError as exc:  # the machine is out of processes or memory: not the learner's doing
            for fd in (req_r, req_w, resp_r, resp_w, out_r, out_w, pid_r, pid_w):
                os.close(fd)
            shutil.rmtree(self._workdir, ignore_errors=True)
            raise LearnerProblem("crash", f"could not start a process to run your code ({exc.strerror})") from None
        if middle == 0:  # pragma: no cover - runs in the child
            try:
                os.setsid()
                _enter_namespaces()
                learner = os.fork()
                if learner == 0:
                    os.close(pid_w)
                    child_main(spec, req_r, resp_w, out_w)
                write_all(pid_w, struct.pack("<q", learner))
            finally:
                os._exit(0)
        for fd in (req_r, resp_w, out_w, pid_w):
            os.close(fd)
        self._fds = [req_w, resp_r, out_r]
        self._req, self._resp, self._out = req_w, resp_r, out_r
        os.set_blocking(req_w, False)
        os.waitpid(middle, 0)
        self._pgid = middle
        pid_bytes = os.read(pid_r, 8)
        os.close(pid_r)
        if len(pid_bytes) != 8:
            self.close()
            raise LearnerProblem("crash", "could not start the learner process")
        self.pid = struct.unpack("<q", pid_bytes)[0]
        deadline = time.monotonic() + timeout
        report = self._receive(deadline, "loading your file")
        status = report.get("status")
        if status == "loaded":
            self.names = list(report["names"])
            return self.names
        self.close()
        if status == "syntax":
            where = f"line {report['line']}"
            text = f"\n    {report['text']}\n    {' ' * max(report['offset'] - 1, 0)}^" if report["text"] else ""
            raise LearnerProblem("syntax", f"syntax error at {where}: {report['msg']}", f"{self._display_path}, {where}{text}")
        if status == "raised":
            problem = raised_problem(report)
            problem.message = f"loading your file failed: {problem.message}"
            raise problem
        raise LearnerProblem("crash", report.get("message", "the learner process failed to start"))

    def close(self) -> None:
        """Kill the learner process and everything it started; reap it; remove its folder."""
        if self.pid is not None:
            for kill, target in ((os.killpg, self._pgid), (os.kill, self.pid)):
                try:
                    kill(target, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
            self._reap(block=True)
            self.pid = None
        while self._out >= 0 and select.select([self._out], [], [], 0.05)[0]:
            self._drain_output()  # whatever the process printed before it ended
        for fd in self._fds:
            try:
                os.close(fd)
            except OSError:
                pass
        self._fds = []
        self._out = -1
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    @property
    def alive(self) -> bool:
        return self.pid is not None

    @property
    def output(self) -> str:
        """What the learner's code printed (stdout and stderr interleaved), capped."""
        text = self._output.decode("utf-8", "replace")
        if self._output_dropped:
            text += f"\n[... {self._output_dropped} more bytes of output dropped]"
        return text

    # -- calls ----------------------------------------------------------------------------

    def call(self, name: str, args: tuple, kwargs: dict[str, Any], timeout: float) -> Any:
        """Call a learner function; return its value as plain data or raise LearnerProblem."""
        if self.pid is None:
            raise LearnerProblem("crash", "the learner process is not running")
        what = f"the call to {name}()"
        deadline = time.monotonic() + timeout
        try:
            frame = codec.encode({"call": name, "args": list(args), "kwargs": kwargs})
        except codec.EncodeError as exc:
            raise TypeError(f"check passed a value that cannot cross to the learner: {exc}") from None
        self._write(struct.pack("<Q", len(frame)) + frame, deadline, what)
        report = self._receive(deadline, what)
        status = report.get("status")
        if status == "ok":
            return report["value"]
        if status == "raised":
            raise raised_problem(report)
        if status == "badtype":
            raise LearnerProblem("bad-type", f"{name}() returned {report['type']}, which is not plain data (numbers, arrays, tuples)")
        raise LearnerProblem("crash", f"the learner process sent a malformed reply during {what}")

    # -- plumbing -------------------------------------------------------------------------

    def _drain_output(self) -> None:
        try:
            chunk = os.read(self._out, 65536)
        except OSError:
            chunk = b""
        room = self.limits.output_kb * 1024 - len(self._output)
        self._output += chunk[: max(room, 0)]
        self._output_dropped += max(len(chunk) - max(room, 0), 0)
        if not chunk:
            self._fds.remove(self._out)
            os.close(self._out)
            self._out = -1

    def _wait(self, deadline: float, what: str, *, writable: bool = False) -> bool:
        """Wait until the reply pipe (or the request pipe) is ready, draining output meanwhile."""
        spin_until = time.monotonic() + self._poll
        while True:
            now = time.monotonic()
            remaining = deadline - now
            if remaining <= 0:
                self.close()
                raise LearnerProblem("timeout", f"time limit: {what} did not finish within the limit (infinite loop?)")
            readers = [self._resp] + ([self._out] if self._out >= 0 else [])
            # Most calls answer within a fraction of a millisecond: poll for that long before
            # sleeping in select, which would add the scheduler's wake-up latency to every call.
            timeout = 0 if now < spin_until else remaining
            ready_r, ready_w, _ = select.select(readers, [self._req] if writable else [], [], timeout)
            if self._out >= 0 and self._out in ready_r:
                self._drain_output()
            if self._resp in ready_r or ready_w:
                return self._resp in ready_r

    def _write(self, data: bytes, deadline: float, what: str) -> None:
        view = memoryview(data)
        while view:
            if self._wait(deadline, what, writable=True):
                break  # the child answered or died before reading everything: read that
            try:
                view = view[os.write(self._req, view) :]
            except BlockingIOError:
                continue
            except BrokenPipeError:
                break

    def _read(self, n: int, deadline: float, what: str) -> bytes:
        while len(self._pending) < n:
            self._wait(deadline, what)
            chunk = os.read(self._resp, 1 << 20)
            if not chunk:
                raise self._died(what)
            self._pending += chunk
        data = bytes(self._pending[:n])
        del self._pending[:n]
        return data

    def _receive(self, deadline: float, what: str) -> dict[str, Any]:
        (length,) = struct.unpack("<Q", self._read(8, deadline, what))
        if length > MAX_FRAME:
            self.close()
            raise LearnerProblem("bad-type", f"{what} returned more data than the grader accepts")
        try:
            report = codec.decode(self._read(length, deadline, what))
        except codec.DecodeError:
            report = None
        if not isinstance(report, dict):
            self.close()
            raise LearnerProblem("crash", f"the learner process sent a malformed reply during {what}")
        return report

    def _reap(self, block: bool) -> int | None:
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            return None
        return status if pid else None

    def _died(self, what: str) -> LearnerProblem:
        """The reply pipe closed: find out how the learner process ended."""
        status = None
        deadline = time.monotonic() + 1.0
        while status is None and time.monotonic() < deadline:
            status = self._reap(block=False)
            if status is None:
                time.sleep(0.002)
        while self._out >= 0 and select.select([self._out], [], [], 0)[0]:
            self._drain_output()
        if status is None:
            self.close()
            return LearnerProblem("crash", f"the learner process stopped answering during {what}")
        self.pid = None
        self.close()
        tail = self.output[-1500:]
        if "MemoryError" in tail or "Cannot allocate memory" in tail or "out of memory" in tail:
            return LearnerProblem("memory", f"your code ran out of memory during {what}", tail)
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGXCPU:
                return LearnerProblem("timeout", f"CPU time limit: {what} used more than {int(self.limits.timeout) + 1} s of CPU", tail)
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else f"signal {sig}"
            return LearnerProblem("crash", f"your code crashed the process ({name}) during {what}", tail)
        code = os.WEXITSTATUS(status)
        return LearnerProblem("crash", f"your code ended the process (exit status {code}) during {what}; a function must return its result", tail)
