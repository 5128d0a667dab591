"""Guards around a pack author's code in the grader: a time limit that stops while the learner's
code runs, and a broken check told by its file, line and traceback, relative to its pack.

Check modules, checks and the known-wrong variants replayed for diagnosis are trusted code: they
run in the grader's own process. An endless loop there would hang `pack validate` and spend every
student's budget in `grade`; an exception there is the author's bug, never the learner's.
`CheckClock` bounds the first; `where_broken` and `broken_detail` describe the second.

The clock is SIGALRM driven (an interval timer), so it interrupts a Python loop and a
``time.sleep`` alike, costs two system calls per learner call, and leaves no thread behind when
the grader forks a learner process. Signals reach only the main thread: elsewhere the check runs
to its end and is then judged against its limit.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from tutor.core.checkapi import LoadedCheck
    from tutor.core.model import Exercise

T = TypeVar("T")

BROKEN_SUFFIX = ". An error in the check, not in the code it judges: it is not counted"
"""How the message of a broken check ends (`pack validate` words it for the author instead)."""
FRAME_RE = re.compile(r'File "([^"]+)", line (\d+)')
REPEAT = 0.05
"""Seconds between further interrupts once the time is up, should check code catch the first."""
HARD_GRACE = 2.0
"""Seconds past its limit that trusted code may go on swallowing interrupts (``except
BaseException`` in a loop) before the process gives up on it: it says which code on stderr
and exits with `EXIT_IGNORED_LIMIT`, as nothing else can stop code that catches everything."""
EXIT_IGNORED_LIMIT = 3
"""The exit status then: the status `grade` uses for broken checks."""


class CheckTimeout(BaseException):
    """Raised inside trusted code whose time is up. A BaseException, so an ``except Exception``
    in check code cannot swallow it."""


_armed: CheckClock | None = None
"""The clock in force in this process; a clock entered while another is in force adds nothing
(the outer limit holds)."""


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    clock = _armed
    if clock is not None and clock.running:
        clock.expired = True
        if clock.limit is not None and clock.running_for() > clock.limit + HARD_GRACE:
            _give_up(clock)
        raise CheckTimeout(f"ran longer than {clock.limit:g} s")


def _give_up(clock: CheckClock) -> None:
    """End this process: ``clock``'s code has caught every interrupt past its limit."""
    message = (f"latent-tutor: {clock.what or 'trusted code'} ran past its {clock.limit:g} s time limit "
               f"and caught every interrupt (an `except BaseException` or bare `except:` around a loop?); "
               f"stopping. Fix that code: it is the pack's, not the learner's.\n")
    try:
        os.write(2, message.encode("utf-8", "replace"))
    finally:
        os._exit(EXIT_IGNORED_LIMIT)


class CheckClock:
    """A time limit on trusted code, counting only the time it runs itself.

    ``with CheckClock(limit): ...`` raises `CheckTimeout` inside the block once it has run for
    ``limit`` seconds; time spent in functions wrapped by `paused` (the learner's calls, which
    have limits of their own) does not count. ``limit=None`` means no limit.
    """

    def __init__(self, limit: float | None, what: str | Callable[[], str] = "") -> None:
        self.limit = limit
        self._what = what
        self.used = 0.0
        """Seconds the guarded code has run so far, pauses excluded."""
        self.expired = False
        self._since: float | None = None
        self._interrupts = False
        self._previous: Any = None

    @property
    def what(self) -> str:
        """The guarded code, in words (``check 'rows' of svd-truncate (checks/svd.py)``); given
        as a function, it is worked out only when it is said."""
        return self._what() if callable(self._what) else self._what

    @property
    def running(self) -> bool:
        """The guarded code is running (not paused, not finished)."""
        return self._since is not None

    def running_for(self) -> float:
        """Seconds the guarded code has run, pauses excluded, up to now."""
        return self.used + (time.monotonic() - self._since if self._since is not None else 0.0)

    def __enter__(self) -> CheckClock:
        global _armed
        if self.limit is None or _armed is not None:
            return self
        self._interrupts = threading.current_thread() is threading.main_thread()
        if self._interrupts:
            self._previous = signal.signal(signal.SIGALRM, _on_alarm)
        _armed = self
        self._resume()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        global _armed
        if _armed is not self:
            return
        try:
            self._pause()
        finally:
            _armed = None  # first: from here on an interrupt still in flight does nothing
            if self._interrupts:
                signal.setitimer(signal.ITIMER_REAL, 0, 0)
                signal.signal(signal.SIGALRM, self._previous)
        if kind is None and self.limit is not None and (self.expired or self.used > self.limit):
            self.expired = True  # it swallowed the interrupts, or it ran where none can reach
            raise CheckTimeout(f"ran longer than {self.limit:g} s")

    def _resume(self) -> None:
        assert self.limit is not None
        self._since = time.monotonic()
        if self._interrupts:
            remaining = self.limit - self.used
            signal.setitimer(signal.ITIMER_REAL, max(remaining, 1e-4), REPEAT)

    def _pause(self) -> None:
        since, self._since = self._since, None  # one step: once stopped, interrupts do nothing
        if since is None:
            return
        if self._interrupts:
            signal.setitimer(signal.ITIMER_REAL, 0, 0)
        self.used += time.monotonic() - since

    def paused(self, func: Callable[..., T]) -> Callable[..., T]:
        """``func`` wrapped so that the time it takes does not count against this clock."""

        def call(*args: Any, **kwargs: Any) -> T:
            if _armed is not self or not self.running:
                return func(*args, **kwargs)
            self._pause()
            try:
                return func(*args, **kwargs)
            finally:
                self._resume()

        return call


