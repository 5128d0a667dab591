"""`grade` over several runs, as a course goes: a broken check never costs a student points and
exits 3; one student is regraded into the existing outputs; an interrupted run resumes."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from instructor_support import EXERCISE, FILE, REPO, SECOND, SECOND_FILE, cli, grading_pack

from tutor.cli_support import EXIT_BROKEN_CHECKS

PACK = "course"
ONE, TWO = f"{PACK}/{FILE}", f"{PACK}/{SECOND_FILE}"
LOOP = "def normalize_columns(A):\n    while True:\n        pass\n"
HIDDEN = "checks/normalize_columns.py"


def rows(path: Path) -> dict[str, dict[str, str]]:
    return {row["student"]: row for row in csv.DictReader(io.StringIO(path.read_text()))}


def hand_in(submissions: Path, student: str, one: str | Path | None, two: str | Path | None = None) -> None:
    for relative, source in ((ONE, one), (TWO, two)):
        if source is not None:
            target = submissions / student / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source.read_text() if isinstance(source, Path) else source)
    (submissions / student).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def pack(tmp_path) -> Path:
    return grading_pack(tmp_path, PACK)


@pytest.fixture
def subs(pack, tmp_path) -> Path:
    folder = tmp_path / "subs"
    solution = pack / "solutions" / FILE
    hand_in(folder, "ada", solution, solution)
    hand_in(folder, "bob", pack / "variants/normalize_columns/rows_instead.py", solution)
    hand_in(folder, "cy", None, solution)
    return folder


def grade(subs: Path, pack: Path, tmp: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    return cli("grade", subs, "--pack", pack, "--out", tmp / "grades.csv", "--json", tmp / "results.json", *extra,
               tmp=tmp)


def test_a_broken_check_is_reported_left_out_and_exits_3_after_writing_everything(pack, subs, tmp_path):
    line = len((pack / HIDDEN).read_text().splitlines()) + 3
    with (pack / HIDDEN).open("a") as handle:
        handle.write('\n\n@check("lookup", weight=10)\ndef lookup(ctx):\n'
                     '    got = ctx.learner.normalize_columns(np.eye(2))\n    return {"shape": got.shape}["size"]\n')
    result = grade(subs, pack, tmp_path, "--feedback", tmp_path / "feedback")
    assert result.returncode == EXIT_BROKEN_CHECKS, result.stderr
    gradebook = rows(tmp_path / "grades.csv")
    assert gradebook["ada"]["total"] == "1.0000"  # weight 10 broke: never counted against ada
    assert gradebook["bob"][EXERCISE] == "0.1667"
    assert f"check 'lookup' of {EXERCISE} ({HIDDEN}:{line + 3}), for 2 students (ada, bob)" in result.stderr
    assert "KeyError: 'size'" in result.stderr and f'File "{HIDDEN}", line {line + 3}, in lookup' in result.stderr
    assert "--resume" in result.stderr.splitlines()[-1]
    data = json.loads((tmp_path / "results.json").read_text())
    lookup = next(c for c in data["exercises"][0]["checks"] if c["name"] == "lookup")
    assert (lookup["broken"], lookup["graded"], lookup["pass_rate"]) == (2, 0, None)
    assert "could not run (an error in the check, not in your code)" in (tmp_path / "feedback/ada.md").read_text()


def test_a_check_that_catches_every_interrupt_stops_only_that_students_grading_and_exits_3(pack, subs, tmp_path):
    with (pack / HIDDEN).open("a") as handle:
        handle.write('\n\n@check("stubborn")\ndef stubborn(ctx):\n'
                     '    A = np.array([[3.0, 1.0], [4.0, 1.0]])\n    got = ctx.learner.normalize_columns(A)\n'
                     '    if np.allclose(got, A / np.linalg.norm(A, axis=0)):\n        while True:\n            try:\n'
                     '                while True:\n                    pass\n            except BaseException:\n'
                     '                pass\n')
    result = grade(subs, pack, tmp_path)
    assert result.returncode == EXIT_BROKEN_CHECKS, result.stderr
    assert (f"check 'stubborn' of {EXERCISE} ({HIDDEN}) ran past its 1 s time limit and caught every interrupt"
            in result.stderr)
    assert "the pack's check code stopped the grading of ada, bob, cy" in result.stderr  # both exercises use it
    gradebook = rows(tmp_path / "grades.csv")
    assert gradebook["bob"][EXERCISE] == "0.2857"  # graded before the stop: 2 of 7 checks, the new one passed
    errors = {s["student"]: s.get("errors") for s in json.loads((tmp_path / "results.json").read_text())["students"]}
    assert errors["ada"][0].endswith(f"not graded: {EXERCISE}, {SECOND}")
    assert errors["bob"][0].endswith(f"not graded: {SECOND}")


def test_an_exercise_whose_checks_all_break_is_marked_and_left_out_of_the_total(pack, subs, tmp_path):
    manifest = (pack / "pack.toml").read_text()
    first, second = manifest.split(f'id = "{SECOND}"')
    second = second.replace('"checks/normalize_columns_public.py"', '"checks/broken.py"')
    second = "\n".join(line for line in second.splitlines()
                       if not line.strip().startswith(("hidden_checks", "variants")))
    (pack / "pack.toml").write_text(first + f'id = "{SECOND}"' + second + "\n")
    (pack / "checks/broken.py").write_text(
        "from tutor.checks import check\n\n\n@check('one')\ndef one(ctx):\n    ctx.learner.normalize_columns([[1.0]])\n"
        "    {}['x']\n\n\n@check('two')\ndef two(ctx):\n    ctx.learner.normalize_columns([[1.0]])\n    [][1]\n")
    result = grade(subs, pack, tmp_path)
    assert result.returncode == EXIT_BROKEN_CHECKS, result.stderr
    gradebook = rows(tmp_path / "grades.csv")
    assert gradebook["ada"][SECOND] == "error" and gradebook["ada"]["max_points"] == "1"
    assert gradebook["ada"]["total"] == "1.0000" and gradebook["bob"]["total"] == "0.1667"
    assert gradebook["cy"][EXERCISE] == "0.0000" and gradebook["cy"]["total"] == "0.0000"  # cy handed nothing in


def test_regrading_one_student_merges_into_the_existing_outputs(pack, subs, tmp_path):
    assert grade(subs, pack, tmp_path, "--feedback", tmp_path / "feedback").returncode == 0
    before = rows(tmp_path / "grades.csv")
    assert before["bob"][EXERCISE] == "0.1667"
    (tmp_path / "feedback/ada.md").write_text("kept as it is")
    (subs / "bob" / ONE).write_text((pack / "solutions" / FILE).read_text())  # bob's resubmission
    (subs / "ada" / ONE).write_text(LOOP)  # changed too, but not asked for: ada keeps her grade
    result = grade(subs, pack, tmp_path, "--feedback", tmp_path / "feedback", "--only", "bob")
    assert result.returncode == 0, result.stderr
    assert "Grading 1 student x 2 exercises" in result.stderr
    after = rows(tmp_path / "grades.csv")
    assert after["bob"][EXERCISE] == "1.0000" and after["ada"] == before["ada"] and after["cy"] == before["cy"]
    data = json.loads((tmp_path / "results.json").read_text())
    assert [s["student"] for s in data["students"]] == ["ada", "bob", "cy"]
    assert (tmp_path / "feedback/ada.md").read_text() == "kept as it is"
    assert "Total: **100%**" in (tmp_path / "feedback/bob.md").read_text()
    bad = grade(subs, pack, tmp_path, "--only", "nobody")
    assert bad.returncode == 2 and "no such student folder" in bad.stderr


def test_resume_grades_only_what_changed(pack, subs, tmp_path):
    assert grade(subs, pack, tmp_path).returncode == 0
    unchanged = grade(subs, pack, tmp_path, "--resume")
    assert unchanged.returncode == 0 and "Nothing to grade" in unchanged.stderr
    (subs / "cy" / ONE).parent.mkdir(parents=True, exist_ok=True)
    (subs / "cy" / ONE).write_text((pack / "solutions" / FILE).read_text())
    result = grade(subs, pack, tmp_path, "--resume")
    assert "Resuming: 2 students kept (files and pack unchanged), 1 to grade." in result.stderr
    assert rows(tmp_path / "grades.csv")["cy"][EXERCISE] == "1.0000"
    with (pack / HIDDEN).open("a") as handle:  # the instructor edits a check: everyone is graded again
        handle.write("\n# a comment\n")
    result = grade(subs, pack, tmp_path, "--resume")
    assert "0 students kept (files and pack unchanged), 3 to grade" in result.stderr
    result = cli("grade", subs, "--pack", pack, "--out", tmp_path / "grades.csv", "--seed", "7", "--resume",
                 tmp=tmp_path)
    assert result.returncode == 2 and "the seed differ" in result.stderr


def test_an_interrupted_run_keeps_what_it_graded_and_resumes(pack, tmp_path):
    subs = tmp_path / "subs"
    hand_in(subs, "aaa", pack / "solutions" / FILE, pack / "solutions" / FILE)
    for n in range(3):
        hand_in(subs, f"loop{n}", LOOP, LOOP)
    out = tmp_path / "grades.csv"
    out.write_text("the previous gradebook\n")
    env = {k: v for k, v in os.environ.items() if k != "LATENT_TUTOR_PACKS"}
    env["PYTHONPATH"] = str(REPO)
    env["LATENT_TUTOR_WORKSPACE"] = str(tmp_path / "workspace")
    process = subprocess.Popen([sys.executable, "-m", "tutor", "grade", str(subs), "--pack", str(pack), "--out",
                                str(out), "--json", str(tmp_path / "r.json"), "--jobs", "2"],
                               stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env,
                               # a shell's background job inherits SIGINT ignored; a user's Ctrl-C is not
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert process.stderr is not None
    for line in process.stderr:  # the first student graded: the run is under way
        if line.startswith("graded aaa"):
            break
    process.send_signal(signal.SIGINT)
    _, rest = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "no gradebook was written; the 1 student graded so far is kept" in rest and "--resume" in rest
    assert out.read_text() == "the previous gradebook\n" and not (tmp_path / "r.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    for n in range(3):  # the class fixes its loops (but one) before the rest is graded
        (subs / f"loop{n}" / ONE).write_text((pack / "solutions" / FILE).read_text())
        if n:
            (subs / f"loop{n}" / TWO).write_text((pack / "solutions" / FILE).read_text())
    result = cli("grade", subs, "--pack", pack, "--out", out, "--json", tmp_path / "r.json", "--resume", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Resuming: 1 student kept (files and pack unchanged), 3 to grade." in result.stderr
    assert "graded aaa" not in result.stderr
    gradebook = rows(out)
    assert sorted(gradebook) == ["aaa", "loop0", "loop1", "loop2"] and gradebook["loop1"]["total"] == "1.0000"
    assert (gradebook["loop0"][EXERCISE], gradebook["loop0"][SECOND]) == ("1.0000", "0.0000")


def test_a_state_file_that_is_not_one_is_refused(pack, subs, tmp_path):
    (tmp_path / "grades.state.jsonl").write_text("not a state\n")
    result = grade(subs, pack, tmp_path, "--resume")
    assert result.returncode == 2 and "is not a state file" in result.stderr
