"""The first screen: every pack's lessons and exercises, progress, and where the files are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Header, ProgressBar, Static

from tutor.core.progress import Status
from tutor.screens.base import TutorScreen
from tutor.widgets.lesson_list import LessonList
from tutor.widgets.text import assemble


class LessonMapScreen(TutorScreen[None]):
    """Lessons with per-exercise status, an overall progress bar and the workspace path."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "open_lesson", "Lesson", tooltip="Read the highlighted lesson (or the exercise's lesson)"),
        Binding("n", "next_exercise", "Next",
                tooltip="Work on the first exercise not done yet (the course's end once all are)"),
        Binding("s", "course_end", "Summary", show=False,
                tooltip="Your record for the highlighted pack: checks, hints and time per exercise"),
        Binding("w", "show_warnings", "Warnings", show=False, tooltip="Show the pack warnings again"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="workspace")
        with Horizontal(id="overall"):
            yield Static(id="overall-label")
            yield ProgressBar(show_eta=False, id="overall-bar")
        yield Static(id="warnings")
        yield LessonList(id="lessons")
        yield Footer()

    def on_mount(self) -> None:
        tutor = self.host.course
        self.sub_title = "Lessons"
        self.query_one("#workspace", Static).update(assemble("Your files: ", (tutor.workspace.shown, "bold")))
        self.refresh_progress()
        self.query_one(LessonList).focus()
        if not tutor.packs:
            self.query_one(LessonList).display = False
        self._show_warning_line()
        self.action_show_warnings()

    def on_screen_resume(self) -> None:
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Redraw statuses and the progress bar from the progress store."""
        tutor = self.host.course
        statuses: dict[tuple[str, str], Status] = {}
        files: dict[tuple[str, str], str] = {}
        for pack in tutor.packs:
            progress = tutor.progress.all(pack.name)
            for exercise in pack.exercises:
                statuses[(pack.name, exercise.id)] = (progress[exercise.id].status if exercise.id in progress
                                                      else Status.NOT_STARTED)
                files[(pack.name, exercise.id)] = tutor.workspace.relative(pack, exercise)
        self._show_warning_line()  # opening the progress store can add a warning
        self.query_one(LessonList).show(tutor.packs, statuses, files)
        total = len(statuses)
        done = sum(status == Status.DONE for status in statuses.values())
        bar = self.query_one("#overall-bar", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#overall-label", Static).update(f"{done} of {total} exercises done")

    def _show_warning_line(self) -> None:
        tutor = self.host.course
        warnings = tutor.warnings
        line = self.query_one("#warnings", Static)
        if not tutor.packs:
            line.update(assemble(("No lesson pack could be loaded. ", "bold $text-error"),
                                 " ".join(w.splitlines()[0] for w in warnings)))
        elif warnings:
            first = warnings[0].splitlines()[0]
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            line.update(assemble((f"⚠ {first}{more}", "$text-warning"), (" w: details", "$text-muted")))
        line.display = bool(warnings) or not tutor.packs

    # -- messages up from the list ---------------------------------------------------------

    def on_lesson_list_lesson_chosen(self, message: LessonList.LessonChosen) -> None:
        self.host.open_lesson(message.pack, message.lesson)

    def on_lesson_list_exercise_chosen(self, message: LessonList.ExerciseChosen) -> None:
        self.host.open_exercise(message.pack, message.exercise)

    # -- actions ---------------------------------------------------------------------------

    def action_open_lesson(self) -> None:
        entry = self.query_one(LessonList).current
        if entry is not None:
            self.host.open_lesson(entry.pack, entry.lesson)

    def action_next_exercise(self) -> None:
        tutor = self.host.course
        target = tutor.next_exercise()
        if target is not None:
            self.host.open_exercise(*target)
        else:
            self.action_course_end()

    def action_course_end(self) -> None:
        entry = self.query_one(LessonList).current
        packs = self.host.course.packs
        if entry is not None:
            self.host.open_course_end(entry.pack)
        elif packs:
            self.host.open_course_end(packs[0])

    def action_show_warnings(self) -> None:
        for warning in self.host.course.warnings:
            self.notify(warning, title="Pack warning", severity="warning", timeout=12, markup=False)

    def palette_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand("Next exercise", "Work on the first exercise not done yet", self.action_next_exercise)
        yield SystemCommand("Course summary", "Your record: checks, hints and time per exercise",
                            self.action_course_end)