# -- a broken check, in words --------------------------------------------------------------

def _inside(path: str, root: Path) -> bool:
    try:
        Path(path).resolve().relative_to(root)
    except (ValueError, OSError):
        return False
    return True


def _pack_frames(exc: BaseException, root: Path) -> list[traceback.FrameSummary]:
    root = root.resolve()
    return [f for f in traceback.extract_tb(exc.__traceback__) if _inside(f.filename, root)]


def relative_to_pack(text: str, root: Path) -> str:
    """``text`` with the pack folder's absolute path taken out (``checks/x.py``, not ``/home/...``)."""
    resolved = root.resolve()
    for prefix in {str(resolved), str(root)}:
        text = text.replace(prefix + "/", "")
    return text


def where_broken(exc: BaseException, root: Path,
                 fallback: Callable[..., Any] | None = None) -> tuple[str | None, int | None]:
    """The pack file (relative to ``root``) and line where trusted code raised ``exc``: the
    innermost frame inside the pack, else where ``fallback`` (the check function) is defined."""
    frames = _pack_frames(exc, root)
    if frames:
        return relative_to_pack(frames[-1].filename, root), frames[-1].lineno
    code = getattr(fallback, "__code__", None)
    if code is not None and _inside(code.co_filename, root.resolve()):
        return relative_to_pack(code.co_filename, root), code.co_firstlineno
    return None, None


def broken_detail(exc: BaseException, root: Path) -> str:
    """The traceback of a broken check: its frames inside the pack (check modules and their
    helpers), then the exception, with paths relative to the pack."""
    lines = ["Traceback (frames in the pack):\n"]
    lines += traceback.format_list(_pack_frames(exc, root))
    if isinstance(exc, CheckTimeout):
        lines.append(f"CheckTimeout: {exc}\n")
    else:
        lines += traceback.format_exception_only(type(exc), exc)
    return relative_to_pack("".join(lines), root).rstrip()


def location_in(detail: str) -> tuple[str | None, int | None]:
    """The innermost pack file and line named by a broken check's traceback (`broken_detail`)."""
    frames = FRAME_RE.findall(detail)
    return (frames[-1][0], int(frames[-1][1])) if frames else (None, None)


def describe(exc: BaseException) -> str:
    """``KeyError: 'x'``: the exception's type and message, for one line."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def broken_check(exercise: Exercise, loaded: LoadedCheck, exc: BaseException, clock: CheckClock) -> tuple[str, str]:
    """The message and detail of a check that broke, or ran out of its own time: which check,
    where in the pack, and that it is the check's fault (a broken check is never counted)."""
    root = exercise.pack_root
    file, line = where_broken(exc, root, loaded.func)
    at = f"{file}:{line}" if file and line else (file or "its module")
    name = loaded.spec.name
    if isinstance(exc, CheckTimeout):
        what = (f"its own code ran longer than its {clock.limit:g} s time limit (limits.check_timeout; "
                f"the learner's calls do not count), stopped at {at}")
    else:
        what = f"{relative_to_pack(describe(exc), root)} at {at}"
    return f"check {name!r} is broken: {what}{BROKEN_SUFFIX}", broken_detail(exc, root)
