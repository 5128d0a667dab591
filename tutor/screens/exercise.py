"""The exercise view: the task, the learner's file in an editor, live check results, hints,
the solution once passed, reset, and a playground drawn by the learner's own code.

Checking: every save (ctrl+s here, or in any editor: the file's folder is watched) asks a
`CheckScheduler` (tutor.core.scheduling) for a run; the runs it hands out go to a thread worker
that calls the app's warm grading worker. The scheduler holds the watch-mode rules (debounce,
one run in flight, once more after it if the file changed); this screen only starts its runs,
tells it when they end and wakes it when it asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane, TextArea

from tutor.core.model import Exercise, Pack
from tutor.core.results import ExerciseResult
from tutor.core.scheduling import CheckScheduler, Run
from tutor.core.text import printable
from tutor.screens.base import TutorScreen
from tutor.screens.dialogs import ConfirmDialog, SolutionDialog, UnsavedDialog
from tutor.widgets.exercise_status import ExerciseStatus
from tutor.widgets.learner_editor import LearnerEditor
from tutor.widgets.playgrounds import playground_for
from tutor.widgets.playgrounds.base import Playground
from tutor.widgets.results import CheckResults, verdict_line
from tutor.widgets.task import TaskView, task_parts
from tutor.widgets.text import assemble, literal

TABS = {"task": "F2", "code": "F3", "results": "F4", "playground": "F5"}


class ExerciseScreen(TutorScreen[None]):
    """Work on one exercise."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the file (the checks run on every save)"),
        Binding("ctrl+r", "check", "Check", priority=True, tooltip="Run the checks on the saved file now"),
        Binding("ctrl+t", "hint", "Hint", priority=True, tooltip="Show the next hint"),
        Binding("f6", "next", "Next", priority=True, tooltip="Go on to the next exercise not done yet"),
        Binding("escape", "back", "Back", tooltip="Back (asks first if the file has unsaved edits)"),
        Binding("ctrl+n", "reset", "Reset", priority=True, show=False,
                tooltip="Put the starting stub back (your file is backed up)"),
        Binding("ctrl+l", "solution", "Solution", priority=True, show=False,
                tooltip="The reference solution, once you pass"),
        Binding("ctrl+o", "external_editor", "$EDITOR", priority=True, show=False, tooltip="Open the file in $EDITOR"),
        Binding("f2", "tab('task')", "Task", priority=True, show=False, tooltip="The task and the hints"),
        Binding("f3", "tab('code')", "Code", priority=True, show=False, tooltip="Your file, editable"),
        Binding("f4", "tab('results')", "Results", priority=True, show=False, tooltip="What the checks said"),
        Binding("f5", "tab('playground')", "Playground", priority=True, show=False,
                tooltip="Your code drawing pictures (exercises with a playground)"),
    ]

    class CheckFinished(Message):
        """The checks ran on `text`; `result` is the grading worker's reply."""

        def __init__(self, result: ExerciseResult, text: str, record: bool) -> None:
            super().__init__()
            self.result, self.text, self.record = result, text, record

    class CheckCrashed(Message):
        """The grading worker failed (it has been restarted)."""

        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, pack: Pack, exercise: Exercise) -> None:
        super().__init__()
        self.pack, self.exercise = pack, exercise
        self.path: Path = self.host.course.path(pack, exercise)
        self.last_result: ExerciseResult | None = None
        self._editor = LearnerEditor(self.path, id="editor")
        self.scheduler = CheckScheduler(self._editor.read)
        """When to check: debounce, one run in flight, once more after it if the file changed."""
        self._wake: Timer | None = None
        self._discarded = False
        """Set when the learner chose to discard their edits on the way out."""
        self._status = ExerciseStatus(self.host.course.workspace.relative(pack, exercise), id="exercise-status")

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield self._status
        stub = self._read(self.exercise.stub_path)
        with TabbedContent(initial="code", id="tabs"):
            with TabPane(f"Task {TABS['task']}", id="task"):
                yield TaskView(self.exercise.title, task_parts(self.exercise, stub), id="task-view")
            with TabPane(f"Code {TABS['code']}", id="code"):
                yield self._editor
            with TabPane(f"Results {TABS['results']}", id="results"):
                yield CheckResults(id="check-results")
            playground = playground_for(self.exercise.playground)
            if playground is not None:
                with TabPane(f"Playground {TABS['playground']}", id="playground"):
                    yield playground(self.pack.root, self.exercise, id="playground-panel")
        yield Static(id="verdict")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = printable(self.exercise.title)
        progress = self.host.course.progress.get(self.pack.name, self.exercise.id)
        self._status.status = progress.status
        self._show_hints(progress.hints_shown)
        self._set_verdict(literal("Checking your file…", "$text-muted"))
        self._follow(passing=False)
        self._editor.focus()
        if self._editor.undecodable:
            self.notify(f"{self.path.name} is not UTF-8 text, so it is shown read-only and never saved over here. "
                        "Save it as UTF-8 in your own editor (ctrl+o opens $EDITOR).", title="Not UTF-8",
                        severity="warning", timeout=20, markup=False)
        self._apply_editor_theme()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._apply_editor_theme())
        self.request_check(record=self._editor.saved_text != self._read(self.exercise.stub_path))
        if self.host.watch_files:
            self._editor.follow_disk()

    def on_unmount(self) -> None:
        self.keep_unsaved()

    def _apply_editor_theme(self) -> None:
        dark = self.app.current_theme.dark
        for editor in self.query(TextArea):
            editor.theme = "monokai" if dark else "github_light"

    def _read(self, path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _set_verdict(self, content: Content) -> None:
        self.query_one("#verdict", Static).update(content)

    def _show_hints(self, shown: int) -> None:
        self.query_one(TaskView).show_hints(self.exercise.hints, shown)

    def _refresh_status(self) -> None:
        self._status.status = self.host.course.status(self.pack, self.exercise)

    # -- unsaved edits ---------------------------------------------------------------------

    @property
    def has_unsaved_edits(self) -> bool:
        return self._editor.dirty and not self._discarded

    def confirm_leave(self, then: Callable[[], None]) -> None:
        if not self.has_unsaved_edits:
            then()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save" and self.save():
                then()
            elif choice == "discard":
                self._discarded = True
                then()

        self.app.push_screen(UnsavedDialog(self.path.name), chosen)

    def keep_unsaved(self) -> Path | None:
        """Keep edits nobody decided on (the app is stopping on an error or a signal) in the
        workspace's .latent-tutor/unsaved folder; return where, or None if there were none."""
        if not self.has_unsaved_edits:
            return None
        try:
            kept = self.host.course.workspace.keep_unsaved(self.pack, self.exercise, self._editor.text)
        except OSError:
            return None
        self._discarded = True  # kept once is enough
        return kept

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area is self._editor:
            self._status.dirty = self.has_unsaved_edits

    # -- checking --------------------------------------------------------------------------

    def request_check(self, *, record: bool = True, outside: bool = False) -> None:
        """Check the file as saved on disk, as the scheduler's rules allow."""
        self.scheduler.request(record=record, outside=outside)
        self._pump()

    def _pump(self) -> None:
        """Start the run the scheduler hands out, or wake up when it says one will be due."""
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        run = self.scheduler.poll()
        if run is not None:
            self._set_verdict(literal("⟳ Checking…", "$text-muted"))
            self._grade(run)
            return
        wait = self.scheduler.wait()
        if wait is not None:
            self._wake = self.set_timer(wait, self._pump)

    @work(thread=True, exclusive=True, exit_on_error=False, group="grading")
    def _grade(self, run: Run) -> None:
        from tutor.core.service import ServiceError

        try:
            result = self.host.grader.grade(self.pack.root, self.exercise.id, self.path)
        except ServiceError as exc:
            message = str(exc)
            try:
                self.host.restart_grader()
            except Exception as restart_error:  # said on screen; the next check tries again
                message += f" (restarting it failed too: {restart_error})"
            self.post_message(self.CheckCrashed(message))
            return
        except Exception as exc:  # never a traceback on screen
            self.post_message(self.CheckCrashed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.CheckFinished(result, run.text or "", run.record))

    async def on_exercise_screen_check_finished(self, message: CheckFinished) -> None:
        tutor = self.host.course
        result = self.last_result = message.result
        finished_course = False
        if message.record:
            was_done = tutor.pack_done(self.pack)
            tutor.progress.record_attempt(self.pack.name, self.exercise.id, passed=result.passed,
                                          score=result.run_score, elapsed_ms=result.elapsed_ms,
                                          public_passed=result.public_passed)
            finished_course = result.passed and not was_done and tutor.pack_done(self.pack)
            self._refresh_status()
        self._status.passing = result.public_passed
        self._status.warning = result.isolation_warning
        self._set_verdict(assemble(verdict_line(result), ("  ", ""), self._way_on(result)))
        await self.query_one(CheckResults).show_result(result, message.text)
        line = result.syntax_line
        if line is not None:
            self._editor.move_cursor((line - 1, 0), center=True)
        self._follow(passing=result.public_passed)
        self.scheduler.finished()
        self._pump()
        if finished_course:
            self.host.open_course_end(self.pack)

    def _way_on(self, result: ExerciseResult) -> Content:
        """What to press next, after the verdict."""
        if not result.public_passed:
            return literal(f"{TABS['results']}: details", "$text-muted")
        target = self.host.course.next_exercise(self.exercise)
        if target is None:
            return literal("F6: the course's end", "bold $text-success")
        if target[1].id == self.exercise.id:
            return literal(f"{TABS['results']}: details", "$text-muted")
        return assemble(("F6: next, ", "bold $text-success"), (target[1].title, "$text-success"))

    async def on_exercise_screen_check_crashed(self, message: CheckCrashed) -> None:
        self._set_verdict(assemble(("✗ The check could not run", "bold $text-error"),
                                   (" (F4: details)", "$text-muted")))
        await self.query_one(CheckResults).show_crash(message.message)
        self.notify(message.message, title="Grading worker restarted", severity="error", timeout=10, markup=False)
        self.scheduler.finished()
        self._pump()

    # -- saves from other editors ------------------------------------------------------------

    def on_learner_editor_watch_failed(self, message: LearnerEditor.WatchFailed) -> None:
        self.notify(f"Saves from other editors are not seen ({message.reason}); ctrl+s and ctrl+r still check.",
                    title="No file watching", severity="warning", timeout=10, markup=False)

    def on_learner_editor_changed_on_disk(self, _message: LearnerEditor.ChangedOnDisk) -> None:
        text = self._editor.read()
        if text is not None and text != self._editor.saved_text and not self._editor.disk_changed(text):
            self.notify("The file changed on disk; your unsaved edits here are kept. ctrl+s overwrites the file.",
                        title="Changed outside", severity="warning")
        self._status.dirty = self.has_unsaved_edits
        self.request_check(outside=True)

    # -- playground ------------------------------------------------------------------------

    def _playground(self) -> Playground | None:
        return next(self.query("#playground-panel").results(Playground), None)

    def _follow(self, *, passing: bool) -> None:
        """Let the playground draw with the learner's code once it passes, else the reference."""
        playground = self._playground()
        if playground is not None:
            playground.follow(self.path, passing, self.pack.solution(self.exercise))

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        playground = self._playground()
        if playground is None:
            return
        if event.pane.id == "playground":
            playground.activate()
        else:
            playground.active = False

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tab" and parameters == ("playground",):
            return self._playground() is not None
        return True

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        targets = {"task": "#task-view", "code": "#editor", "results": "#check-results",
                   "playground": "#playground-panel"}
        target = next(self.query(targets[tab]).results(), None)
        if target is not None:
            target.focus()

    def save(self) -> bool:
        """Write the editor's text to the file atomically; False (with a message) if it failed."""
        try:
            self._editor.save()
        except OSError as exc:
            self.notify(f"Could not save {self.path}: {exc.strerror or exc}", title="Not saved", severity="error",
                        markup=False)
            return False
        self._status.dirty = False
        return True

    def action_save(self) -> None:
        if self.save():
            self.request_check()

    def action_check(self) -> None:
        if self.has_unsaved_edits:
            self.notify("Checking the saved file; ctrl+s saves your edits first.", timeout=4)
        self.request_check()

    def action_next(self) -> None:
        target = self.host.course.next_exercise(self.exercise)
        if target is None:
            self.host.open_course_end(self.pack)
        elif target[1].id == self.exercise.id:
            self.notify("This is the only exercise not done yet.", title="Next")
        else:
            self.host.open_exercise(*target)

    def action_hint(self) -> None:
        hints = self.exercise.hints
        if not hints:
            self.notify("This exercise has no hints.")
            return
        shown = self.host.course.progress.reveal_hint(self.pack.name, self.exercise.id, len(hints))
        self._show_hints(shown)
        self._refresh_status()
        more = "" if shown < len(hints) else "\n(That is the last hint.)"
        self.notify(hints[shown - 1] + more, title=f"Hint {shown} of {len(hints)}", timeout=15, markup=False)

    def action_solution(self) -> None:
        progress = self.host.course.progress.get(self.pack.name, self.exercise.id)
        if self.pack.solution(self.exercise) is None:
            self.notify("This pack carries no reference solution.", severity="warning")
        elif not progress.passes:
            self.notify("The reference solution opens once your file passes the checks.", title="Not yet")
        else:
            code = self._read(self.exercise.solution_path) or ""
            self.app.push_screen(SolutionDialog(self.exercise.title, code))

    def action_reset(self) -> None:
        relative = self.host.course.workspace.relative(self.pack, self.exercise)
        body = (f"Put the starting stub back in {relative}?\n"
                "Your current file is kept as a backup in the workspace's .latent-tutor/backups folder.")
        self.app.push_screen(ConfirmDialog("Reset the exercise", body, "Reset"), self._reset_confirmed)

    def _reset_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            backup = self.host.course.workspace.reset(self.pack, self.exercise)
        except OSError as exc:
            self.notify(f"Could not reset: {exc}", severity="error", markup=False)
            return
        self._editor.load(self._editor.read() or "")
        self._status.dirty, self._status.passing = False, None
        kept = f"Your previous file is kept at {backup}" if backup else "There was no previous file to keep."
        self.notify(kept, title="Reset to the stub", timeout=15, markup=False)
        self.request_check(record=False)

    def action_external_editor(self) -> None:
        if self.has_unsaved_edits and not self.save():
            return
        try:
            changed = self._editor.edit_outside()
        except Exception as exc:  # no terminal to hand over (headless), or no such editor
            self.notify(f"Could not open your editor: {exc}", title="$EDITOR", severity="error", markup=False)
            return
        if changed:
            self._status.dirty = False
            self.request_check()

    def action_back(self) -> None:
        def leave() -> None:
            self.dismiss()

        self.confirm_leave(leave)

    def palette_commands(self) -> Iterator[SystemCommand]:
        yield SystemCommand("Check now", "Run the checks on the saved file", self.action_check)
        yield SystemCommand("Save and check", "Save the file; the checks run", self.action_save)
        yield SystemCommand("Hint", "Show the next hint", self.action_hint)
        yield SystemCommand("Next exercise", "Go on to the next exercise not done yet", self.action_next)
        yield SystemCommand("Reset exercise", "Put the starting stub back (your file is backed up)", self.action_reset)
        yield SystemCommand("Show solution", "The reference solution, once you pass", self.action_solution)
        yield SystemCommand("Open in $EDITOR", "Edit the file in your own editor", self.action_external_editor)
