"""`pack release`: the student copy holds nothing secret, loads, and checks say what they did."""

from __future__ import annotations

import json
import os
import stat
import tomllib

import pytest
from instructor_support import EXERCISE, FILE, cli, edit, scaffold

from tutor.core.manifest import load_pack
from tutor.core.release import to_toml
from tutor.core.validate import validate_pack

SENTENCE = "2 public checks passed; 3 hidden checks run when graded"
PUBLIC = "checks/normalize_columns_public.py"
HIDDEN = "checks/normalize_columns.py"


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.fixture
def released(tmp_path):
    """The scaffold (with an extra notes file) and its student copy."""
    root = scaffold(tmp_path)
    (root / "NOTES-for-me.md").write_text("answers: divide by the norm")
    result = cli("pack", "release", root, tmp_path / "student", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    return root, tmp_path / "student", result


def test_the_student_copy_has_no_solution_hidden_check_or_variant(released):
    root, out, result = released
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["checks/normalize_columns_public.py", f"exercises/{FILE}", "lessons/01-norms.md",
                     "lessons/01_norms.py", "pack.toml"]
    solution = (root / "solutions" / FILE).read_text()
    hidden = (root / "checks/normalize_columns.py").read_text()
    for path in out.rglob("*.py"):
        assert path.read_text() not in (solution, hidden)
    assert "Not copied: NOTES-for-me.md, checks/normalize_columns.py, solutions/, variants/\n" in result.stdout
    assert "3 hidden checks left out" in result.stdout


def test_the_released_manifest(released):
    root, out, _ = released
    data = tomllib.loads((out / "pack.toml").read_text())
    original = tomllib.loads((root / "pack.toml").read_text())
    exercise = data["lessons"][0]["exercises"][0]
    assert data["released"] is True
    assert exercise["hidden_check_count"] == 3
    assert "hidden_checks" not in exercise and "variants" not in exercise
    kept = {k: v for k, v in original["lessons"][0]["exercises"][0].items() if k not in ("hidden_checks", "variants")}
    assert {k: v for k, v in exercise.items() if k != "hidden_check_count"} == kept
    assert (data["welcome"], data["limits"]) == (original["welcome"], original["limits"])
    assert exercise["hints"] == original["lessons"][0]["exercises"][0]["hints"]  # meant to be read
    assert "hints below are meant to be read" in (out / "pack.toml").read_text()
    pack = load_pack(out)
    assert pack.released and pack.exercise(EXERCISE).hidden_check_count == 3
    report = validate_pack(out)
    assert report.ok and report.released


def test_checking_a_correct_file_against_the_student_copy_says_hidden_checks_run_when_graded(released, tmp_path):
    root, out, _ = released
    solution = root / "solutions" / FILE
    result = cli("--pack", out, "check", EXERCISE, "--file", solution, tmp=tmp_path)
    # Never more than the public checks show: not "passed" (exit 1), but "PUBLIC OK".
    assert result.returncode == 1, result.stderr
    assert SENTENCE in result.stdout and "PUBLIC OK" in result.stdout
    assert "PASSED" not in result.stdout and "all passed" not in result.stdout.lower()
    result = cli("--pack", out, "check", EXERCISE, "--file", solution, "--json", tmp=tmp_path)
    data = json.loads(result.stdout)
    assert data["passed"] is False and data["public_passed"] is True and data["score"] is None
    assert data["hidden_pending"] == 3 and data["summary"] == SENTENCE
    assert [c["hidden"] for c in data["checks"]] == [False, False]


def test_checking_a_wrong_file_against_the_student_copy(released, tmp_path):
    root, out, _ = released
    wrong = root / "variants/normalize_columns/rows_instead.py"
    result = cli("--pack", out, "check", EXERCISE, "--file", wrong, tmp=tmp_path)
    assert result.returncode == 1
    assert "1 of 2 public checks passed; 3 hidden checks run when graded" in result.stdout
    assert "NOT YET" in result.stdout
    assert "You normalized the rows" not in result.stdout  # variants stay with the instructor


def test_an_exercise_with_hidden_checks_only(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "pack.toml", '  public_checks = "checks/normalize_columns_public.py"\n', "")
    result = cli("pack", "release", root, tmp_path / "out", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "has no public checks" in result.stdout
    check = cli("--pack", tmp_path / "out", "check", EXERCISE, "--file", root / "solutions" / FILE, "--json",
                tmp=tmp_path)
    data = json.loads(check.stdout)
    assert data["summary"] == "no public checks; 3 hidden checks run when graded" and data["passed"] is False


def test_release_refuses_a_non_empty_out(tmp_path):
    root = scaffold(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = cli("pack", "release", root, out, tmp=tmp_path)
    assert result.returncode == 2 and "not an empty folder" in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_release_refuses_an_invalid_pack_naming_the_exercise(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "solutions" / FILE, "np.where(norms == 0, 1.0, norms)", "norms")
    result = cli("pack", "release", root, tmp_path / "out", tmp=tmp_path)
    assert result.returncode == 2
    assert f"fix {EXERCISE}" in result.stderr and "solution fails" in result.stderr
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out")]


def test_release_refuses_a_broken_manifest_and_a_student_copy(released, tmp_path):
    root, out, _ = released
    edit(root / "pack.toml", "format = 1", "format = 2")
    result = cli("pack", "release", root, tmp_path / "again", tmp=tmp_path)
    assert result.returncode == 2 and "pack.toml" in result.stderr and "format" in result.stderr
    result = cli("pack", "release", out, tmp_path / "again", tmp=tmp_path)
    assert result.returncode == 2 and "already a student copy" in result.stderr


def test_a_lesson_module_outside_lessons_is_copied(tmp_path):
    root = scaffold(tmp_path)
    (root / "lessons/01_norms.py").rename(root / "norms_lesson.py")
    edit(root / "pack.toml", '"lessons/01_norms.py"', '"norms_lesson.py"')
    assert cli("pack", "release", root, tmp_path / "out", tmp=tmp_path).returncode == 0
    assert (tmp_path / "out/norms_lesson.py").is_file()
    assert validate_pack(tmp_path / "out").ok


def test_strays_and_symbolic_links_are_left_out_and_named(tmp_path):
    root = scaffold(tmp_path)
    (root / "exercises/01_norms/example_usage.py").symlink_to(f"../../solutions/{FILE}")
    (root / "exercises/instructor_answer_key.txt").write_text("divide by the norm")
    (root / "lessons/drafts").mkdir()
    (root / "lessons/drafts/next-week.md").write_text("# soon")
    (root / "data").mkdir()
    (root / "data/points.csv").write_text("1,2\n")
    (root / "data/sub").mkdir()
    (root / "data/sub/more.csv").write_text("3\n")
    (root / "data/passwords").symlink_to("/etc/passwd")
    (root / "data/linked").symlink_to(root / "solutions", target_is_directory=True)
    os.mkfifo(root / "data/pipe")
    result = cli("pack", "release", root, tmp_path / "out", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert "data/points.csv" in files and "data/sub/more.csv" in files
    assert not [f for f in files if "example_usage" in f or "answer_key" in f or "drafts" in f or "passwords" in f
                or "linked" in f or "pipe" in f]
    assert not [p for p in out.rglob("*") if p.is_symlink()]
    for named in ("exercises/01_norms/example_usage.py (a symbolic link)", "exercises/instructor_answer_key.txt",
                  "lessons/drafts/", "data/passwords (a symbolic link)", "data/linked/ (a symbolic link)",
                  "data/pipe (not a regular file)", "checks/normalize_columns.py", "solutions/", "variants/"):
        assert named in result.stdout, named
    assert (out / "data/points.csv").read_text() == "1,2\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~current_umask()


def test_a_needed_file_that_is_a_link_stops_the_release(tmp_path):
    root = scaffold(tmp_path)
    stub = root / "exercises" / FILE
    stub.rename(root / "elsewhere.py")
    stub.symlink_to(root / "elsewhere.py")
    result = cli("pack", "release", root, tmp_path / "out", tmp=tmp_path)
    assert result.returncode == 2 and f"exercises/{FILE} (the stub of {EXERCISE})" in result.stderr
    assert "symbolic link" in result.stderr and not (tmp_path / "out").exists()


def test_helpers_of_public_checks_ship_and_those_of_hidden_checks_do_not(tmp_path):
    root = scaffold(tmp_path)
    (root / "checks/_shapes.py").write_text("from _sizes import SIZES\n\nSHAPES = [(n, n + 1) for n in SIZES]\n")
    (root / "checks/_sizes.py").write_text("SIZES = [2, 3]\n")
    (root / "checks/_secret_inputs.py").write_text("HARD = 1e-300\n")
    edit(root / PUBLIC, "from tutor.checks import check\n",
         "from tutor.checks import check\n\nfrom _shapes import SHAPES\n")
    edit(root / PUBLIC, "for shape in [(4, 2), (2, 5)]:", "for shape in SHAPES:")
    edit(root / HIDDEN, "from tutor.checks import check\n",
         "from tutor.checks import check\n\nfrom _secret_inputs import HARD\n")
    result = cli("pack", "release", root, tmp_path / "out", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out/checks/_shapes.py").is_file() and (tmp_path / "out/checks/_sizes.py").is_file()
    assert not (tmp_path / "out/checks/_secret_inputs.py").exists() and "checks/_secret_inputs.py" in result.stdout
    check = cli("--pack", tmp_path / "out", "check", EXERCISE, "--file", root / "solutions" / FILE, "--json",
                tmp=tmp_path)
    assert json.loads(check.stdout)["public_passed"] is True, check.stdout + check.stderr


def test_a_public_check_module_that_imports_the_hidden_one_stops_the_release(tmp_path):
    root = scaffold(tmp_path)
    edit(root / PUBLIC, "from tutor.checks import check\n",
         "from tutor.checks import check\nimport normalize_columns\n")
    result = cli("pack", "release", root, tmp_path / "out", tmp=tmp_path)
    assert result.returncode == 2 and not (tmp_path / "out").exists()
    assert "checks/normalize_columns.py (a helper of normalize-columns's public checks)" in result.stderr
    assert "the hidden checks of normalize-columns" in result.stderr


def test_variants_under_a_copied_folder_are_left_out(tmp_path):
    root = scaffold(tmp_path)
    (root / "variants/normalize_columns").rename(root / "exercises/01_norms/wrong")
    edit(root / "pack.toml", '"variants/normalize_columns"', '"exercises/01_norms/wrong"')
    assert cli("pack", "release", root, tmp_path / "out", tmp=tmp_path).returncode == 0
    assert sorted(p.name for p in (tmp_path / "out/exercises/01_norms").iterdir()) == ["normalize_columns.py"]


def test_a_hidden_module_inside_a_copied_folder_is_still_left_out(tmp_path):
    root = scaffold(tmp_path)
    (root / "checks/normalize_columns.py").rename(root / "exercises/secret_checks.py")
    edit(root / "pack.toml", '"checks/normalize_columns.py"', '"exercises/secret_checks.py"')
    assert cli("pack", "release", root, tmp_path / "out", tmp=tmp_path).returncode == 0
    assert not (tmp_path / "out/exercises/secret_checks.py").exists()
    assert (tmp_path / f"out/exercises/{FILE}").is_file()


def test_to_toml_round_trips_awkward_strings():
    data = {
        "name": 'quote " and back\\slash',
        "welcome": 'line one\nline "two" with \\n literally\n\ttab and a bell \x07 and ünïcode """ end\n',
        "n": 3, "x": 0.5, "flag": False,
        "limits": {"timeout": 2.5, "memory_mb": 512},
        "lessons": [{"id": "a", "exercises": [{"id": "e", "hints": ["h" * 40, "i" * 40]}]}, {"id": "b"}],
    }
    assert tomllib.loads(to_toml(data)) == data


def test_release_refuses_an_out_inside_a_folder_it_copies(tmp_path):
    root = scaffold(tmp_path)
    result = cli("pack", "release", root, root / "exercises" / "student", tmp=tmp_path)
    assert result.returncode == 2 and "choose a folder elsewhere" in result.stderr
    assert sorted(p.name for p in (root / "exercises").iterdir()) == ["01_norms"]
    assert cli("pack", "release", root, root / "dist" / "student", tmp=tmp_path).returncode == 0
    assert (root / "dist/student/pack.toml").is_file()
