"""Functional tests: drive the app with Pilot and assert on what it shows and what it stores."""

from __future__ import annotations

import io
import os
import signal

from textual.widgets import Markdown, Static, TextArea
from textual.worker import WorkerCancelled, WorkerFailed

from tutor.screens.exercise import ExerciseScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.lesson_map import LessonMapScreen
from tutor.screens.welcome import WelcomeDialog
from tutor.widgets.results import CheckResults

from .fakepack import SOLUTION, SYNTAX_ERROR, WRONG

SIZE = (80, 24)


def text_of(widget) -> str:
    """The plain text a Static shows."""
    return str(widget.render())


def rich_text(renderable) -> str:
    """A Rich renderable (or markup) as plain text, 100 columns wide."""
    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def results_text(screen) -> str:
    return "\n".join(text_of(w) for w in screen.query_one(CheckResults).query(Static))


async def settle(app, pilot) -> None:
    """Let every worker finish (but the file watcher, which runs until the screen closes) and
    every message they posted be handled."""
    for _ in range(4):
        for worker in [w for w in app.workers if w.group != "watch"]:
            try:
                await worker.wait()
            except (WorkerCancelled, WorkerFailed):
                pass
        await pilot.pause()


async def open_exercise(app, pilot, exercise_id: str = "fake-double") -> ExerciseScreen:
    pack, exercise = app.course.find(exercise_id)
    app.open_exercise(pack, exercise)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ExerciseScreen)
    await settle(app, pilot)
    return screen


async def save_text(app, pilot, screen: ExerciseScreen, text: str) -> None:
    editor = screen.query_one("#editor", TextArea)
    editor.load_text(text)
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def test_a_new_workspace_is_welcomed_once(make_app, tmp_path):
    app = make_app(returning=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeDialog)
        text = " ".join(text_of(w) for w in app.screen.query(Static))
        assert "Welcome to the fake pack." in text and str(tmp_path / "workspace") in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonMapScreen)
    again = make_app(returning=False)  # the workspace exists now: no second welcome
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, LessonMapScreen)


async def test_lesson_map_lists_lessons_exercises_and_workspace(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LessonMapScreen)
        prompts = [str(app.screen.query_one("#lessons").get_option_at_index(i).prompt)
                   for i in range(app.screen.query_one("#lessons").option_count)]
        joined = "\n".join(prompts)
        assert "Doubling matrices" in joined and "Double a matrix" in joined and "Attention as weights" in joined
        assert str(app.course.workspace.root) in text_of(app.screen.query_one("#workspace"))
        assert "0 of 3 exercises done" in text_of(app.screen.query_one("#overall-label"))
        # the workspace was made from the stubs
        assert (app.course.workspace.root / "01_doubling" / "double.py").is_file()


