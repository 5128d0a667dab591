"""The Textual app: a thin layer over `tutor.core` (packs, grading, progress) and `tutor.render`.

Start-up stays light: the lesson map needs only the pack manifests and the progress store.
NumPy (the grading worker's client), the lesson documents (SymPy) and the exercise screen's
editor load when first used; the grading worker process starts in the background at mount.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tutor.core.tutor import Tutor
from tutor.screens.lesson_map import LessonMapScreen
from tutor.screens.palette import TutorCommands
from tutor.screens.welcome import WelcomeDialog

if TYPE_CHECKING:
    from tutor.core.model import Exercise, Lesson, Pack
    from tutor.core.service import GradingService

DARK_THEME, LIGHT_THEME = "textual-dark", "textual-light"


class TutorApp(App[int]):
    """latent-tutor: lessons, exercises with live grading, and pictures drawn by the learner's code."""

    TITLE = "latent-tutor"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {TutorCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Every key binding"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f9", "toggle_theme", "Theme", tooltip="Switch between the dark and the light theme"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, workspace: str | os.PathLike | None = None, packs: list[str | os.PathLike] | None = None, *,
                 builtin: bool = True, installed: bool = True, watch: bool = True) -> None:
        super().__init__()
        self.tutor = Tutor(workspace, packs, builtin=builtin, installed=installed)
        self.watch_files = watch
        """Whether exercise screens watch the learner's file for saves made outside the app."""
        self.friendly_crash = False
        """When set (by `run`), an internal error is logged to a file instead of printed as a traceback."""
        self._grader: GradingService | None = None
        self._grader_lock = threading.Lock()
        self._remember_theme = False
        """Set once the stored theme is applied: later changes (F9, the palette) are stored."""
        chosen = self.tutor.progress.setting("theme", DARK_THEME)
        self.theme = chosen if chosen in self.available_themes else DARK_THEME
        self._remember_theme = True

    # -- the grading worker (blocking calls: only from thread workers) ---------------------

    @property
    def grader(self) -> "GradingService":
        """The warm grading worker process, started on first use."""
        with self._grader_lock:
            if self._grader is None:
                from tutor.core.service import GradingService

                grader = GradingService()
                grader.start()
                self._grader = grader
            return self._grader

    def restart_grader(self) -> None:
        """Replace a grading worker that stopped (thread-safe; blocks while the new one starts)."""
        grader = self.grader
        grader.close()
        grader.start()

    @work(thread=True, exclusive=True, exit_on_error=False, group="grader-warmup")
    def _warm_grader(self) -> None:
        try:
            self.grader.ping()
        except Exception:  # the first check will restart it and say why
            pass

    # -- lifecycle -------------------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            created = self.tutor.ensure_workspace()
        except OSError as exc:
            created = []
            self.notify(f"The workspace {self.tutor.workspace.root} could not be prepared: {exc}",
                        title="Workspace", severity="error", timeout=20)
        self.push_screen(LessonMapScreen())
        welcomes = [(pack.title, pack.welcome) for pack in self.tutor.packs if pack.welcome.strip()]
        if created and welcomes:  # a new workspace: welcome the learner
            self.push_screen(WelcomeDialog(welcomes, str(self.tutor.workspace.root)))
        self._warm_grader()

    def on_unmount(self) -> None:
        with self._grader_lock:
            grader, self._grader = self._grader, None
        if grader is not None:
            grader.close()
        self.tutor.close()

    def _handle_exception(self, error: Exception) -> None:
        if not self.friendly_crash:
            return super()._handle_exception(error)
        log = self._crash_log(error)
        where = f"; the details are in {log}" if log else ""
        self.exit(return_code=1, message=f"latent-tutor stopped on an internal error ({type(error).__name__}: {error}){where}. "
                                         "Your files and progress are safe.")

    def _crash_log(self, error: BaseException) -> Path | None:
        try:
            path = self.tutor.workspace.state_dir / "crash.log"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
                handle.write("".join(traceback.format_exception(error)))
            return path
        except OSError:
            return None

    # -- navigation ------------------------------------------------------------------------

    def open_lesson(self, pack: "Pack", lesson: "Lesson") -> None:
        from tutor.screens.lesson import LessonScreen

        self.push_screen(LessonScreen(pack, lesson))

    def open_exercise(self, pack: "Pack", exercise: "Exercise") -> None:
        from tutor.screens.exercise import ExerciseScreen

        self.push_screen(ExerciseScreen(pack, exercise))

    def go_to_map(self) -> None:
        """Pop every screen above the lesson map."""
        while len(self.screen_stack) > 2 and not isinstance(self.screen, LessonMapScreen):
            self.pop_screen()

    # -- actions ---------------------------------------------------------------------------

    def action_help(self) -> None:
        from tutor.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def watch_theme(self, theme: str) -> None:
        if self._remember_theme:
            self.tutor.progress.set_setting("theme", theme)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Toggle dark/light theme", "Switch between the dark and the light theme",
                            self.action_toggle_theme)
        yield SystemCommand("Help: key bindings", "Every key binding of the tutor", self.action_help)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()


def run(workspace: str | os.PathLike | None = None, packs: list[str | os.PathLike] | None = None) -> int:
    """Run the tutor in the terminal; return the exit status."""
    app = TutorApp(workspace, packs)
    app.friendly_crash = True
    app.run()
    return app.return_code or 0
