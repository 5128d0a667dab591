"""`pack new`: the scaffold validates out of the box, teaches every field, and never overwrites."""

from __future__ import annotations

import tomllib

from instructor_support import EXERCISE, FILE, cli

from tutor.core.manifest import EXERCISE_KEYS, LESSON_KEYS, LIMIT_KEYS, PACK_KEYS, load_pack
from tutor.core.validate import validate_pack


def test_pack_new_writes_a_pack_that_validates(tmp_path):
    result = cli("pack", "new", "Linear Algebra 101", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "Linear Algebra 101"
    for relative in ["pack.toml", "lessons/01-norms.md", "lessons/01_norms.py", f"exercises/{FILE}",
                     f"solutions/{FILE}", "checks/normalize_columns.py", "checks/normalize_columns_public.py",
                     "variants/normalize_columns/rows_instead.py"]:
        assert (root / relative).is_file(), relative
    pack = load_pack(root)
    assert pack.name == "linear-algebra-101"
    exercise = pack.exercise(EXERCISE)
    assert exercise is not None and exercise.hints and exercise.public_checks and exercise.hidden_checks
    report = validate_pack(root)
    assert report.ok, report.to_json()
    assert len(report.exercises[0].notes) == 2  # both variants are caught
    assert "pack validate" in result.stdout


def test_the_scaffold_manifest_shows_every_field_an_author_writes(tmp_path):
    cli("pack", "new", "p", tmp=tmp_path)
    data = tomllib.loads((tmp_path / "p" / "pack.toml").read_text())
    written_by_release = {"released", "hidden_check_count"}
    assert set(data) == PACK_KEYS - written_by_release
    assert set(data["limits"]) <= LIMIT_KEYS
    lesson = data["lessons"][0]
    assert set(lesson) == LESSON_KEYS
    assert set(lesson["exercises"][0]) == EXERCISE_KEYS - written_by_release
    text = (tmp_path / "p" / "pack.toml").read_text()
    assert text.count("#") > 20  # the comments that teach the format


def test_pack_new_refuses_a_non_empty_folder_and_keeps_its_content(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("my notes")
    result = cli("pack", "new", target, tmp=tmp_path)
    assert result.returncode == 2
    assert "not empty" in result.stderr and str(target) in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert (target / "notes.txt").read_text() == "my notes"


def test_pack_new_accepts_an_empty_folder_and_refuses_a_file(tmp_path):
    (tmp_path / "empty").mkdir()
    assert cli("pack", "new", "empty", tmp=tmp_path).returncode == 0
    (tmp_path / "a-file").write_text("x")
    result = cli("pack", "new", "a-file", tmp=tmp_path)
    assert result.returncode == 2 and "not a folder" in result.stderr


def test_pack_new_names(tmp_path):
    assert cli("pack", "new", "x", "--name", "Bad Name", tmp=tmp_path).returncode == 2
    assert not (tmp_path / "x").exists()
    result = cli("pack", "new", "y", "--name", "week-3", "--title", 'Week "3"', tmp=tmp_path)
    assert result.returncode == 0
    pack = load_pack(tmp_path / "y")
    assert (pack.name, pack.title) == ("week-3", 'Week "3"')
    assert cli("pack", "new", "___", tmp=tmp_path).returncode == 0
    assert load_pack(tmp_path / "___").name == "my-pack"
