"""The exercise view: the task, the learner's file in an editor, live check results, hints,
the solution once passed, reset, and a playground drawn by the learner's own code.

Checking: every save (ctrl+s here, or in any editor: the file's folder is watched) runs the
checks in a thread worker through the app's warm grading worker. A save while a check is in
flight does not start a second run; when the run ends, the file is checked once more if it
changed meanwhile. A change is "new" when the file's text differs from the text last sent for
checking, so the app's own save is not checked twice when the watcher sees it.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from pathlib import Path

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TabbedContent, TabPane, TextArea

from tutor.core.fsutil import atomic_write
from tutor.core.model import Exercise, Pack
from tutor.core.results import ExerciseResult
from tutor.screens.dialogs import ConfirmDialog, SolutionDialog, UnsavedDialog
from tutor.widgets.marks import plain, status_mark, status_words
from tutor.widgets.playgrounds import playground_for
from tutor.widgets.playgrounds.base import Playground
from tutor.widgets.results import CheckResults, verdict_line
from tutor.widgets.task import TaskView, task_parts

DEBOUNCE_MS = 200
TABS = {"task": "F2", "code": "F3", "results": "F4", "playground": "F5"}


class ExerciseScreen(Screen):
    """Work on one exercise."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, tooltip="Save the file (the checks run on every save)"),
        Binding("ctrl+r", "check", "Check", priority=True, tooltip="Run the checks on the saved file now"),
        Binding("ctrl+t", "hint", "Hint", priority=True, tooltip="Show the next hint"),
        Binding("ctrl+n", "reset", "Reset", priority=True, tooltip="Put the starting stub back (your file is backed up)"),
        Binding("ctrl+l", "solution", "Solution", priority=True, show=False, tooltip="The reference solution, once you pass"),
        Binding("ctrl+o", "external_editor", "$EDITOR", priority=True, show=False, tooltip="Open the file in $EDITOR"),
        Binding("f2", "tab('task')", "Task", priority=True, show=False, tooltip="The task and the hints"),
        Binding("f3", "tab('code')", "Code", priority=True, show=False, tooltip="Your file, editable"),
        Binding("f4", "tab('results')", "Results", priority=True, show=False, tooltip="What the checks said"),
        Binding("f5", "tab('playground')", "Playground", priority=True, show=False, tooltip="Your code drawing pictures"),
        Binding("escape", "back", "Back", tooltip="Back (asks first if the file has unsaved edits)"),
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

    class FileChanged(Message):
        """The learner's file changed on disk (any editor)."""

    def __init__(self, pack: Pack, exercise: Exercise) -> None:
        super().__init__()
        self.pack, self.exercise = pack, exercise
        self.path: Path = self.app.tutor.path(pack, exercise)
        self.saved_text = self._read() or ""
        """The file's text as last saved or loaded."""
        self.last_result: ExerciseResult | None = None
        self._checking = False
        self._check_again = False
        self._submitted: str | None = None
        """The text last sent for checking."""
        self._stop_watching = asyncio.Event()

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="exercise-title")
        stub = self._read(self.exercise.stub_path)
        with TabbedContent(initial="code", id="tabs"):
            with TabPane(f"Task {TABS['task']}", id="task"):
                yield TaskView(self.exercise.title, task_parts(self.exercise, stub), id="task-view")
            with TabPane(f"Code {TABS['code']}", id="code"):
                # Soft wrap: at 80 columns a docstring line would otherwise run off the screen.
                yield TextArea.code_editor(self.saved_text, language="python", id="editor", soft_wrap=True)
            with TabPane(f"Results {TABS['results']}", id="results"):
                yield CheckResults(id="check-results")
            playground = playground_for(self.exercise.id)
            if playground is not None:
                with TabPane(f"Playground {TABS['playground']}", id="playground"):
                    yield playground(self.pack.root, self.exercise, id="playground-panel")
        yield Static(id="verdict")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.exercise.title
        self._update_title()
        self._show_hints(self.app.tutor.progress.get(self.pack.name, self.exercise.id).hints_shown)
        self._set_verdict("[$text-muted]Checking your file…[/]")
        self._use_reference()
        self.query_one("#editor", TextArea).focus()
        self._apply_editor_theme()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._apply_editor_theme())
        stub = self._read(self.exercise.stub_path)
        self.request_check(record=self.saved_text != stub)
        if self.app.watch_files:
            self._watch()

    def on_unmount(self) -> None:
        self._stop_watching.set()

    def _apply_editor_theme(self) -> None:
        dark = self.app.current_theme.dark
        for editor in self.query(TextArea):
            editor.theme = "monokai" if dark else "github_light"

    def _read(self, path: Path | None = None) -> str | None:
        try:
            return (path or self.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _update_title(self) -> None:
        status = self.app.tutor.progress.get(self.pack.name, self.exercise.id).status
        dirty = "[b $text-warning]● unsaved[/] " if self._dirty() else ""
        relative = self.app.tutor.workspace.relative(self.pack, self.exercise)
        self.query_one("#exercise-title", Static).update(
            f"{status_mark(status)} [$text-muted]{status_words(status)}[/] {dirty}· {plain(relative)}")

    def _dirty(self) -> bool:
        editors = self.query("#editor").results(TextArea)
        editor = next(editors, None)
        return editor is not None and editor.text != self.saved_text

    def _set_verdict(self, markup: str) -> None:
        self.query_one("#verdict", Static).update(markup)

    def _show_hints(self, shown: int) -> None:
        self.query_one(TaskView).show_hints(self.exercise.hints, shown)

    # -- checking --------------------------------------------------------------------------

    def request_check(self, *, record: bool = True) -> None:
        """Check the file as saved on disk, unless a check is running (then once more after it)."""
        text = self._read()
        if self._checking:
            self._check_again = True
            return
        self._checking = True
        self._submitted = text
        self._set_verdict("[$text-muted]⟳ Checking…[/]")
        self._grade(text or "", record)

    @work(thread=True, exclusive=True, exit_on_error=False, group="grading")
    def _grade(self, text: str, record: bool) -> None:
        from tutor.core.service import ServiceError

        try:
            result = self.app.grader.grade(self.pack.root, self.exercise.id, self.path)
        except ServiceError as exc:
            message = str(exc)
            try:
                self.app.restart_grader()
            except Exception as restart_error:  # said on screen; the next check tries again
                message += f" (restarting it failed too: {restart_error})"
            self.post_message(self.CheckCrashed(message))
            return
        except Exception as exc:  # never a traceback on screen
            self.post_message(self.CheckCrashed(f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.CheckFinished(result, text, record))

    async def on_exercise_screen_check_finished(self, message: CheckFinished) -> None:
        result = self.last_result = message.result
        if message.record:
            self.app.tutor.progress.record_attempt(self.pack.name, self.exercise.id, passed=result.passed,
                                                   score=result.run_score, elapsed_ms=result.elapsed_ms,
                                                   public_passed=result.public_passed)
        self._update_title()
        self._set_verdict(verdict_line(result) + f"  [$text-muted]{TABS['results']}: details[/]")
        await self.query_one(CheckResults).show_result(result, message.text)
        line = result.syntax_line
        if line is not None:
            editor = self.query_one("#editor", TextArea)
            editor.move_cursor((line - 1, 0), center=True)
        if result.public_passed:
            self._use_own_code()
        else:
            self._use_reference()
        self._finish_check()

    async def on_exercise_screen_check_crashed(self, message: CheckCrashed) -> None:
        self._set_verdict("[b $text-error]✗ The check could not run[/] [$text-muted](F4: details)[/]")
        await self.query_one(CheckResults).show_crash(message.message)
        self.notify(plain(message.message), title="Grading worker restarted", severity="error", timeout=10)
        self._finish_check()

    def _finish_check(self) -> None:
        self._checking = False
        if self._check_again:
            self._check_again = False
            if self._read() != self._submitted:
                self.request_check()

    # -- watching the file -----------------------------------------------------------------

    @work(exclusive=True, exit_on_error=False, group="watch")
    async def _watch(self) -> None:
        from watchfiles import awatch

        name = self.path.name
        try:
            async for _changes in awatch(self.path.parent, watch_filter=lambda _change, path: Path(path).name == name,
                                         debounce=DEBOUNCE_MS, step=50, stop_event=self._stop_watching, rust_timeout=500,
                                         recursive=False):
                self.post_message(self.FileChanged())
        except Exception as exc:  # no watching (e.g. too many watches): saves in the app still check
            self.post_message(self.CheckCrashed(f"The file cannot be watched for outside saves: {exc}"))

    def on_exercise_screen_file_changed(self, _message: FileChanged) -> None:
        text = self._read()
        if text is None or text == self._submitted:
            return  # the app's own save, already being checked
        editor = self.query_one("#editor", TextArea)
        if editor.text == self.saved_text:
            self._load_into_editor(text)
        else:
            self.notify("The file changed on disk; your unsaved edits here are kept. ctrl+s overwrites the file.",
                        title="Changed outside", severity="warning")
        self.saved_text = text
        self._update_title()
        self.request_check()

    def _load_into_editor(self, text: str) -> None:
        editor = self.query_one("#editor", TextArea)
        cursor = editor.cursor_location
        editor.load_text(text)
        editor.move_cursor((min(cursor[0], editor.document.line_count - 1), cursor[1]))
        self.saved_text = text

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._update_title()

    # -- playground ------------------------------------------------------------------------

    def _playground(self) -> Playground | None:
        return next(self.query("#playground-panel").results(Playground), None)

    def _use_own_code(self) -> None:
        playground = self._playground()
        if playground is not None:
            playground.use(self.path, f"your code ({self.path.name})")

    def _use_reference(self) -> None:
        playground = self._playground()
        if playground is None:
            return
        solution = self.exercise.solution_path
        if self.pack.released or not solution.is_file():
            playground.use(None, "")
        else:
            playground.use(solution, "the reference solution (yours takes over once it passes)")

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        playground = self._playground()
        if playground is None:
            return
        if event.pane.id == "playground":
            playground.activate()
        else:
            playground.active = False

    # -- actions ---------------------------------------------------------------------------

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        if tab == "playground" and self._playground() is None:
            self.notify("This exercise has no playground.")
            return
        tabs.active = tab
        focus = {"task": TaskView, "code": TextArea, "results": CheckResults, "playground": Playground}[tab]
        target = next(self.query(f"#{tab} {focus.__name__}").results(focus), None) if tab != "code" else self.query_one("#editor")
        if target is not None:
            target.focus()

    def save(self) -> bool:
        """Write the editor's text to the file atomically; False (with a message) if it failed."""
        text = self.query_one("#editor", TextArea).text
        try:
            atomic_write(self.path, text)
        except OSError as exc:
            self.notify(f"Could not save {self.path}: {exc.strerror or exc}", title="Not saved", severity="error")
            return False
        self.saved_text = text
        self._update_title()
        return True

    def action_save(self) -> None:
        if self.save():
            self.request_check()

    def action_check(self) -> None:
        if self._dirty():
            self.notify("Checking the saved file; ctrl+s saves your edits first.", timeout=4)
        self.request_check()

    def action_hint(self) -> None:
        hints = self.exercise.hints
        if not hints:
            self.notify("This exercise has no hints.")
            return
        shown = self.app.tutor.progress.reveal_hint(self.pack.name, self.exercise.id, len(hints))
        self._show_hints(shown)
        self._update_title()
        more = "" if shown < len(hints) else "\n(That is the last hint.)"
        self.notify(plain(hints[shown - 1]) + more, title=f"Hint {shown} of {len(hints)}", timeout=15)

    def action_solution(self) -> None:
        progress = self.app.tutor.progress.get(self.pack.name, self.exercise.id)
        if self.pack.released or not self.exercise.solution_path.is_file():
            self.notify("This pack carries no reference solution.", severity="warning")
        elif not progress.passes:
            self.notify("The reference solution opens once your file passes the checks.", title="Not yet")
        else:
            code = self._read(self.exercise.solution_path) or ""
            self.app.push_screen(SolutionDialog(self.exercise.title, code))

    def action_reset(self) -> None:
        relative = self.app.tutor.workspace.relative(self.pack, self.exercise)
        body = (f"Put the starting stub back in {plain(relative)}?\n"
                "Your current file is kept as a backup in the workspace's .latent-tutor/backups folder.")
        self.app.push_screen(ConfirmDialog("Reset the exercise", body, "Reset"), self._reset_confirmed)

    def _reset_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            backup = self.app.tutor.workspace.reset(self.pack, self.exercise)
        except OSError as exc:
            self.notify(f"Could not reset: {exc}", severity="error")
            return
        text = self._read() or ""
        self._load_into_editor(text)
        self._update_title()
        kept = f"Your previous file is kept at {backup}" if backup else "There was no previous file to keep."
        self.notify(plain(kept), title="Reset to the stub", timeout=15)
        self.request_check(record=False)

    def action_external_editor(self) -> None:
        if self._dirty() and not self.save():
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(self.path)], check=False)
        except Exception as exc:  # no terminal to hand over (headless), or no such editor
            self.notify(f"Could not open {editor}: {exc}", title="$EDITOR", severity="error")
            return
        text = self._read()
        if text is not None and text != self.saved_text:
            self._load_into_editor(text)
            self._update_title()
            self.request_check()

    def action_back(self) -> None:
        if not self._dirty():
            self.dismiss()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save" and self.save():
                self.request_check()
                self.dismiss()
            elif choice == "discard":
                self.dismiss()

        self.app.push_screen(UnsavedDialog(self.path.name), chosen)

    def palette_commands(self):
        yield SystemCommand("Check now", "Run the checks on the saved file", self.action_check)
        yield SystemCommand("Save and check", "Save the file; the checks run", self.action_save)
        yield SystemCommand("Hint", "Show the next hint", self.action_hint)
        yield SystemCommand("Reset exercise", "Put the starting stub back (your file is backed up)", self.action_reset)
        yield SystemCommand("Show solution", "The reference solution, once you pass", self.action_solution)
        yield SystemCommand("Open in $EDITOR", "Edit the file in your own editor", self.action_external_editor)
