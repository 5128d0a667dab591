"""What every tutor screen shares: typed access to the app, and the unsaved-edits guard.

A screen that holds edits (the exercise) overrides `has_unsaved_edits` and `confirm_leave`;
the app calls `confirm_leave` before anything that would close it (quit, opening another
exercise), and the screen's own ways out (escape) do the same, so every exit asks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual.screen import Screen

from tutor.host import TutorHost, host

ResultT = TypeVar("ResultT")


class TutorScreen(Screen[ResultT]):
    """A screen of the tutor app."""

    @property
    def host(self) -> TutorHost:
        """The app, typed: packs, progress, navigation."""
        return host(self)

    @property
    def has_unsaved_edits(self) -> bool:
        """Whether closing the screen now would lose the learner's edits."""
        return False

    def confirm_leave(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the learner's edits are safe: saved, or discarded on purpose (asking
        save / discard / stay). Staying calls nothing."""
        then()

    def keep_unsaved(self) -> Path | None:
        """Keep edits nobody decided on (the app is stopping on an error or a signal) aside;
        return where, or None when there were none."""
        return None
