"""The trusted side of the grading engine: start, talk to, and stop learner processes.

A learner process comes from the zygote (`tutor.core.zygote`), already confined: it reports the
isolation layers it holds before it is sent any learner code. To take the fork and the
isolation off the critical path, a grading process can keep one confined process on standby
(`tutor.core.standby`), asked for while it is idle. Everything the learner process sends back is
bounded before it is read (frame size, then `tutor.core.codec`'s limits), checked for shape, and
its text trimmed and stripped of terminal control sequences (`tutor.core.text`).

Every way a call can go wrong becomes a `LearnerProblem` with a verdict and a plain message.
"""

from __future__ import annotations

import json
import os
import select
import signal
import time
from typing import Any

from tutor.core import codec, framing, isolation, standby
from tutor.core.model import Limits
from tutor.core.results import Isolation, LearnerProblem, Verdict
from tutor.core.text import clean
from tutor.core.zygote import Spawned, ZygoteError, shared

MESSAGE_CHARS = 2000
"""Characters of a learner's exception message kept."""
DETAIL_CHARS = 8000
"""Characters of a traceback or a syntax error's context kept."""
REPLY_LIMIT = 64 * 1024 * 1024
"""Largest reply accepted from a learner process (an honest one is a few MiB at most)."""
EXIT_WAIT = 1.0
"""Seconds to wait for the keeper to say how a learner process that stopped answering ended."""
_poll_window = 0.0005


def set_poll_window(seconds: float) -> None:
    """How long both ends of a learner call poll for the answer before sleeping (this process).

    Polling halves a call's round trip when a core is free, and steals time from other graders
    when none is: a process that grades in parallel with others on few cores sets it to 0.
    """
    global _poll_window
    _poll_window = max(0.0, seconds)


def _single_cpu() -> int:
    """The one CPU this process may run on, where its learner process should run too when
    neither polls (`grade` with every core busy gives each grading process one); else -1."""
    if _poll_window:
        return -1
    cpus = os.sched_getaffinity(0)
    return next(iter(cpus)) if len(cpus) == 1 else -1


def cpu_seconds(limits: Limits) -> int:
    """The learner process's CPU-time limit for one run: the wall-clock limit, rounded up."""
    return int(limits.timeout) + 1


def _crash(message: str) -> LearnerProblem:
    return LearnerProblem(Verdict.CRASH, message)


def raised_problem(report: dict[str, Any]) -> LearnerProblem:
    """Turn a learner process's "raised" report into the problem a check sees."""
    types = tuple(clean(str(t), 100) for t in report.get("types", ())[:16] if isinstance(t, str)) or ("Exception",)
    name = types[0]
    trace = clean(str(report.get("traceback", "")), DETAIL_CHARS)
    if "MemoryError" in types:
        return LearnerProblem(Verdict.MEMORY, "your code ran out of memory (MemoryError)", trace, types)
    if name == "NotImplementedError":
        return LearnerProblem(Verdict.TODO, "not implemented yet: the function still raises NotImplementedError",
                              trace, types)
    if name == "SystemExit":
        return LearnerProblem(Verdict.CRASH, "your code called exit(); a function must return its result", trace, types)
    message = clean(str(report.get("message", "")), MESSAGE_CHARS)
    return LearnerProblem(Verdict.EXCEPTION, f"{name}: {message}" if message else name, trace, types)


