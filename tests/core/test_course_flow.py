"""Where next, and the record the course's end shows: Course.next_exercise, pack_done,
playground, and course_summary over a real progress store."""

from __future__ import annotations

from pathlib import Path

import pytest
from packkit import MINI_FILES, MINI_MANIFEST, write_pack

from tutor.core.course import Course
from tutor.core.progress import Status
from tutor.core.summary import course_summary, duration

THREE = MINI_MANIFEST + """
  [[lessons.exercises]]
  id = "second"
  title = "Second"
  file = "second.py"
  functions = ["double"]
  hidden_checks = "checks/double.py"
  playground = "matrix"

[[lessons]]
id = "more"
title = "More"
text = "lessons/basics.md"

  [[lessons.exercises]]
  id = "third"
  title = "Third"
  file = "third.py"
  functions = ["double"]
  hidden_checks = "checks/double.py"
"""


@pytest.fixture
def tutor(tmp_path: Path):
    files = dict(MINI_FILES)
    for name in ("second", "third"):
        files[f"exercises/{name}.py"] = MINI_FILES["exercises/double.py"]
        files[f"solutions/{name}.py"] = MINI_FILES["solutions/double.py"]
    pack = write_pack(tmp_path / "pack", THREE, files)
    tutor = Course(tmp_path / "ws", [pack], builtin=False, installed=False)
    yield tutor
    tutor.close()


def _pass(tutor: Course, exercise: str, passed: bool = True) -> None:
    tutor.progress.record_attempt("mini", exercise, passed=passed, score=1.0 if passed else 0.0, elapsed_ms=5)


def test_the_current_exercise_is_the_first_not_done(tutor):
    assert tutor.next_exercise()[1].id == "double"
    _pass(tutor, "double")
    assert tutor.next_exercise()[1].id == "second"
    _pass(tutor, "second", passed=False)
    assert tutor.next_exercise()[1].id == "second"  # attempted is not done


def test_next_goes_on_from_the_exercise_and_wraps_round(tutor):
    pack = tutor.packs[0]
    double, _, third = pack.exercises
    assert tutor.next_exercise(double)[1].id == "second"
    _pass(tutor, "second")
    assert tutor.next_exercise(double)[1].id == "third"
    assert tutor.next_exercise(third)[1].id == "double"  # wraps to the start
    _pass(tutor, "double")
    _pass(tutor, "third")
    assert tutor.next_exercise(third) is None and tutor.pack_done(pack)


def test_next_comes_back_to_the_exercise_itself_when_it_is_the_last_left(tutor):
    for exercise in ("second", "third"):
        _pass(tutor, exercise)
    double = tutor.packs[0].exercise("double")
    assert tutor.next_exercise(double)[1].id == "double" and not tutor.pack_done(tutor.packs[0])


def test_playgrounds_are_the_ones_the_manifests_name(tutor):
    pack = tutor.packs[0]
    assert [ex.playground for ex in pack.exercises] == [None, "matrix", None]
    builtin = Course(tutor.workspace.root, [], installed=False)
    try:
        (main,) = builtin.packs
        assert main.exercise("svd-truncate").playground == "svd"
        assert main.exercise("svd-energy").playground is None
    finally:
        builtin.close()


def test_the_summary_counts_checks_hints_and_time_to_pass(tutor, monkeypatch):
    import tutor.core.progress as progress_module

    clock = iter([1000.0, 1090.0, 1100.0, 5000.0])
    monkeypatch.setattr(progress_module.time, "time", lambda: next(clock))
    _pass(tutor, "double", passed=False)   # first check at 1000
    _pass(tutor, "double")                 # first pass at 1090: 90 s
    _pass(tutor, "double")                 # later passes change nothing
    _pass(tutor, "second")                 # passed at its first check
    tutor.progress.reveal_hint("mini", "double", 2)
    tutor.progress.reveal_hint("mini", "third", 2)
    summary = course_summary(tutor.packs[0], tutor.progress)
    records = {r.id: r for r in summary.exercises}
    assert (records["double"].attempts, records["double"].hints, records["double"].seconds) == (3, 1, 90.0)
    assert records["second"].seconds == 0.0 and records["second"].status is Status.DONE
    assert records["third"].status is Status.IN_PROGRESS and records["third"].seconds is None
    assert (summary.done, summary.attempts, summary.hints, summary.seconds) == (2, 4, 2, 90.0)


@pytest.mark.parametrize("seconds, words", [(None, "—"), (0.0, "first check"), (0.3, "under 1 s"), (42.4, "42 s"),
                                            (600, "10 min"), (2 * 3600 + 5 * 60, "2 h 05 min"),
                                            (3 * 86400, "3 days")])
def test_durations_read_like_people_say_them(seconds, words):
    assert duration(seconds) == words


def test_the_workspace_is_shown_from_the_home_folder(tmp_path, monkeypatch):
    from tutor.core.workspace import Workspace

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert Workspace(tmp_path / "home" / "Documents" / "latent-tutor", "p").shown == "~/Documents/latent-tutor"
    assert Workspace(tmp_path / "elsewhere", "p").shown == str(tmp_path / "elsewhere")
