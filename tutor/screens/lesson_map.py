"""The first screen: every pack's lessons and exercises, progress, and where the files are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static

from tutor.core.progress import Status
from tutor.widgets.lesson_list import LessonList
from tutor.widgets.marks import plain


class LessonMapScreen(Screen):
    """Lessons with per-exercise status, an overall progress bar and the workspace path."""

    BINDINGS = [
        Binding("l", "open_lesson", "Lesson", tooltip="Read the highlighted lesson (or the exercise's lesson)"),
        Binding("n", "next_exercise", "Next", tooltip="Work on the first exercise not done yet"),
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
        tutor = self.app.tutor
        self.sub_title = "Lessons"
        self.query_one("#workspace", Static).update(f"Your files: [b]{plain(str(tutor.workspace.root))}[/b]")
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
        tutor = self.app.tutor
        statuses: dict[tuple[str, str], str] = {}
        files: dict[tuple[str, str], str] = {}
        for pack in tutor.packs:
            progress = tutor.progress.all(pack.name)
            for exercise in pack.exercises:
                statuses[(pack.name, exercise.id)] = progress[exercise.id].status if exercise.id in progress else Status.NOT_STARTED
                files[(pack.name, exercise.id)] = tutor.workspace.relative(pack, exercise)
        self._show_warning_line()  # opening the progress store can add a warning
        self.query_one(LessonList).show(tutor.packs, statuses, files)
        total = len(statuses)
        done = sum(status == Status.DONE for status in statuses.values())
        bar = self.query_one("#overall-bar", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#overall-label", Static).update(f"{done} of {total} exercises done")

    def _show_warning_line(self) -> None:
        warnings = self.app.tutor.warnings
        line = self.query_one("#warnings", Static)
        if not self.app.tutor.packs:
            line.update("[b $text-error]No lesson pack could be loaded.[/] " + plain(" ".join(w.splitlines()[0] for w in warnings)))
        elif warnings:
            first = warnings[0].splitlines()[0]
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            line.update(f"[$text-warning]⚠ {plain(first)}{more}[/] [$text-muted]w: details[/]")
        line.display = bool(warnings) or not self.app.tutor.packs

    # -- messages up from the list ---------------------------------------------------------

    def on_lesson_list_lesson_chosen(self, message: LessonList.LessonChosen) -> None:
        self.app.open_lesson(message.pack, message.lesson)

    def on_lesson_list_exercise_chosen(self, message: LessonList.ExerciseChosen) -> None:
        self.app.open_exercise(message.pack, message.exercise)

    # -- actions ---------------------------------------------------------------------------

    def action_open_lesson(self) -> None:
        entry = self.query_one(LessonList).current
        if entry is not None:
            self.app.open_lesson(entry.pack, entry.lesson)

    def action_next_exercise(self) -> None:
        tutor = self.app.tutor
        for pack in tutor.packs:
            for exercise in pack.exercises:
                if not tutor.progress.get(pack.name, exercise.id).status.finished:
                    self.app.open_exercise(pack, exercise)
                    return
        if all(tutor.progress.get(p.name, ex.id).status == Status.DONE for p in tutor.packs for ex in p.exercises):
            self.notify("Every exercise is done. Well done!", title="All done")
        else:  # a student copy never claims more than its public checks show
            self.notify("Every exercise is done or passes its public checks; the hidden checks run when graded.",
                        title="Nothing left to do")

    def action_show_warnings(self) -> None:
        for warning in self.app.tutor.warnings:
            self.notify(plain(warning), title="Pack warning", severity="warning", timeout=12)