class LearnerProcess:
    """One isolated learner process: load the file, then call its functions until closed.

    ``files`` are other learner files (name -> source) written beside this one in the run
    folder, importable by name: the earlier exercises an exercise `uses`.
    """

    def __init__(self, source: str, display_path: str, limits: Limits, files: dict[str, str] | None = None) -> None:
        self.limits = limits
        self._source = source
        self._display_path = display_path
        self._files = dict(files or {})
        self.names: list[str] = []
        self.isolation: Isolation | None = None
        self._affinity: set[int] | None = None
        self.layers: set[str] = set()
        """The isolation layers the learner process reported holding (`isolation.LAYERS` names)."""
        self.isolation_notes: list[str] = []
        """Why layers failed to set up, as the learner process reported it."""
        self._spawned: Spawned | None = None
        self._frames = framing.FrameBuffer(REPLY_LIMIT)
        self._control = b""
        self._exit_status: int | None = None
        self._output = bytearray()
        self._output_dropped = 0
        self._out_open = False

    # -- lifecycle ------------------------------------------------------------------------

    def start(self, timeout: float) -> list[str]:
        """Take a confined learner process and load the file. Returns the names it defines."""
        deadline = time.monotonic() + timeout
        try:
            zygote = shared()
            self._spawned = standby.take(zygote, self.limits)
        except ZygoteError as exc:
            raise _crash(f"could not start a process to run your code: {exc}") from None
        self._out_open = True
        ready = self._receive(deadline, "starting the learner process", limit=f"{timeout:g} s")
        if ready.get("status") != "ready":
            self.close()
            raise _crash(f"the learner process could not be set up: {clean(str(ready.get('message', '')), 300)}")
        layers, notes = ready.get("layers"), ready.get("notes")
        self.layers = {str(n) for n in layers if str(n) in isolation.LAYERS} if isinstance(layers, list) else set()
        self.isolation = isolation.isolation_of(self.layers)
        self.isolation_notes = [clean(str(n), 300) for n in notes] if isinstance(notes, list) else []
        self._write(codec.encode({
            "op": "load", "source": self._source, "display_path": self._display_path, "files": self._files,
            "poll": _poll_window, "away_from": self._pin_here(), "on_cpu": _single_cpu(),
            "limits": {"cpu_seconds": cpu_seconds(self.limits), "memory_mb": self.limits.memory_mb,
                       "file_mb": self.limits.file_mb},
        }), deadline, "loading your file", limit=f"{timeout:g} s")
        report = self._receive(deadline, "loading your file", limit=f"{timeout:g} s")
        status = report.get("status")
        if status == "loaded":
            names = report.get("names")
            self.names = [str(n) for n in names] if isinstance(names, list) else []
            return self.names
        self.close()
        if status == "syntax":
            raise self._syntax(report)
        if status == "raised":
            problem = raised_problem(report)
            problem.message = f"loading your file failed: {problem.message}"
            raise problem
        raise _crash(clean(str(report.get("message", "the learner process failed to start")), 300))

    def _pin_here(self) -> int:
        """While this learner process runs and both ends poll, keep this process on one CPU and
        the learner off it (-1: no pinning): the CPU a standby learner was already placed off,
        else this one. `close` gives this process its CPUs back."""
        placed = self._spawned.away_from if self._spawned is not None else -1
        cpu = (placed if placed >= 0 else standby.current_cpu()) if _poll_window else -1
        if cpu >= 0:
            try:
                self._affinity = os.sched_getaffinity(0)
                os.sched_setaffinity(0, {cpu})
            except OSError:
                self._affinity = None
                return -1
        return cpu

    def _syntax(self, report: dict[str, Any]) -> LearnerProblem:
        line, offset = report.get("line"), report.get("offset")
        line = line if isinstance(line, int) else 0
        offset = offset if isinstance(offset, int) else 0
        text = clean(str(report.get("text", "")), 200)
        message = clean(str(report.get("msg", "invalid syntax")), 300)
        where = f"line {line}"
        context = f"\n    {text}\n    {' ' * min(max(offset - 1, 0), 200)}^" if text else ""
        return LearnerProblem(Verdict.SYNTAX, f"syntax error at {where}: {message}",
                              f"{self._display_path}, {where}{context}")

    def close(self) -> None:
        """Stop the learner process (its keeper kills it and everything it started)."""
        spawned, self._spawned = self._spawned, None
        if spawned is None:
            return
        self._drain_output(wait=0.0)
        spawned.kill()
        self._out_open = False
        if self._affinity is not None:
            try:
                os.sched_setaffinity(0, self._affinity)
            except OSError:
                pass
            self._affinity = None

    @property
    def alive(self) -> bool:
        return self._spawned is not None

    @property
    def output(self) -> str:
        """What the learner's code printed (stdout and stderr interleaved), capped and cleaned."""
        text = clean(self._output.decode("utf-8", "replace"))
        if self._output_dropped:
            text += f"\n[... {self._output_dropped} more bytes of output dropped]"
        return text

    # -- calls ----------------------------------------------------------------------------

    def discard_output(self) -> None:
        """Forget the output collected so far (the caller has kept it)."""
        self._output.clear()
        self._output_dropped = 0

    def call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], timeout: float,
             limit: str | None = None) -> Any:
        """Call a learner function; return its value as plain data or raise LearnerProblem.
        ``limit`` names the time limit in a timeout's message (default: ``timeout`` seconds)."""
        if self._spawned is None:
            raise _crash("the learner process is not running")
        what = f"the call to {name}()"
        deadline = time.monotonic() + timeout
        try:
            frame = codec.encode({"call": name, "args": list(args), "kwargs": kwargs})
        except codec.EncodeError as exc:
            raise TypeError(f"check passed a value that cannot cross to the learner: {exc}") from None
        label = limit or f"{timeout:g} s"
        self._write(frame, deadline, what, limit=label)
        report = self._receive(deadline, what, limit=label)
        status = report.get("status")
        if status == "ok":
            return report.get("value")
        if status == "raised":
            raise raised_problem(report)
        if status == "badtype":
            kind = clean(str(report.get("type", "a value")), 200)
            raise LearnerProblem(Verdict.BAD_TYPE, f"{name}() returned {kind}, which is not plain data "
                                 "(numbers, arrays, tuples)")
        self.close()
        raise _crash(f"the learner process sent a malformed reply during {what}")

    # -- plumbing -------------------------------------------------------------------------

    def _drain_output(self, wait: float) -> None:
        spawned = self._spawned
        while spawned is not None and self._out_open and select.select([spawned.output], [], [], wait)[0]:
            try:
                chunk = os.read(spawned.output, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                self._out_open = False
                return
            room = max(self.limits.output_kb * 1024 - len(self._output), 0)
            self._output += chunk[:room]
            self._output_dropped += max(len(chunk) - room, 0)

    def _timed_out(self, what: str, limit: str | None) -> LearnerProblem:
        self._drain_output(wait=0.0)
        self.close()
        return LearnerProblem(Verdict.TIMEOUT, f"time limit: {what} did not finish within {limit or 'its time limit'} "
                              "(an infinite loop?)", self.output[-1500:])

    def _wait(self, deadline: float, what: str, *, writable: bool = False, limit: str | None = None) -> bool:
        """Wait until a reply can be read (True) or a request written (False), draining output."""
        spawned = self._spawned
        assert spawned is not None
        spin_until = time.monotonic() + _poll_window
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise self._timed_out(what, limit)
            readers = [spawned.replies] + ([spawned.output] if self._out_open else [])
            # Most calls answer within a fraction of a millisecond: poll for that long before
            # sleeping in select, which would add the scheduler's wake-up latency to every call.
            wait = 0 if now < spin_until else deadline - now
            ready_r, ready_w, _ = select.select(readers, [spawned.requests] if writable else [], [], wait)
            if spawned.output in ready_r:
                self._drain_output(wait=0.0)
            if spawned.replies in ready_r or ready_w:
                return spawned.replies in ready_r

    def _write(self, data: bytes, deadline: float, what: str, limit: str | None = None) -> None:
        view = memoryview(framing.pack(data))
        spawned = self._spawned
        assert spawned is not None
        while view:
            if self._wait(deadline, what, writable=True, limit=limit):
                return  # the process answered or died before reading everything: read that
            try:
                view = view[os.write(spawned.requests, view):]
            except BlockingIOError:
                continue
            except BrokenPipeError:
                return

    def _receive(self, deadline: float, what: str, limit: str | None = None) -> dict[str, Any]:
        """The next reply, decoded and bounded; a process that died or lied becomes a problem."""
        while True:
            payload = self._frames.take()
            if payload is not None:
                break
            self._wait(deadline, what, limit=limit)
            spawned = self._spawned
            assert spawned is not None
            chunk = os.read(spawned.replies, self._frames.read_size())
            if not chunk:
                raise self._died(what)
            try:
                self._frames.feed(chunk)
                head = self._frames.head(7)
                if head is not None:
                    codec.check_prefix(*head)
            except framing.FrameError:
                self.close()
                raise LearnerProblem(Verdict.BAD_TYPE, f"{what} sent back more data than the grader accepts "
                                     f"({REPLY_LIMIT // (1024 * 1024)} MiB)") from None
            except codec.DecodeError as exc:
                self.close()
                raise LearnerProblem(Verdict.BAD_TYPE, f"{what} sent back a value the grader does not accept "
                                     f"({clean(str(exc), 200)})") from None
        try:
            report = codec.decode(payload)
        except codec.DecodeError as exc:
            self.close()
            raise LearnerProblem(Verdict.BAD_TYPE, f"{what} sent back a value the grader does not accept "
                                 f"({clean(str(exc), 200)})") from None
        if not isinstance(report, dict):
            self.close()
            raise _crash(f"the learner process sent a malformed reply during {what}")
        return report

    def _exit_of(self) -> int | None:
        """The learner process's wait status, from its keeper."""
        spawned = self._spawned
        if spawned is None:
            return None
        deadline = time.monotonic() + EXIT_WAIT
        while time.monotonic() < deadline:
            for line in self._control.split(b"\n")[:-1]:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                status = message.get("exit") if isinstance(message, dict) else None
                if isinstance(status, int):
                    return status
            if not select.select([spawned.control], [], [], max(deadline - time.monotonic(), 0))[0]:
                return None
            try:
                chunk = spawned.control.recv(4096)
            except OSError:
                return None
            if not chunk:
                return None
            self._control += chunk
        return None

    def _died(self, what: str) -> LearnerProblem:
        """The reply pipe closed: find out how the learner process ended."""
        status = self._exit_of()
        self._drain_output(wait=0.05)
        self.close()
        tail = self.output[-1500:]
        if status is None:
            return _crash(f"the learner process stopped answering during {what}")
        if "MemoryError" in tail or "Cannot allocate memory" in tail or "out of memory" in tail:
            return LearnerProblem(Verdict.MEMORY, f"your code ran out of memory during {what}", tail)
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGXCPU:
                return LearnerProblem(Verdict.TIMEOUT, f"CPU time limit: {what} used more than "
                                      f"{cpu_seconds(self.limits)} s of CPU", tail)
            if sig == signal.SIGSYS:
                return _crash(f"your code made a system call that learner code may not make during {what}")
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else f"signal {sig}"
            return _crash(f"your code crashed the process ({name}) during {what}")
        code = os.WEXITSTATUS(status)
        return _crash(f"your code ended the process (exit status {code}) during {what}; "
                      "a function must return its result")
