"""The learner's flow, driven with Pilot at 80x24: no way out loses an edit, one key leads on
after a pass, the course ends with the pack's final text and the learner's record."""

from __future__ import annotations

import re
import signal

from textual.widgets import Footer, Static, TextArea
from textual.widgets._footer import FooterKey

from tutor.app import WELCOMED
from tutor.screens.course_end import CourseEndScreen
from tutor.screens.dialogs import UnsavedDialog
from tutor.screens.exercise import ExerciseScreen
from tutor.screens.lesson_map import LessonMapScreen
from tutor.screens.welcome import WelcomeDialog

from .fakepack import SOLUTION, WRONG
from .test_app import SIZE, open_exercise, rich_text, save_text, settle, text_of

EDITED = "# an edit not saved yet\n"


async def _edit(pilot, screen: ExerciseScreen) -> str:
    """Type an edit into the editor without saving; return the file's text on disk."""
    on_disk = screen.path.read_text()
    editor = screen.query_one("#editor", TextArea)
    editor.focus()
    editor.move_cursor((0, 0))
    await pilot.press(*"# an edit not saved yet", "enter")
    await pilot.pause()
    assert screen.has_unsaved_edits and "unsaved" in screen.query_one("#exercise-status").render().plain
    return on_disk


async def test_ctrl_q_asks_about_unsaved_edits_then_stays_discards_or_saves(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        on_disk = await _edit(pilot, screen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("c")  # stay
        await pilot.pause()
        assert app.screen is screen and app.return_code is None and screen.has_unsaved_edits
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # discard: quits, the file as it was
        await pilot.pause()
        assert app.return_code == 0
    assert screen.path.read_text() == on_disk
    assert not (app.course.workspace.state_dir / "unsaved").exists()  # discarded on purpose: nothing kept

    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_exercise(again, pilot)
        await _edit(pilot, screen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save, then quit
        await pilot.pause()
        assert again.return_code == 0
    assert screen.path.read_text().startswith(EDITED)


async def test_escape_asks_and_saving_goes_back(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await _edit(pilot, screen)
        await pilot.press("escape", "escape")  # leave the editor, then the exercise
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # escape in the dialog is "stay"
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, LessonMapScreen)
    assert screen.path.read_text().startswith(EDITED)


async def test_switching_exercises_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        on_disk = await _edit(pilot, screen)
        await pilot.press("f6")  # next exercise
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ExerciseScreen) and app.screen.exercise.id == "attn-weights"
        assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "LessonMapScreen", "ExerciseScreen"]
    assert screen.path.read_text() == on_disk


async def test_the_palette_asks_before_opening_another_exercise_or_quitting(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        on_disk = await _edit(pilot, screen)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open exercise: attn")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen and screen.has_unsaved_edits
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Quit")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog) and app.return_code is None
        await pilot.press("d")
        await pilot.pause()
        assert app.return_code == 0
    assert screen.path.read_text() == on_disk


async def test_a_signal_keeps_undecided_edits_aside(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        on_disk = await _edit(pilot, screen)
        app._stop_on_signal(signal.SIGTERM)
        await pilot.pause()
    kept = list((app.course.workspace.state_dir / "unsaved").rglob("*.py"))
    assert len(kept) == 1 and kept[0].read_text().startswith(EDITED)
    assert screen.path.read_text() == on_disk  # the learner's file itself untouched
    assert app.return_code == 128 + signal.SIGTERM


async def test_after_a_pass_one_shown_key_leads_on(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await save_text(app, pilot, screen, SOLUTION)
        assert "F6: next, Attention as weights" in text_of(screen.query_one("#verdict"))
        await pilot.press("f6")
        await settle(app, pilot)
        assert isinstance(app.screen, ExerciseScreen) and app.screen.exercise.id == "attn-weights"


async def test_the_course_ends_with_the_final_text_and_the_record(make_app):
    app = make_app()
    for exercise in ("attn-weights", "als-fit"):
        app.course.progress.record_attempt("fake", exercise, passed=True, score=1.0, elapsed_ms=3)
    app.course.progress.reveal_hint("fake", "fake-double", 3)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await save_text(app, pilot, screen, WRONG)
        await save_text(app, pilot, screen, SOLUTION)  # the last exercise passes
        assert isinstance(app.screen, CourseEndScreen)
        shown = "\n".join(rich_text(w.content) for w in app.screen.query(Static))
        assert "You finished A fake pack" in shown and "All fake exercises done." in shown
        assert re.search(r"Double a matrix\s+2\s+1\s+under 1 s", shown)  # checks, hints, time to pass
        assert re.search(r"Attention as weights\s+1\s+0\s+first check", shown)
        assert "3 of 3 done" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert "F6: the course's end" in text_of(screen.query_one("#verdict"))
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, CourseEndScreen)


async def test_the_welcome_shows_on_the_first_app_start_whoever_made_the_workspace(make_app, tmp_path, fake_pack):
    from tutor.core.course import Course

    made_by_cli = Course(tmp_path / "workspace", [fake_pack], builtin=False, installed=False)
    made_by_cli.ensure_workspace()  # as `latent-tutor list` would
    made_by_cli.close()
    app = make_app(returning=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeDialog)
        box = app.screen.query_one(".dialog").region
        assert abs(box.x - (SIZE[0] - box.right)) <= 1 and abs(box.y - (SIZE[1] - box.bottom)) <= 1  # centred
        await pilot.press("enter")
        await pilot.pause()
        assert app.course.progress.setting(WELCOMED, "")
    later = make_app(returning=False)
    async with later.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(later.screen, LessonMapScreen)


async def test_reset_refreshes_the_status(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        await save_text(app, pilot, screen, SOLUTION)
        status = screen.query_one("#exercise-status")
        assert status.render().plain.startswith("✓ done")
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        line = status.render().plain
        assert "NOT YET" in text_of(screen.query_one("#verdict"))
        assert "done" not in line.split("·")[0].replace("passed before", "") and "passed before; failing now" in line


async def test_typing_never_queries_the_progress_store(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        calls = []
        store = app.course.progress
        for name in ("get", "all"):
            original = getattr(store, name)
            monkeypatch.setattr(store, name, lambda *a, _o=original, **k: calls.append(a) or _o(*a, **k))
        screen.query_one("#editor", TextArea).focus()
        await pilot.press(*"x = 1", "enter", "backspace")
        await pilot.pause()
        assert calls == [] and screen.has_unsaved_edits


async def test_tabs_offered_work_and_f5_only_with_a_playground(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        assert not screen.query("#playground") and screen.check_action("tab", ("playground",)) is False
        for key, tab in (("f2", "task"), ("f4", "results"), ("f3", "code")):
            await pilot.press(key)
            await pilot.pause()
            assert screen.query_one("#tabs").active == tab
        await pilot.press("f5")
        await pilot.pause()
        assert screen.query_one("#tabs").active == "code"
        await pilot.press("escape", "escape")
        await pilot.pause()
        other = await open_exercise(app, pilot, "attn-weights")
        await pilot.press("f5")
        await pilot.pause()
        assert other.query_one("#tabs").active == "playground"


async def test_the_footer_shows_the_essential_keys_at_80_columns_and_help_lists_all(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        keys = {key.description: key for key in screen.query_one(Footer).query(FooterKey)}
        for essential in ("Save", "Check", "Hint", "Next", "Back", "Quit", "Help"):
            assert essential in keys and keys[essential].region.right <= SIZE[0], essential
        await pilot.press("f1")
        await pilot.pause()
        text = "\n".join(rich_text(w.content) for w in app.screen.query(Static))
        for binding in ExerciseScreen.BINDINGS + type(app).BINDINGS:
            assert binding.key.split(",")[0].replace("question_mark", "?") in text, binding.key
        assert "exercises with a playground" in text


def test_help_needs_no_app_import():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(__import__("tutor.screens.help", fromlist=["x"]).__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "tutor.app" not in imported



async def test_a_file_that_is_not_utf8_is_shown_read_only_and_never_saved_over(make_app):
    app = make_app()
    path = app.course.workspace.root / "01_doubling" / "double.py"
    latin1 = "# café\ndef double(A):\n    return 2 * A\n".encode("latin-1")
    path.write_bytes(latin1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        editor = screen.query_one("#editor", TextArea)
        assert editor.read_only and "caf\ufffd" in editor.text
        assert any("not UTF-8" in n.message for n in app._notifications)
        await pilot.press(*"x = 1", "ctrl+s")
        await settle(app, pilot)
        assert not screen.has_unsaved_edits and any(n.title == "Not saved" for n in app._notifications)
        path.write_text("def double(A):\n    return 2 * A\n")  # fixed in another editor: editable again
        for _ in range(60):
            await pilot.pause(0.05)
            if not editor.read_only:
                break
        assert not editor.read_only and editor.text.startswith("def double")
    assert path.read_text() == "def double(A):\n    return 2 * A\n"


async def test_the_original_bytes_survive_when_nothing_fixes_them(make_app):
    app = make_app()
    path = app.course.workspace.root / "01_doubling" / "double.py"
    path.write_bytes(b"# \xe9\n")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        assert screen.query_one("#editor", TextArea).read_only
        await pilot.press("ctrl+s", "escape", "escape")  # nothing to ask about: no edit is possible
        await pilot.pause()
        assert isinstance(app.screen, LessonMapScreen)
    assert path.read_bytes() == b"# \xe9\n"
