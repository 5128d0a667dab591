"""Snapshots of the key screens at 80x24 (Textual is pinned in pyproject: see the dependency note).

Update after a deliberate change with ``pytest tests/app/test_snapshots.py --snapshot-update``
and look at the report. Everything that varies between runs is fixed here: the pack and the
workspace live in the test's own temporary folder, made the home folder so the screens show
it as ``~``; check timings are set to 12 ms, and notifications are cleared.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from tutor.app import TutorApp

from .conftest import returning_learner
from .fakepack import WRONG, make_pack
from .test_app import open_exercise, settle


@pytest.fixture
def snap_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("LATENT_TUTOR_PACKS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    pack = make_pack(tmp_path / "pack")
    returning_learner(tmp_path / "workspace", [pack], {"builtin": False, "installed": False})
    return TutorApp(workspace=tmp_path / "workspace", packs=[pack], builtin=False, installed=False, watch=False)


def fixed_timing(app: TutorApp) -> None:
    grade = app.grader.grade

    def grade_in_12_ms(*args, **kwargs):
        result = grade(*args, **kwargs)
        result.elapsed_ms = 12.0
        return result

    app.grader.grade = grade_in_12_ms


async def calm(app: TutorApp, pilot) -> None:
    await settle(app, pilot)
    app.clear_notifications()
    for editor in app.screen.query(TextArea):
        editor.cursor_blink = False
    await pilot.pause()


def test_lesson_map(snap_compare, snap_app):
    async def run_before(pilot):
        await calm(snap_app, pilot)

    assert snap_compare(snap_app, run_before=run_before)


def test_lesson_reader(snap_compare, snap_app):
    async def run_before(pilot):
        await pilot.press("enter")
        await calm(snap_app, pilot)

    assert snap_compare(snap_app, run_before=run_before)


def test_exercise_failing_with_diff(snap_compare, snap_app):
    async def run_before(pilot):
        fixed_timing(snap_app)
        screen = await open_exercise(snap_app, pilot)
        screen.query_one("#editor", TextArea).load_text(WRONG.lstrip())
        await pilot.press("ctrl+s")
        await settle(snap_app, pilot)
        await pilot.press("f4")
        await calm(snap_app, pilot)

    assert snap_compare(snap_app, run_before=run_before)


def test_exercise_code(snap_compare, snap_app):
    async def run_before(pilot):
        fixed_timing(snap_app)
        await open_exercise(snap_app, pilot)
        await calm(snap_app, pilot)

    assert snap_compare(snap_app, run_before=run_before)


def test_help(snap_compare, snap_app):
    async def run_before(pilot):
        await pilot.press("f1")
        await calm(snap_app, pilot)

    assert snap_compare(snap_app, run_before=run_before)


def test_course_end(snap_compare, snap_app, monkeypatch):
    import tutor.core.progress as progress_module

    clock = iter([1000.0, 1040.0, 1300.0, 2000.0, 2000.0])
    with monkeypatch.context() as patch:  # a record with fixed times
        patch.setattr(progress_module.time, "time", lambda: next(clock))
        progress = snap_app.course.progress
        progress.record_attempt("fake", "fake-double", passed=False, score=0.0, elapsed_ms=5)
        progress.record_attempt("fake", "fake-double", passed=True, score=1.0, elapsed_ms=5)
        progress.record_attempt("fake", "attn-weights", passed=False, score=0.0, elapsed_ms=5)
        progress.record_attempt("fake", "attn-weights", passed=True, score=1.0, elapsed_ms=5)
        progress.record_attempt("fake", "als-fit", passed=True, score=1.0, elapsed_ms=5)
    progress.reveal_hint("fake", "fake-double", 3)

    async def run_before(pilot):
        await pilot.press("s")
        await calm(snap_app, pilot)

    assert snap_compare(snap_app, run_before=run_before)
