from pathlib import Path

import pytest
from packkit import MINI_FILES, MINI_MANIFEST, write_pack

from tutor.core.manifest import PackError, load_pack
from tutor.core.model import Limits


def _problems(root: Path) -> list[str]:
    with pytest.raises(PackError) as info:
        load_pack(root)
    return [str(p) for p in info.value.problems]


def test_mini_pack_loads_into_typed_objects(mini_pack):
    pack = load_pack(mini_pack)
    assert pack.name == "mini" and [lesson.id for lesson in pack.lessons] == ["basics"]
    exercise = pack.exercise("double")
    assert exercise.functions == ("double",)
    assert exercise.hints == ("Multiply by two.", "return 2 * A")
    assert exercise.limits == Limits(timeout=3.0, call_timeout=1.5, memory_mb=1024)
    assert exercise.stub_path.is_file() and exercise.solution_path.is_file()


def test_builtin_pack_loads():
    pack = load_pack(Path(__file__).resolve().parents[2])
    assert pack.exercise("svd-truncate") is not None


def test_toml_syntax_error_names_the_line(tmp_path):
    root = write_pack(tmp_path / "p", MINI_MANIFEST.replace('title = "Basics"', 'title = "Basics'))
    (problem,) = _problems(root)
    assert "pack.toml:7:" in problem and "invalid TOML" in problem


def test_wrong_field_names_its_line_and_field(tmp_path):
    manifest = MINI_MANIFEST.replace('hints = ["Multiply by two.", "return 2 * A"]', 'hints = "Multiply by two."')
    root = write_pack(tmp_path / "p", manifest)
    (problem,) = _problems(root)
    line = next(i for i, text in enumerate(manifest.splitlines(), 1) if text.strip().startswith("hints"))
    assert problem.startswith(f"{root / 'pack.toml'}:{line}: lessons[0].exercises[0].hints:")
    assert "list of strings" in problem


def test_all_problems_are_reported_at_once(tmp_path):
    manifest = (MINI_MANIFEST.replace('functions = ["double"]', 'functoins = ["double"]')
                .replace('file = "double.py"', 'file = "nowhere.py"').replace("format = 1", "format = 2"))
    problems = "\n".join(_problems(write_pack(tmp_path / "p", manifest)))
    assert "format: expected format = 1, got 2" in problems
    assert "unknown field; did you mean 'functions'?" in problems
    assert "functions: missing (required)" in problems
    assert "file exercises/nowhere.py does not exist" in problems


def test_duplicate_ids_and_bad_paths(tmp_path):
    manifest = MINI_MANIFEST + """
  [[lessons.exercises]]
  id = "double"
  title = "Again"
  file = "../escape.py"
  functions = ["double"]
  public_checks = "checks/double_public.py"
"""
    problems = "\n".join(_problems(write_pack(tmp_path / "p", manifest)))
    assert "duplicate exercise id 'double'" in problems
    assert "must be a relative path inside the pack" in problems


def test_missing_manifest_and_bad_limits(tmp_path):
    (tmp_path / "empty").mkdir()
    assert "no pack.toml here" in _problems(tmp_path / "empty")[0]
    manifest = MINI_MANIFEST.replace("timeout = 3,", "timeout = -1,")
    problems = _problems(write_pack(tmp_path / "p", manifest))
    assert any("limits.timeout: expected a positive number" in p for p in problems)


def test_exercise_needs_checks(tmp_path):
    manifest = MINI_MANIFEST.replace('public_checks = "checks/double_public.py"\n', "").replace(
        'hidden_checks = "checks/double.py"\n', "")
    assert any("needs public_checks or hidden_checks" in p for p in _problems(write_pack(tmp_path / "p", manifest)))


_SECOND = """
  [[lessons.exercises]]
  id = "quadruple"
  title = "Quadruple, from your double"
  file = "more/quadruple.py"
  functions = ["quadruple"]
  public_checks = "checks/double_public.py"
  uses = USES
"""


def _with_second(tmp_path: Path, uses: str) -> Path:
    files = {**MINI_FILES, "exercises/more/quadruple.py": "from double import double\n",
             "solutions/more/quadruple.py": "from double import double\n"}
    return write_pack(tmp_path / "p", MINI_MANIFEST + _SECOND.replace("USES", uses), files)


def test_uses_records_the_earlier_exercises_files(tmp_path):
    exercise = load_pack(_with_second(tmp_path, '["double"]')).exercise("quadruple")
    assert exercise.uses == ("double",) and exercise.uses_files == ("double.py",)
    assert load_pack(_with_second(tmp_path / "b", "[]")).exercise("quadruple").uses_files == ()


def test_uses_must_name_an_earlier_exercise(tmp_path):
    problems = "\n".join(_problems(_with_second(tmp_path, '["nothing", "quadruple"]')))
    assert "uses: 'nothing' is not an exercise of this pack" in problems
    assert "uses: 'quadruple' comes later" in problems
    assert "pack.toml:" in problems


def test_an_exercise_may_name_its_playground(tmp_path):
    manifest = MINI_MANIFEST.replace('functions = ["double"]', 'functions = ["double"]\n  playground = "matrix"')
    pack = load_pack(write_pack(tmp_path / "p", manifest))
    assert pack.exercise("double").playground == "matrix"
    assert load_pack(write_pack(tmp_path / "q")).exercise("double").playground is None


@pytest.mark.parametrize("value, says", [
    ('"spiral"', "no playground 'spiral'; known: als, attention, heads, lora, matrix, rank, svd"),
    ('"svd"', "the 'svd' playground calls truncated_svd, not in this exercise's functions"),
    ('""', "is empty: name a playground or leave the field out"),
    ("3", "expected a string, got int"),
])
def test_a_wrong_playground_names_its_line(tmp_path, value, says):
    manifest = MINI_MANIFEST.replace('functions = ["double"]', f'functions = ["double"]\n  playground = {value}')
    (problem,) = _problems(write_pack(tmp_path / "p", manifest))
    line = next(i for i, text in enumerate(manifest.splitlines(), 1) if text.strip().startswith("playground"))
    assert problem.startswith(f"{tmp_path / 'p' / 'pack.toml'}:{line}: lessons[0].exercises[0].playground: ")
    assert problem.endswith(says)


def test_every_lesson_of_the_builtin_pack_has_a_playground():
    builtin = load_pack(Path(__file__).resolve().parents[2])
    named = {lesson.id: [ex.playground for ex in lesson.exercises if ex.playground] for lesson in builtin.lessons}
    assert named == {"rank": ["rank"], "svd": ["svd"], "als": ["als"], "attention": ["attention"],
                     "multihead": ["heads"], "lora": ["lora"]}
