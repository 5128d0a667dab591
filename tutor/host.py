"""What screens and widgets may ask of the app, as a typed interface.

Textual types `widget.app` as a plain `App`, so a screen reaching for `self.app.course` is an
untyped guess. `host(node)` returns the running app as a `TutorHost` instead: the few things
the tutor's screens and widgets use, checked by mypy against `tutor.app.TutorApp` (which
declares that it implements this protocol). Depending on this interface rather than on the
App class keeps `tutor.app` free to import every screen without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tutor.core.course import Course
    from tutor.core.model import Exercise, Lesson, Pack
    from tutor.core.service import GradingService


class TutorHost(Protocol):
    """The app as screens and widgets see it."""

    @property
    def course(self) -> Course:
        """Packs, workspace and progress."""

    @property
    def watch_files(self) -> bool:
        """Whether exercise screens watch the learner's file for saves made outside the app."""

    @property
    def grader(self) -> GradingService:
        """The warm grading worker (blocking calls: only from thread workers)."""

    def restart_grader(self) -> None:
        """Replace a grading worker that stopped."""

    def open_lesson(self, pack: Pack, lesson: Lesson) -> None:
        """Show the lesson reader."""

    def open_exercise(self, pack: Pack, exercise: Exercise) -> None:
        """Show the exercise (asking first if an exercise open now has unsaved edits)."""

    def open_course_end(self, pack: Pack) -> None:
        """Show the pack's final text and the learner's summary."""


def host(node: DOMNode) -> TutorHost:
    """The running tutor app, typed."""
    return cast("TutorHost", node.app)
