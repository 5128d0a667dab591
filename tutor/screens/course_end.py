"""The course's end: the pack's closing text and the learner's record, exercise by exercise.

Shown when the last exercise of a pack passes, and on demand (the lesson map's "s", "n" once
everything is done, the palette). Before the end it is a progress report: the same table,
with what is left.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from tutor.core.model import Pack
from tutor.core.progress import Status
from tutor.core.summary import CourseSummary, course_summary, duration
from tutor.core.text import printable
from tutor.screens.base import TutorScreen
from tutor.widgets.marks import status_mark
from tutor.widgets.text import assemble, literal


def summary_table(summary: CourseSummary) -> Table:
    """Per exercise: status, checks run, hints shown, time from the first check to the first pass."""
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold", expand=False)
    table.add_column("")
    table.add_column("exercise", overflow="fold")
    table.add_column("checks", justify="right")
    table.add_column("hints", justify="right")
    table.add_column("time to pass", justify="right")
    marks = {Status.DONE: ("✓", "green"), Status.IN_PROGRESS: ("◐", "yellow"), Status.NOT_STARTED: ("○", "dim")}
    for record in summary.exercises:
        mark, style = marks[record.status]
        table.add_row(Text(mark, style=style), Text(printable(record.title)), str(record.attempts), str(record.hints),
                      duration(record.seconds))
    table.add_section()
    table.add_row("", Text(f"{summary.done} of {len(summary.exercises)} done", style="bold"), str(summary.attempts),
                  str(summary.hints), duration(summary.seconds) if summary.done else "—")
    return table


class CourseEndScreen(TutorScreen[None]):
    """A pack's final text (once every exercise is done) and the learner's record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", tooltip="Back to where you were"),
    ]

    DEFAULT_CSS = """
    CourseEndScreen #course-end {
        padding: 1 2;
    }
    CourseEndScreen #final {
        margin-bottom: 1;
        padding: 0 1;
        border-left: wide $success;
    }
    CourseEndScreen .heading {
        margin-bottom: 1;
    }
    """

    def __init__(self, pack: Pack) -> None:
        super().__init__()
        self.pack = pack

    def compose(self) -> ComposeResult:
        summary = course_summary(self.pack, self.host.course.progress)
        finished = summary.done == len(summary.exercises)
        yield Header()
        with VerticalScroll(id="course-end"):
            if finished:
                yield Static(assemble(("✓ ", "bold $text-success"), (f"You finished {self.pack.title}", "bold")),
                             classes="heading")
                if summary.final:
                    yield Static(literal(" ".join(summary.final.split())), id="final")
            else:
                left = len(summary.exercises) - summary.done
                yield Static(assemble((self.pack.title, "bold"), (f"  {left} exercise{'s' if left != 1 else ''} to go",
                                                                   "$text-muted")), classes="heading")
            yield Static(summary_table(summary), id="summary")
            yield Static(literal("checks: how often your file was checked; time to pass: from its first check "
                                 "to its first pass.", "$text-muted"))
            for record in summary.exercises:
                if record.status != Status.DONE:
                    yield Static(assemble("Next: ", status_mark(record.status), " ", (record.title, "bold"),
                                          ("  (n on the lesson map)", "$text-muted")))
                    break
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "The course's end" if self.host.course.pack_done(self.pack) else "Your record"
        self.query_one("#course-end").focus()

    def action_close(self) -> None:
        self.dismiss()
