"""Snapshots of the key screens at 80x24 (Textual is pinned in pyproject: see the dependency note).

Update after a deliberate change with ``pytest tests/app/test_snapshots.py --snapshot-update``
and look at the report. Everything that varies between runs is fixed here: the pack and the
workspace live under one path, check timings are set to 12 ms, and notifications are cleared.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import TextArea

from tutor.app import TutorApp

from .conftest import returning_learner
from .fakepack import WRONG, make_pack
from .test_app import open_exercise, settle

ROOT = Path("/tmp/latent-tutor-snapshots")


@pytest.fixture
def snap_app(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("LATENT_TUTOR_PACKS", raising=False)
    shutil.rmtree(ROOT, ignore_errors=True)
    pack = make_pack(ROOT / "pack")
    returning_learner(ROOT / "workspace", [pack], {"builtin": False, "installed": False})
    app = TutorApp(workspace=ROOT / "workspace", packs=[pack], builtin=False, installed=False, watch=False)
    yield app
    shutil.rmtree(ROOT, ignore_errors=True)


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
        (ROOT / "workspace").mkdir(parents=True, exist_ok=True)
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
