"""A student copy never claims more than its public checks show: the "public-ok" status in the
progress store, `list`, `list --json`, the app's marks, and "the first exercise not done"."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from instructor_support import EXERCISE, FILE, cli, scaffold

from tutor.app import WELCOMED, TutorApp
from tutor.core.course import Course
from tutor.core.progress import ProgressStore, Status
from tutor.screens.exercise import ExerciseScreen
from tutor.widgets.marks import status_mark, status_words


def test_public_ok_is_recorded_from_the_result_and_never_called_done(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.record_attempt("pk", "ex", passed=False, score=1.0, elapsed_ms=2, public_passed=True)
    assert store.get("pk", "ex").status == Status.PUBLIC_OK
    store.record_attempt("pk", "ex", passed=False, score=0.2, elapsed_ms=2)
    assert store.get("pk", "ex").status == Status.PUBLIC_OK  # like "done", it stays once reached
    store.record_attempt("pk", "ex", passed=True, score=1.0, elapsed_ms=2)
    assert store.get("pk", "ex").status == Status.DONE
    assert [s for s in Status if s.finished] == [Status.PUBLIC_OK, Status.DONE]


def test_a_store_from_before_the_status_is_upgraded_in_place(tmp_path):
    path = tmp_path / "p.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY, pack TEXT NOT NULL, exercise TEXT NOT NULL, "
                     "at REAL NOT NULL, passed INTEGER NOT NULL, score REAL NOT NULL, elapsed_ms REAL NOT NULL)")
        conn.execute("INSERT INTO attempts (pack, exercise, at, passed, score, elapsed_ms) "
                     "VALUES ('pk', 'ex', 1, 1, 1, 1)")
    store = ProgressStore(path)
    assert store.warning is None and store.get("pk", "ex").status == Status.DONE
    store.record_attempt("pk", "other", passed=False, score=1.0, elapsed_ms=1, public_passed=True)
    assert store.get("pk", "other").status == Status.PUBLIC_OK


def test_the_apps_mark_says_what_it_is():
    assert "◇" in status_mark(Status.PUBLIC_OK) and "✓" not in status_mark(Status.PUBLIC_OK)
    assert status_words(Status.PUBLIC_OK) == "public checks passed; hidden checks run when graded"


SECOND = "01_norms/normalize_again.py"


@pytest.fixture
def student_copy(tmp_path) -> Path:
    """The student copy of the scaffold with a second exercise, "again", like the first."""
    root = scaffold(tmp_path)
    manifest = (root / "pack.toml").read_text()
    block = manifest[manifest.index("  [[lessons.exercises]]"):]
    (root / "pack.toml").write_text(manifest + "\n" + block.replace(f'id = "{EXERCISE}"', 'id = "again"')
                                    .replace(f'file = "{FILE}"', f'file = "{SECOND}"'))
    for folder in ("exercises", "solutions"):
        (root / folder / SECOND).write_text((root / folder / FILE).read_text())
    assert cli("pack", "release", root, tmp_path / "student", tmp=tmp_path).returncode == 0
    workspace = tmp_path / "workspace"
    assert cli("--pack", tmp_path / "student", "list", tmp=tmp_path).returncode == 0  # makes the workspace
    (workspace / "pack" / FILE).write_text((root / "solutions" / FILE).read_text())
    return tmp_path / "student"


def test_list_shows_public_ok_for_a_student_copy(student_copy, tmp_path):
    check = cli("--pack", student_copy, "check", EXERCISE, tmp=tmp_path)
    assert check.returncode == 1 and "PUBLIC OK" in check.stdout
    listing = json.loads(cli("--pack", student_copy, "list", "--json", tmp=tmp_path).stdout)
    statuses = {ex["id"]: ex["status"] for lesson in listing["lessons"] for ex in lesson["exercises"]}
    assert statuses[EXERCISE] == "public-ok"
    text = cli("--pack", student_copy, "list", tmp=tmp_path).stdout
    line = next(line for line in text.splitlines() if EXERCISE in line)
    assert line.startswith("  [◇]") and "✓" not in text
    assert "the hidden checks run when your work is graded" in text


async def test_the_next_exercise_skips_one_whose_public_checks_pass(student_copy, tmp_path):
    workspace = tmp_path / "app-workspace"
    tutor = Course(workspace, [student_copy], builtin=False, installed=False)
    tutor.ensure_workspace()
    tutor.progress.set_setting(WELCOMED, "earlier")  # a returning learner: no welcome dialog
    tutor.progress.record_attempt("pack", EXERCISE, passed=False, score=1.0, elapsed_ms=1, public_passed=True)
    tutor.close()
    app = TutorApp(workspace=workspace, packs=[student_copy], builtin=False, installed=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExerciseScreen) and app.screen.exercise.id == "again"
