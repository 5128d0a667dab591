"""`grade`: a class of correct, partial, wrong, empty, missing and hostile submissions, laid out
as students hand in their workspaces, gets the right gradebook, results and feedback."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import time
from pathlib import Path

import pytest
from instructor_support import (
    EXAMPLE_PACK,
    EXERCISE,
    FILE,
    REPO,
    SECOND,
    SECOND_FILE,
    cli,
    fake_distribution,
    grading_pack,
    scaffold,
)

from tutor.cli_grade import ProgressBar
from tutor.core.batch import run_tasks
from tutor.core.gradebook import StudentGrades
from tutor.core.gradeout import student_total
from tutor.core.manifest import load_pack

PACK = "course"
"""The grading pack's name: its files sit under course/ in a workspace that has the built-in pack."""
ONE, TWO = f"{PACK}/{FILE}", f"{PACK}/{SECOND_FILE}"
HOSTILE = {
    "loop": "def normalize_columns(A):\n    while True:\n        pass\n",
    "exits": "import os\n\ndef normalize_columns(A):\n    os._exit(0)\n",
    "segfault": "import ctypes\n\ndef normalize_columns(A):\n    return ctypes.string_at(0)\n",
    "syntax": "def normalize_columns(A)\n    return A\n",
    "forkbomb": "import os\n\ndef normalize_columns(A):\n    while True:\n        os.fork()\n",
}


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


def hand_in(submissions: Path, student: str, files: dict[str, str | Path]) -> Path:
    """A student folder holding ``files`` (workspace path -> source text, or a file to copy)."""
    folder = submissions / student
    folder.mkdir(parents=True)
    for relative, source in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(source.read_text() if isinstance(source, Path) else source)
    return folder


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    return grading_pack(tmp_path_factory.mktemp("pack"), PACK)


@pytest.fixture(scope="module")
def class_run(pack, tmp_path_factory):
    """A class of 22 hands in; graded once with --feedback, the tests below read the outputs."""
    tmp = tmp_path_factory.mktemp("class")
    subs = tmp / "submissions"
    solution = pack / "solutions" / FILE
    rows = pack / "variants/normalize_columns/rows_instead.py"
    nan = pack / "variants/normalize_columns/zero_column_nan.py"
    hand_in(subs, "ada", {ONE: solution, TWO: solution})
    hand_in(subs, "bob", {ONE: rows, TWO: solution})
    hand_in(subs, "cy", {ONE: nan, TWO: nan})
    hand_in(subs, "dee", {ONE: solution})  # the second exercise is missing
    hand_in(subs, "eve", {ONE: "", TWO: "  \n\n"})  # empty files: not handed in
    hand_in(subs, "fay", {ONE: pack / "exercises" / FILE, TWO: pack / "exercises" / SECOND_FILE})  # the stubs
    hand_in(subs, "gus", {})
    hand_in(subs, "hal", {FILE: solution, TWO: solution})  # the first file at the top: not its workspace path
    for student, source in HOSTILE.items():
        hand_in(subs, student, {ONE: source, TWO: solution})
    link = hand_in(subs, "sneaky", {TWO: solution})
    (link / ONE).parent.mkdir(parents=True, exist_ok=True)
    (link / ONE).symlink_to(solution)
    (subs / "sneakier" / PACK).mkdir(parents=True)
    (subs / "sneakier" / PACK / "01_norms").symlink_to(pack / "solutions" / "01_norms", target_is_directory=True)
    fifo = hand_in(subs, "fifo", {TWO: solution})
    (fifo / ONE).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo / ONE)  # reading it would block forever
    hand_in(subs, "huge", {ONE: "# padding\n" * 200_000, TWO: solution})
    for odd in ("Zoë Ünïcode", "with, comma", 'quote "q"', "-dash", "#hash"):
        hand_in(subs, odd, {ONE: solution, TWO: rows})
    (subs / ".hidden").mkdir()
    (subs / "__MACOSX").mkdir()
    (subs / "README.txt").write_text("not a student")
    started = time.monotonic()
    result = cli("grade", subs, "--pack", pack, "--out", tmp / "grades.csv", "--json", tmp / "results.json",
                 "--feedback", tmp / "feedback", "--jobs", "3", tmp=tmp)
    return result, tmp, time.monotonic() - started


