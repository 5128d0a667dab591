"""The Textual app: a thin layer over `tutor.core` (packs, grading, progress) and `tutor.render`.

Start-up stays light: the lesson map needs only the pack manifests and the progress store.
NumPy (the grading worker's client), the lesson documents (SymPy) and the exercise screen's
editor load when first used; the grading worker process starts in the background at mount.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tutor.core.course import Course
from tutor.screens.base import TutorScreen
from tutor.screens.lesson_map import LessonMapScreen
from tutor.screens.palette import TutorCommands
from tutor.screens.welcome import WelcomeDialog

if TYPE_CHECKING:
    from tutor.core.model import Exercise, Lesson, Pack
    from tutor.core.service import GradingService
    from tutor.host import TutorHost

DARK_THEME, LIGHT_THEME = "textual-dark", "textual-light"
WELCOMED = "welcomed"
"""The progress store's setting that says the learner has seen the packs' welcome (and when)."""


class TutorApp(App[int]):
    """latent-tutor: lessons, exercises with live grading, and pictures drawn by the learner's code."""

    TITLE = "latent-tutor"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = App.COMMANDS | {TutorCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", tooltip="Every key binding"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f9", "toggle_theme", "Theme", show=False, tooltip="Switch between the dark and the light theme"),
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit (asks first about unsaved edits)"),
    ]

    def __init__(self, workspace: str | os.PathLike[str] | None = None,
                 packs: list[str | os.PathLike[str]] | None = None, *, builtin: bool = True, installed: bool = True,
                 watch: bool = True) -> None:
        super().__init__()
        self.course = Course(workspace, packs, builtin=builtin, installed=installed)
        self.watch_files = watch
        """Whether exercise screens watch the learner's file for saves made outside the app."""
        self.friendly_crash = False
        """When set (by `run`), an internal error is logged to a file instead of printed as a traceback."""
        self._grader: GradingService | None = None
        self._grader_lock = threading.Lock()
        self._remember_theme = False
        """Set once the stored theme is applied: later changes (F9, the palette) are stored."""
        chosen = self.course.progress.setting("theme", DARK_THEME)
        self.theme = chosen if chosen in self.available_themes else DARK_THEME
        self._remember_theme = True

    # -- the grading worker (blocking calls: only from thread workers) ---------------------

    @property
    def grader(self) -> GradingService:
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
            self.course.ensure_workspace()
        except OSError as exc:
            self.notify(f"The workspace {self.course.workspace.root} could not be prepared: {exc}",
                        title="Workspace", severity="error", timeout=20, markup=False)
        self.push_screen(LessonMapScreen())
        self._welcome()
        self._warm_grader()
        if self.friendly_crash:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(number, self._stop_on_signal, number)

    def _welcome(self) -> None:
        """The packs' welcome, on the first start of the app in this workspace (whatever made
        the workspace: the app, or a command like `latent-tutor list`)."""
        progress = self.course.progress
        welcomes = [(pack.title, pack.welcome) for pack in self.course.packs if pack.welcome.strip()]
        if welcomes and not progress.setting(WELCOMED, ""):
            self.push_screen(WelcomeDialog(welcomes, self.course.workspace.shown),
                             lambda _: progress.set_setting(WELCOMED, time.strftime("%Y-%m-%d %H:%M:%S")))

    def on_unmount(self) -> None:
        with self._grader_lock:
            grader, self._grader = self._grader, None
        if grader is not None:
            grader.close()
        self.course.close()

    def _keep_unsaved(self) -> str:
        """Keep every open exercise's undecided edits aside; a sentence saying where, or ""."""
        kept = [str(path) for screen in self.screen_stack if isinstance(screen, TutorScreen)
                for path in [screen.keep_unsaved()] if path is not None]
        return f" Your unsaved edits are kept in {', '.join(kept)}." if kept else ""

    def _stop_on_signal(self, number: int) -> None:
        """SIGTERM or SIGHUP (the terminal closed): no one to ask, so keep edits aside and stop."""
        kept = self._keep_unsaved()
        self.exit(return_code=128 + number, message=f"latent-tutor stopped ({signal.Signals(number).name}).{kept}")

    def _handle_exception(self, error: Exception) -> None:
        if not self.friendly_crash:
            return super()._handle_exception(error)
        log = self._crash_log(error)
        where = f"; the details are in {log}" if log else ""
        kept = self._keep_unsaved()
        self.exit(return_code=1,
                  message=f"latent-tutor stopped on an internal error ({type(error).__name__}: {error}){where}. "
                          f"Your files and progress are safe.{kept}")

    def _crash_log(self, error: BaseException) -> Path | None:
        try:
            path = self.course.workspace.state_dir / "crash.log"
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
                handle.write("".join(traceback.format_exception(error)))
            return path
        except OSError:
            return None

    # -- navigation ------------------------------------------------------------------------

    def open_lesson(self, pack: Pack, lesson: Lesson) -> None:
        from tutor.screens.lesson import LessonScreen

        self.push_screen(LessonScreen(pack, lesson))

    def open_exercise(self, pack: Pack, exercise: Exercise) -> None:
        """Show the exercise. One exercise is open at a time: an open one (asked about its
        unsaved edits first) is closed, with the screens above it, and the new one takes its place."""
        from tutor.screens.exercise import ExerciseScreen

        current = next((s for s in reversed(self.screen_stack) if isinstance(s, ExerciseScreen)), None)
        if current is None:
            self.push_screen(ExerciseScreen(pack, exercise))
            return
        if current.exercise.id == exercise.id:
            while self.screen is not current:
                self.pop_screen()
            return

        def replace() -> None:
            while self.screen is not current:
                self.pop_screen()
            self.switch_screen(ExerciseScreen(pack, exercise))

        current.confirm_leave(replace)

    def open_course_end(self, pack: Pack) -> None:
        from tutor.screens.course_end import CourseEndScreen

        self.push_screen(CourseEndScreen(pack))

    def leave_screens(self, then: Callable[[], None]) -> None:
        """Call ``then`` once no open screen holds unsaved edits, asking save / discard / stay
        for each that does (from the top); staying anywhere calls nothing."""
        pending = [s for s in self.screen_stack if isinstance(s, TutorScreen) and s.has_unsaved_edits]
        if not pending:
            then()
            return
        pending[-1].confirm_leave(lambda: self.leave_screens(then))

    # -- actions ---------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit, once every unsaved edit is saved or discarded on purpose."""
        self.leave_screens(self.exit)

    def action_help(self) -> None:
        from tutor.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def watch_theme(self, theme: str) -> None:
        if self._remember_theme:
            self.course.progress.set_setting("theme", theme)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Toggle dark/light theme", "Switch between the dark and the light theme",
                            self.action_toggle_theme)
        yield SystemCommand("Help: key bindings", "Every key binding of the tutor", self.action_help)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()


if TYPE_CHECKING:  # mypy checks that TutorApp provides every member screens and widgets use
    _HOST: TutorHost = cast("TutorApp", None)


def run(workspace: str | os.PathLike[str] | None = None, packs: list[str | os.PathLike[str]] | None = None) -> int:
    """Run the tutor in the terminal; return the exit status."""
    app = TutorApp(workspace, packs)
    app.friendly_crash = True
    app.run()
    return app.return_code or 0
