"""The exercise's status line: the learner's record, whether the file passes now, unsaved edits,
the file, and a warning when the last run's isolation was weaker than promised.

Attributes down: the exercise screen sets each reactive once per change (a check recorded, a
hint shown, a reset, an edit that makes the file dirty or clean); nothing here reads the
progress store, so typing costs no query.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tutor.core.progress import Status
from tutor.widgets.marks import status_mark, status_words
from tutor.widgets.results import isolation_line
from tutor.widgets.text import assemble, literal


class ExerciseStatus(Widget):
    """One line above the exercise's tabs (wrapped when an isolation warning makes it long)."""

    DEFAULT_CSS = """
    ExerciseStatus {
        height: auto;
        padding: 0 1;
    }
    """

    status: reactive[Status] = reactive(Status.NOT_STARTED, layout=True)
    """The learner's record for the exercise, from the progress store."""
    passing: reactive[bool | None] = reactive(None, layout=True)
    """Whether the file passed its last check; None before the first check ends."""
    dirty: reactive[bool] = reactive(False, layout=True)
    """Whether the editor holds edits that are not saved."""
    warning: reactive[str | None] = reactive(None, layout=True)
    """The last run's isolation warning, if any."""

    def __init__(self, file: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.file = file
        """The exercise's path in the workspace, as shown."""

    def render(self) -> Content:
        if self.status == Status.DONE and self.passing is False:
            # Passed once, failing now (a reset, or an edit since): say both, never "done" alone.
            state = assemble(status_mark(Status.IN_PROGRESS), " ", ("passed before; failing now", "$text-muted"))
        else:
            state = assemble(status_mark(self.status), " ", (status_words(self.status), "$text-muted"))
        parts = [state]
        if self.dirty:
            parts.append(assemble(" ", ("● unsaved", "bold $text-warning")))
        parts.append(assemble(" · ", literal(self.file)))
        if self.warning:
            parts.append(assemble(" · ", isolation_line(self.warning)))
        return assemble(*parts)