def test_the_gradebook_is_right(class_run):
    result, tmp, _ = class_run
    assert result.returncode == 0, result.stderr
    rows = {row["student"]: row for row in read_csv(tmp / "grades.csv")}
    assert list(next(iter(rows.values()))) == ["student", EXERCISE, SECOND, "total", "points", "max_points"]
    assert len(rows) == 22 and list(rows) == sorted(rows)
    # Check weights: public 1 + 1, hidden 2 + 1 + 1. Rows-instead keeps only the shape (1 of 6);
    # the NaN variant fails only the zero-column check (5 of 6). The second exercise is worth 3.
    expected = {"ada": (1, 1), "bob": (1 / 6, 1), "cy": (5 / 6, 5 / 6), "dee": (1, 0), "eve": (0, 0), "fay": (0, 0),
                "gus": (0, 0), "hal": (0, 1), "sneaky": (0, 1), "sneakier": (0, 0), "fifo": (0, 1), "huge": (0, 1),
                **{name: (0, 1) for name in HOSTILE},
                **{name: (1, 1 / 6) for name in ("Zoë Ünïcode", "with, comma", 'quote "q"', "'-dash", "#hash")}}
    # ("'-dash": a name a spreadsheet would run as a formula is written behind an apostrophe)
    for student, (one, two) in expected.items():
        row = rows[student]
        assert (row[EXERCISE], row[SECOND]) == (f"{one:.4f}", f"{two:.4f}"), student
        assert row["total"] == f"{(one + 3 * two) / 4:.4f}", student  # every exercise counts, handed in or not
        assert float(row["points"]) == pytest.approx(one + 3 * two, abs=1e-4) and row["max_points"] == "4"