async def test_pack_warnings_are_shown_not_raised(make_app, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pack.toml").write_text("format = 1\nname = 3\n")
    app = make_app(packs=[tmp_path / "pack", broken])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = text_of(app.screen.query_one("#warnings"))
        assert "was not loaded" in line
        assert any("was not loaded" in n.message for n in app._notifications)


async def test_lesson_reader_shows_text_value_formula_and_figure(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first lesson is highlighted
        assert isinstance(app.screen, LessonScreen)
        await settle(app, pilot)
        markdown = [m.source for m in app.screen.query(Markdown)]
        assert any("largest entry, 10." in source for source in markdown)
        assert "B = 2 · A" in text_of(app.screen.query_one(".formula"))
        assert app.screen.query(".figure")
        await pilot.press("escape")
        assert isinstance(app.screen, LessonMapScreen)


async def test_wrong_file_shows_failure_with_diff_then_pass_marks_done(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_exercise(app, pilot)
        assert "NOT YET" in text_of(screen.query_one("#verdict"))

        await save_text(app, pilot, screen, WRONG)
        assert screen.last_result is not None and not screen.last_result.passed
        results = results_text(screen)
        assert "doubles every entry" in results and "every entry should be doubled" in results
        diffs = screen.query(".diff")
        assert len(diffs) == 1
        from tutor.render import DiffTriple

        drawn = diffs.first(Static).content
        assert isinstance(drawn.renderable, DiffTriple)
        assert "inputs drawn with seed" in rich_text(drawn)  # said once, under the heatmaps
        path = app.course.workspace.root / "01_doubling" / "double.py"
        assert path.read_text() == WRONG
        assert app.course.progress.get("fake", "fake-double").status == "in-progress"

        await save_text(app, pilot, screen, SOLUTION)
        assert screen.last_result.passed
        assert "PASSED" in text_of(screen.query_one("#verdict"))
        progress = app.course.progress.get("fake", "fake-double")
        assert progress.status == "done" and progress.attempts == 2

        await pilot.press("escape", "escape")  # leave the editor, then the exercise
        await pilot.pause()
        assert isinstance(app.screen, LessonMapScreen)
        assert "1 of 3 exercises done" in text_of(app.screen.query_one("#overall-label"))


async def test_syntax_error_shows_the_line(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await save_text(app, pilot, screen, SYNTAX_ERROR)
        results = results_text(screen)
        assert "syntax error at line 5" in results  # the text starts with a blank line
        assert "def double(A)" in results
        assert screen.query_one("#editor", TextArea).cursor_location[0] == 4


async def test_hint_counts_in_the_store(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.course.progress.get("fake", "fake-double").hints_shown == 1
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.course.progress.get("fake", "fake-double").hints_shown == 2
        assert "A + A works too." in text_of(screen.query_one("#hints"))


async def test_reset_asks_then_restores_stub_and_keeps_backup(make_app, fake_pack):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await save_text(app, pilot, screen, WRONG)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("n")  # cancel: nothing changes
        await pilot.pause()
        path = app.course.workspace.root / "01_doubling" / "double.py"
        assert path.read_text() == WRONG
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        stub = (fake_pack / "exercises" / "01_doubling" / "double.py").read_text()
        assert path.read_text() == stub
        assert screen.query_one("#editor", TextArea).text == stub
        backups = list((app.course.workspace.state_dir / "backups").rglob("*.py"))
        assert len(backups) == 1 and backups[0].read_text() == WRONG


async def test_solution_only_after_passing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert app.screen is screen
        await save_text(app, pilot, screen, SOLUTION)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert type(app.screen).__name__ == "SolutionDialog"
        assert "2 * np.asarray" in app.screen.query_one(TextArea).text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_outside_save_is_checked_once(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        attempts = app.course.progress.get("fake", "fake-double").attempts
        screen.path.write_text(SOLUTION)
        for _ in range(60):  # the watcher's debounce is 200 ms
            await pilot.pause(0.05)
            if screen.last_result and screen.last_result.passed:
                break
        await settle(app, pilot)
        assert screen.last_result.passed
        assert screen.query_one("#editor", TextArea).text == SOLUTION
        assert app.course.progress.get("fake", "fake-double").attempts == attempts + 1


async def test_own_save_does_not_check_twice(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await save_text(app, pilot, screen, WRONG)
        await pilot.pause(0.6)  # past the watcher's debounce
        await settle(app, pilot)
        assert app.course.progress.get("fake", "fake-double").attempts == 1


async def test_grading_worker_crash_is_reported_and_restarted(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        from tutor.core.service import ServiceError

        pid = app.grader.pid
        grade = app.grader.grade

        def dies(*args, **kwargs):  # the worker dies in the middle of a check
            os.kill(pid, signal.SIGKILL)
            raise ServiceError("the grading worker stopped unexpectedly (EOFError)")

        app.grader.grade = dies
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        app.grader.grade = grade
        await settle(app, pilot)
        assert "could not run" in results_text(screen)
        assert app.grader.pid != pid
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert "NOT YET" in text_of(screen.query_one("#verdict"))


async def test_playground_draws_with_reference_then_own_code(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "attn-weights")
        await pilot.press("f5")
        await settle(app, pilot)
        owner = text_of(screen.query_one("#pg-owner"))
        assert "reference solution" in owner
        from tutor.render import AttentionGrid

        picture = screen.query_one("#pg-picture", Static).content.renderable
        assert isinstance(picture.renderables[0], AttentionGrid)
        await pilot.press("c")  # causal mask
        await settle(app, pilot)
        weights = screen.query_one("#pg-picture", Static).content.renderable.renderables[0].matrix.values
        assert weights[0, 1:].sum() == 0
        await pilot.press("f3")
        from .fakepack import ATTENTION_SOLUTION

        await save_text(app, pilot, screen, ATTENTION_SOLUTION)
        await pilot.press("f5")
        await settle(app, pilot)
        assert "your code" in text_of(screen.query_one("#pg-owner"))


async def test_help_lists_bindings_and_theme_toggles(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        text = "\n".join(rich_text(w.content) for w in app.screen.query(Static))
        for key in ("ctrl+s", "ctrl+t", "ctrl+n", "f9", "f1"):
            assert key in text
        await pilot.press("escape")
        theme = app.theme
        await pilot.press("f9")
        assert app.theme != theme
    again = make_app()  # the next session opens with the theme chosen last
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme != theme


async def test_als_playground_reports_progress_and_draws_the_curve(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, "als-fit")
        await pilot.press("f5")
        await settle(app, pilot)
        from tutor.render import LineChart

        picture = screen.query_one("#pg-picture", Static).content.renderable
        assert any(isinstance(part, LineChart) for part in picture.renderables)
        from textual.widgets import ProgressBar

        bar = screen.query_one("#pg-progress", ProgressBar)
        assert (bar.progress, bar.total) == (8, 8) and not bar.has_class("running")
        assert "held-out" in rich_text(picture)


def test_a_playground_without_compute_is_refused():
    import pytest

    from tutor.widgets.playgrounds.base import Playground

    with pytest.raises(TypeError, match="must define compute"):
        type("Incomplete", (Playground,), {})
