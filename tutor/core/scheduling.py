"""When to check a learner's file: the watch-mode rules, apart from any UI.

Saves come in bursts (an editor writes a temporary file, renames it, touches it again), checks
take a while, and a learner may save again while one runs. The rules, after rustlings' watch
mode:

- a save seen on disk waits `debounce` seconds for the burst to end, and each further save
  in the burst restarts the wait; a save or check the learner asks for starts at once;
- one run at a time: a request while a run is in flight starts nothing; when the run ends,
  the file is checked once more if its text changed since the text that run checked;
- a save seen on disk whose text is the text last checked (the app's own save, seen again by
  the watcher) starts nothing.

`CheckScheduler` only decides; its owner starts the runs it hands out (`poll`), says when one
ended (`finished`), and wakes it up after `wait()` seconds. The clock is injectable for tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

DEBOUNCE_S = 0.08
"""How long a burst of outside saves must be quiet before it is checked. An editor's save is a
burst of events a few milliseconds apart (write, rename, touch); the watcher reports them
every 20 ms, so a save from another editor is checked about 0.1 s after its last event."""


@dataclass(frozen=True)
class Run:
    """A check to start now: on `text`, the file's content when the run was handed out."""

    text: str | None
    """The file's text, or None when it cannot be read (the run reports that)."""
    record: bool
    """Whether the attempt counts in the learner's progress."""


class CheckScheduler:
    """Decides when the learner's file is checked (see the module docstring for the rules)."""

    def __init__(self, read: Callable[[], str | None], *, debounce: float = DEBOUNCE_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._read, self._debounce, self._clock = read, debounce, clock
        self._pending = False
        self._record = False
        self._only_if_changed = True
        self._due = 0.0
        self._in_flight: Run | None = None
        self._last: str | None = None
        self._checked_any = False

    @property
    def in_flight(self) -> Run | None:
        """The run handed out and not finished yet, if any."""
        return self._in_flight

    @property
    def last_text(self) -> str | None:
        """The text of the last run handed out."""
        return self._last

    def request(self, *, record: bool = True, outside: bool = False) -> None:
        """Ask for a check of the file as it is on disk. ``outside``: a save seen by the watcher
        (debounced, and skipped when the text is the one last checked); otherwise the learner
        asked (a save in the app, ctrl+r), and it starts as soon as no run is in flight."""
        now = self._clock()
        if not self._pending:
            self._only_if_changed = True
            self._due = now
        self._pending = True
        self._record = self._record or record
        if outside:
            if self._only_if_changed:  # a learner's request waiting already is not held back
                self._due = max(self._due, now + self._debounce)
        else:
            self._only_if_changed = False
            self._due = min(self._due, now)

    def wait(self) -> float | None:
        """Seconds until `poll` may hand out a run; None when there is nothing to wait for
        (nothing pending, or a run in flight: `finished` is the next event)."""
        if not self._pending or self._in_flight is not None:
            return None
        return max(0.0, self._due - self._clock())

    def poll(self) -> Run | None:
        """The run to start now, if one is due."""
        if not self._pending or self._in_flight is not None or self._clock() < self._due:
            return None
        text = self._read()
        record, only_if_changed = self._record, self._only_if_changed
        self._pending, self._record = False, False
        if only_if_changed and self._checked_any and text == self._last:
            return None
        self._in_flight = Run(text, record)
        self._last, self._checked_any = text, True
        return self._in_flight

    def finished(self) -> None:
        """The run in flight ended. Requests made meanwhile become one more check, made only
        if the file changed since the text that run checked."""
        self._in_flight = None
        if self._pending:
            self._only_if_changed = True