def test_outputs_are_readable_by_the_instructors_group(class_run):
    _, tmp, _ = class_run
    mask = os.umask(0)
    os.umask(mask)
    for path in [tmp / "grades.csv", tmp / "results.json", tmp / "grades.state.jsonl", tmp / "feedback" / "ada.md"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644 & ~mask, path


def test_results_json_per_student_and_per_exercise(class_run):
    _, tmp, _ = class_run
    data = json.loads((tmp / "results.json").read_text())
    students = {s["student"]: s for s in data["students"]}
    one = {name: s["exercises"][EXERCISE] for name, s in students.items()}
    verdicts = {name: {c["verdict"] for c in r["checks"]} for name, r in one.items()}
    assert verdicts["loop"] == {"timeout"} and verdicts["forkbomb"] <= {"crash", "timeout", "exception"}
    assert verdicts["syntax"] == {"syntax"} and "line 1" in one["syntax"]["summary"]
    assert verdicts["exits"] == {"crash"} and "exit status 0" in one["exits"]["checks"][0]["message"]
    assert verdicts["segfault"] == {"crash"} and "SIGSEGV" in one["segfault"]["checks"][0]["message"]
    assert "symbolic link" in one["sneaky"]["error"] and "symbolic link" in one["sneakier"]["error"]
    assert "not a regular file" in one["fifo"]["error"] and "larger than 1024 KiB" in one["huge"]["error"]
    submitted = [one[n]["submitted"] for n in ("ada", "dee", "eve", "gus", "hal", "sneaky")]
    assert submitted == [True] * 2 + [False] * 3 + [True]
    assert "found 01_norms/normalize_columns.py" in one["hal"]["error"] and ONE in one["hal"]["error"]
    assert one["bob"]["checks"][0]["diagnosis"].startswith("You normalized the rows")
    assert one["ada"]["file"] == ONE and "output" not in one["ada"]
    assert students["dee"]["points"] == 1 and students["dee"]["max_points"] == 4 and students["dee"]["total"] == 0.25
    summary = {e["id"]: e for e in data["exercises"]}[EXERCISE]
    # Handed in: everyone but eve (empty), gus (nothing) and hal (elsewhere); a link is handed in, and refused.
    assert (summary["students"], summary["submitted"], summary["points"]) == (22, 19, 1)
    rates = {c["name"]: c for c in summary["checks"]}
    shape = rates["keeps the shape of A"]  # ada, bob, cy, dee, the five odd names: 9 of the 19 handed in
    assert (shape["graded"], shape["passed"], shape["pass_rate"]) == (19, 9, pytest.approx(9 / 19, abs=1e-6))
    assert rates["a column of zeros stays zero"]["passed"] == 7
    assert {c["hidden"] for c in rates.values()} == {False, True}
    mistakes = {m["variant"]: m["students"] for m in summary["mistakes"]}
    assert mistakes == {"rows_instead": 1, "zero_column_nan": 1}
    second = {e["id"]: e for e in data["exercises"]}[SECOND]
    assert {m["variant"]: m["students"] for m in second["mistakes"]} == {"rows_instead": 5, "zero_column_nan": 1}
    assert "points earned over the points possible" in data["total"]


def test_nothing_carries_the_instructors_paths(class_run, pack):
    _, tmp, _ = class_run
    texts = [(tmp / "results.json").read_text()] + [p.read_text() for p in (tmp / "feedback").iterdir()]
    for text in texts:
        assert str(tmp) not in text and str(pack) not in text


def test_feedback_tells_each_student_what_failed_and_why(class_run):
    _, tmp, _ = class_run
    names = sorted(p.name for p in (tmp / "feedback").iterdir())
    assert len(names) == 22 and "Zoë Ünïcode.md" in names and 'quote "q".md' in names
    bob = (tmp / "feedback" / "bob.md").read_text()
    assert bob.startswith("# Feedback for bob\n\nTotal: **79%** (3.1667 of 4 points)")
    assert "Score: **17%**, 0.1667 of 1 point" in bob and "Score: **100%**, 3 of 3 points" in bob
    assert "- ✗ **a 3-4-5 column becomes (0.6, 0.8)**: normalize_columns([[3, 0], [4, 2]])" in bob
    assert "(hidden check)" in bob and bob.count("Likely mistake: You normalized the rows") == 1
    dee = (tmp / "feedback" / "dee.md").read_text()
    assert f"Not handed in: {TWO} is not in the folder. 0 of 3 points." in dee
    hal = (tmp / "feedback" / "hal.md").read_text()
    assert "found 01_norms/normalize\\_columns.py" not in hal and "found 01_norms/normalize_columns.py" in hal
    syntax = (tmp / "feedback" / "syntax.md").read_text()
    assert "No check could run your code: " in syntax and "line 1" in syntax and "```" in syntax


def test_hostile_submissions_cost_their_authors_points_never_the_run(class_run):
    result, _, elapsed = class_run
    assert result.returncode == 0
    assert elapsed < 60
    lines = [line for line in result.stderr.splitlines() if line.startswith("graded ")]
    assert len(lines) == 22  # stderr is not a terminal: one line per student
    assert "graded ada: total 1.0000" in result.stderr
    assert ("hal: course/01_norms/normalize_columns.py is missing, but 01_norms/normalize_columns.py is there"
            in result.stderr)
    assert "Most common known mistakes: again: rows_instead (5)" in result.stderr


def test_the_layout_is_the_one_list_json_prints_for_the_same_packs(pack, tmp_path):
    listing = json.loads(cli("--pack", pack, "--pack", EXAMPLE_PACK, "list", "--json", tmp=tmp_path).stdout)
    files = {ex["id"]: ex["file"] for lesson in listing["lessons"] for ex in lesson["exercises"]}
    subs = tmp_path / "subs"
    hand_in(subs, "ada", {files[EXERCISE]: pack / "solutions" / FILE, files[SECOND]: pack / "solutions" / FILE,
                          files["cosine-similarity"]: EXAMPLE_PACK / "solutions/cosine/cosine_similarity.py"})
    result = cli("grade", subs, "--pack", pack, "--pack", EXAMPLE_PACK, "--out", tmp_path / "g.csv", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    (row,) = read_csv(tmp_path / "g.csv")
    assert list(row)[1:4] == [EXERCISE, SECOND, "cosine-similarity"] and row["total"] == "1.0000"


def test_a_student_folder_named_like_a_formula_is_text_in_the_gradebook(pack, tmp_path):
    subs = tmp_path / "subs"
    for name in ["=HYPERLINK(\"x.example\",\"ok\")", "+1", "-cmd", "@SUM(A1)", "plain"]:
        hand_in(subs, name, {ONE: pack / "solutions" / FILE})
    result = cli("grade", subs, "--pack", pack, "--out", tmp_path / "g.csv", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    students = [row["student"] for row in read_csv(tmp_path / "g.csv")]
    assert sorted(students) == sorted(["'=HYPERLINK(\"x.example\",\"ok\")", "'+1", "'-cmd", "'@SUM(A1)", "plain"])


def test_the_built_in_pack_is_the_default_and_its_files_sit_at_the_top(tmp_path):
    subs = tmp_path / "subs"
    (subs / "nobody").mkdir(parents=True)
    solutions = REPO / "solutions"
    hand_in(subs, "solver", {s.relative_to(solutions).as_posix(): s for s in solutions.rglob("*.py")})
    result = cli("grade", subs, "--out", tmp_path / "g.csv", "--jobs", "2", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["student"]: row for row in read_csv(tmp_path / "g.csv")}
    ids = [ex.id for ex in load_pack(REPO).exercises]
    assert list(rows["solver"]) == ["student", *ids, "total", "points", "max_points"]
    assert rows["solver"]["total"] == "1.0000" and rows["nobody"]["total"] == "0.0000"


def test_choosing_which_packs_and_exercises_count(pack, tmp_path):
    subs = tmp_path / "subs"
    hand_in(subs, "ada", {ONE: pack / "solutions" / FILE,
                          "example-cosine/cosine/cosine_similarity.py":
                          EXAMPLE_PACK / "solutions/cosine/cosine_similarity.py"})
    result = cli("grade", subs, "--pack", pack, "--select", EXERCISE, "--out", tmp_path / "one.csv", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    (row,) = read_csv(tmp_path / "one.csv")
    assert list(row) == ["student", EXERCISE, "total", "points", "max_points"] and row["total"] == "1.0000"
    # A pack the instructor has installed (here through $LATENT_TUTOR_PACKS) is chosen by its name.
    result = cli("grade", subs, "--select", "example-cosine", "--out", tmp_path / "two.csv", tmp=tmp_path,
                 env={"LATENT_TUTOR_PACKS": str(EXAMPLE_PACK)})
    assert result.returncode == 0, result.stderr
    (row,) = read_csv(tmp_path / "two.csv")
    assert list(row) == ["student", "cosine-similarity", "total", "points", "max_points"] and row["total"] == "1.0000"
    result = cli("grade", subs, "--pack", pack, "--select", "nonesuch", "--out", tmp_path / "x.csv", tmp=tmp_path)
    assert result.returncode == 2 and "no such pack or exercise" in result.stderr and EXERCISE in result.stderr


def test_an_installed_pack_is_graded_in_its_workspace_layout(tmp_path):
    site = tmp_path / "site"
    fake_distribution(site, "latent-tutor-example-pack", {"example": "latent_tutor_example"})
    subs = tmp_path / "subs"
    hand_in(subs, "ada", {"example-cosine/cosine/cosine_similarity.py":
                          EXAMPLE_PACK / "solutions/cosine/cosine_similarity.py"})
    hand_in(subs, "bob", {"example-cosine/cosine/cosine_similarity.py":
                          EXAMPLE_PACK / "variants/cosine_similarity/dot_only.py"})
    result = cli("grade", subs, "--select", "cosine-similarity", "--out", tmp_path / "g.csv", tmp=tmp_path,
                 env={"PYTHONPATH": os.pathsep.join([str(site), str(EXAMPLE_PACK.parent)])})
    assert result.returncode == 0, result.stderr
    gradebook = {row["student"]: row["total"] for row in read_csv(tmp_path / "g.csv")}
    assert gradebook["ada"] == "1.0000" and float(gradebook["bob"]) < 1


def test_a_class_handed_in_in_the_wrong_layout_is_refused_with_a_suggestion(pack, tmp_path):
    subs = tmp_path / "subs"
    for student in ("ada", "bob"):
        hand_in(subs, student, {FILE: pack / "solutions" / FILE})
    result = cli("grade", subs, "--pack", pack, "--out", tmp_path / "g.csv", tmp=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "g.csv").exists()
    assert f"found ada/{FILE}; did you mean ada/{ONE}?" in result.stderr and "list --json" in result.stderr


def test_the_total_counts_every_exercise_not_only_those_graded(pack):
    items = [type("Item", (), {"exercise": ex})() for ex in load_pack(pack).exercises]
    record = {"score": 1.0, "checks": [{"verdict": "pass"}]}
    grades = StudentGrades("ada", {EXERCISE: record})  # the grading process died before the second
    total = student_total(items, grades)
    assert (total.points, total.max_points, total.share) == (1.0, 4.0, 0.25)


@pytest.mark.parametrize("case, message", [
    ("no-folder", "is not a folder of student submissions"),
    ("no-students", "holds no student folders"),
    ("out-is-folder", "is a folder; give a file name"),
    ("feedback-is-file", "is a file; give a folder"),
    ("same-outputs", "must be different files"),
    ("jobs", "--jobs must be at least 1"),
    ("only-and-resume", "do not go together"),
    ("only-without-earlier-run", "merges into an earlier run's outputs"),
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
    elif case == "feedback-is-file":
        (tmp_path / "notes").write_text("x")
        args += ["--feedback", tmp_path / "notes"]
    elif case == "same-outputs":
        args += ["--json", tmp_path / "g.csv"]
    elif case == "jobs":
        args += ["--jobs", "0"]
    elif case == "only-and-resume":
        args += ["--only", "ada", "--resume"]
    elif case == "only-without-earlier-run":
        args += ["--only", "ada"]
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
    progress = ProgressBar(2, stream)
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
