"""`grade`: a class with correct, wrong, empty and hostile submissions gets the right gradebook,
the run always finishes, and nothing is half-written."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from instructor_support import EXAMPLE_PACK, EXERCISE, FILE, REPO, cli, fast_limits, scaffold

from tutor.cli_instructor import Progress
from tutor.core.batch import run_tasks
from tutor.core.manifest import load_pack

HOSTILE = {
    "loop": "def normalize_columns(A):\n    while True:\n        pass\n",
    "exits": "import os\n\ndef normalize_columns(A):\n    os._exit(0)\n",
    "segfault": "import ctypes\n\ndef normalize_columns(A):\n    return ctypes.string_at(0)\n",
    "syntax": "def normalize_columns(A)\n    return A\n",
    "forkbomb": "import os\n\ndef normalize_columns(A):\n    while True:\n        os.fork()\n",
}


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    root = scaffold(tmp_path_factory.mktemp("pack"))
    fast_limits(root)
    return root


def submit(submissions: Path, student: str, source: str | Path | None) -> None:
    """A student folder with the exercise file holding ``source`` (a path is copied)."""
    folder = submissions / student
    folder.mkdir(parents=True)
    if source is not None:
        (folder / FILE).parent.mkdir(parents=True)
        (folder / FILE).write_text(source.read_text() if isinstance(source, Path) else source)


@pytest.fixture(scope="module")
def class_run(pack, tmp_path_factory):
    """Grade a whole class once; the tests below read its outputs."""
    tmp = tmp_path_factory.mktemp("class")
    subs = tmp / "submissions"
    submit(subs, "ada", pack / "solutions" / FILE)
    submit(subs, "bob", pack / "variants/normalize_columns/rows_instead.py")
    submit(subs, "cy", pack / "variants/normalize_columns/zero_column_nan.py")
    submit(subs, "empty", None)
    for student, source in HOSTILE.items():
        submit(subs, student, source)
    (subs / "sneaky" / FILE).parent.mkdir(parents=True)
    (subs / "sneaky" / FILE).symlink_to(pack / "solutions" / FILE)
    (subs / "sneakier" / "01_norms").mkdir(parents=True)
    (subs / "sneakier" / "01_norms").rmdir()
    (subs / "sneakier" / "01_norms").symlink_to(pack / "solutions" / "01_norms", target_is_directory=True)
    (subs / "fifo" / FILE).parent.mkdir(parents=True)
    os.mkfifo(subs / "fifo" / FILE)  # reading it would block forever
    submit(subs, "huge", "# padding\n" * 200_000)
    (subs / ".hidden").mkdir()
    (subs / "__MACOSX").mkdir()
    (subs / "README.txt").write_text("not a student")
    started = time.monotonic()
    result = cli("grade", subs, "--pack", pack, "--out", tmp / "grades.csv", "--json", tmp / "results.json",
                 "--jobs", "3", tmp=tmp)
    return result, tmp, time.monotonic() - started


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


def test_the_gradebook_is_right(class_run):
    result, tmp, _ = class_run
    assert result.returncode == 0, result.stderr
    rows = read_csv(tmp / "grades.csv")
    assert list(rows[0]) == ["student", EXERCISE, "total"]
    scores = {row["student"]: row[EXERCISE] for row in rows}
    # Weights: public 1 + 1, hidden 2 + 1 + 1. Rows-instead keeps only the shape (1 of 6); the
    # NaN variant fails only the zero-column check (5 of 6).
    assert scores == {"ada": "1.0000", "bob": "0.1667", "cy": "0.8333", "empty": "0.0000", "exits": "0.0000",
                      "fifo": "0.0000", "forkbomb": "0.0000", "huge": "0.0000", "loop": "0.0000",
                      "segfault": "0.0000", "sneaky": "0.0000", "sneakier": "0.0000", "syntax": "0.0000"}
    assert all(row["total"] == row[EXERCISE] for row in rows)
    assert [row["student"] for row in rows] == sorted(scores)


def test_results_json_has_every_check_per_student_and_pass_rates(class_run):
    _, tmp, _ = class_run
    data = json.loads((tmp / "results.json").read_text())
    students = {s["student"]: s["exercises"][EXERCISE] for s in data["students"]}
    assert len(students) == 13
    assert all(len(result["checks"]) == 5 for result in students.values())
    verdicts = {name: {c["verdict"] for c in result["checks"]} for name, result in students.items()}
    assert verdicts["loop"] == {"timeout"}
    assert verdicts["syntax"] == {"syntax"} and "line 1" in students["syntax"]["summary"]
    assert verdicts["exits"] == {"crash"} and "exit status 0" in students["exits"]["checks"][0]["message"]
    assert verdicts["segfault"] == {"crash"} and "SIGSEGV" in students["segfault"]["checks"][0]["message"]
    assert verdicts["empty"] == {"missing"} and verdicts["sneaky"] == {"missing"}
    assert "symbolic link" in students["sneaky"]["error"] and "symbolic link" in students["sneakier"]["error"]
    assert "not a regular file" in students["fifo"]["error"] and "larger than 1024 KiB" in students["huge"]["error"]
    assert students["bob"]["checks"][0]["diagnosis"].startswith("You normalized the rows")
    assert students["ada"]["file"] == FILE and "output" not in students["ada"]
    rates = {c["name"]: c for c in data["exercises"][0]["checks"]}
    assert rates["a column of zeros stays zero"]["passed"] == 1  # ada only
    assert rates["keeps the shape of A"]["passed"] == 3  # ada, bob, cy
    assert rates["keeps the shape of A"]["pass_rate"] == pytest.approx(3 / 13, abs=1e-6)
    assert {c["hidden"] for c in rates.values()} == {False, True}
    assert data["exercises"][0]["mean_score"] == pytest.approx((1 + 1 / 6 + 5 / 6) / 13, abs=1e-6)
    assert "mean of the exercise scores" in data["total"]


def test_hostile_submissions_cost_their_authors_points_never_the_run(class_run):
    result, _, elapsed = class_run
    assert result.returncode == 0
    assert elapsed < 30
    lines = [line for line in result.stderr.splitlines() if line.startswith("graded ")]
    assert len(lines) == 13  # stderr is not a terminal: one line per student
    assert "graded ada: total 1.0000" in result.stderr
    assert "warning" not in result.stderr


def test_parallel_and_serial_runs_agree(pack, class_run, tmp_path):
    _, tmp, _ = class_run
    subs = tmp_path / "subs"
    for student in ("ada", "bob", "cy", "empty", "syntax"):
        shutil.copytree(tmp / "submissions" / student, subs / student)
    serial = cli("grade", subs, "--pack", pack, "--out", tmp_path / "one.csv", "--jobs", "1", tmp=tmp_path)
    assert serial.returncode == 0, serial.stderr
    parallel = {row["student"]: row for row in read_csv(tmp / "grades.csv")}
    assert read_csv(tmp_path / "one.csv") == [parallel[s] for s in ("ada", "bob", "cy", "empty", "syntax")]


def test_the_built_in_pack_is_the_default(tmp_path):
    subs = tmp_path / "subs"
    (subs / "solver").mkdir(parents=True)
    (subs / "nobody").mkdir()
    for solution in (REPO / "solutions").rglob("*.py"):
        target = subs / "solver" / solution.relative_to(REPO / "solutions")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(solution.read_text())
    result = cli("grade", subs, "--out", tmp_path / "g.csv", "--jobs", "2", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["student"]: row for row in read_csv(tmp_path / "g.csv")}
    ids = [ex.id for ex in load_pack(REPO).exercises]
    assert list(rows["solver"]) == ["student", *ids, "total"]
    assert rows["solver"]["total"] == "1.0000" and rows["nobody"]["total"] == "0.0000"


def test_two_packs_a_student_folder_laid_out_like_a_workspace(pack, tmp_path):
    subs = tmp_path / "subs"
    submit(subs, "ada", pack / "solutions" / FILE)
    second = subs / "ada" / "example-cosine" / "cosine" / "cosine_similarity.py"
    second.parent.mkdir(parents=True)
    # Cosines made non-negative: right where every cosine is >= 0, wrong on random factors.
    second.write_text("import numpy as np\n\ndef cosine_similarity(U):\n"
                      "    unit = U / np.linalg.norm(U, axis=1, keepdims=True)\n    return np.abs(unit @ unit.T)\n")
    result = cli("grade", subs, "--pack", pack, "--pack", EXAMPLE_PACK, "--out", tmp_path / "g.csv", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    (row,) = read_csv(tmp_path / "g.csv")
    assert list(row) == ["student", EXERCISE, "cosine-similarity", "total"]
    assert row[EXERCISE] == "1.0000"
    assert row["cosine-similarity"] == "0.5000"  # weights: public 1, hidden 2 (failed) + 1
    assert row["total"] == "0.7500"


def test_interrupting_writes_nothing_and_keeps_the_old_gradebook(pack, tmp_path):
    subs = tmp_path / "subs"
    for n in range(4):
        submit(subs, f"loop{n}", HOSTILE["loop"])
    out = tmp_path / "grades.csv"
    out.write_text("the previous gradebook\n")
    env = {k: v for k, v in os.environ.items() if k != "LATENT_TUTOR_PACKS"}
    env["PYTHONPATH"] = str(REPO)
    process = subprocess.Popen([sys.executable, "-m", "tutor", "grade", str(subs), "--pack", str(pack), "--out",
                                str(out), "--json", str(tmp_path / "r.json"), "--jobs", "2"],
                               stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env,
                               # a shell's background job inherits SIGINT ignored; a user's Ctrl-C is not
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 130
    assert "interrupted: no grades were written" in stderr
    assert out.read_text() == "the previous gradebook\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grades.csv", "subs"]


@pytest.mark.parametrize("case, message", [
    ("no-folder", "is not a folder of student submissions"),
    ("no-students", "holds no student folders"),
    ("out-is-folder", "is a folder; give a file name"),
    ("same-outputs", "must be different files"),
    ("jobs", "--jobs must be at least 1"),
    ("broken-pack", "cannot grade"),
    ("broken-checks", "the pack's checks are broken"),
    ("released", "student copy"),
])
def test_bad_input_is_a_clear_error(pack, tmp_path, case, message):
    subs = tmp_path / "subs"
    (subs / "ada").mkdir(parents=True)
    args = ["grade", subs, "--pack", pack, "--out", tmp_path / "g.csv"]
    if case == "no-folder":
        args[1] = tmp_path / "missing"
    elif case == "no-students":
        args[1] = subs / "ada"
    elif case == "out-is-folder":
        args[-1] = subs
    elif case == "same-outputs":
        args += ["--json", tmp_path / "g.csv"]
    elif case == "jobs":
        args += ["--jobs", "0"]
    elif case in ("broken-pack", "broken-checks", "released"):
        broken = scaffold(tmp_path, "broken")
        args[3] = broken
        if case == "broken-pack":
            (broken / "pack.toml").write_text("format = 1\n")
        elif case == "broken-checks":
            (broken / "checks/normalize_columns.py").write_text("import nonexistent_module\n")
        else:
            assert cli("pack", "release", broken, tmp_path / "student", tmp=tmp_path).returncode == 0
            args[3] = tmp_path / "student"
    result = cli(*args, tmp=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "g.csv").exists()


def test_progress_bar_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = Progress(2, stream)
    progress.update("ada", 1.0, 1, [])
    progress.update("bob", 0.5, 2, ["the grading process ended early (signal 9)"])
    text = stream.getvalue()
    assert text.startswith("\rgrading [############------------] 1/2")
    assert "\rgrading [########################] 2/2" in text
    assert text.endswith("\nwarning: bob: the grading process ended early (signal 9)\n")


def _crashing_work(task: int):
    yield {"task": task, "step": 1}
    if task == 1:
        os._exit(3)
    if task == 2:
        time.sleep(30)
    yield {"task": task, "step": 2}


def test_a_task_process_that_dies_or_hangs_is_reported_and_the_run_goes_on():
    outcomes = {o.task: o for o in run_tasks([0, 1, 2, 3], _crashing_work, jobs=2, budget=1.0)}
    assert [r["step"] for r in outcomes[0].records] == [1, 2] and outcomes[0].error is None
    assert [r["step"] for r in outcomes[1].records] == [1]
    assert outcomes[1].error == "the grading process ended early (exit status 3)"
    assert [r["step"] for r in outcomes[2].records] == [1]
    assert "did not finish within 1 s" in outcomes[2].error
    assert outcomes[3].error is None and len(outcomes[3].records) == 2
