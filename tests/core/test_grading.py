from pathlib import Path

from tutor.core.grading import check_seed, grade_file, grade_source
from tutor.core.manifest import load_pack


def _exercise(root):
    return load_pack(root).exercise("double")


def test_solution_passes_and_stub_is_todo(mini_pack):
    exercise = _exercise(mini_pack)
    assert grade_file(exercise, exercise.solution_path).passed
    stub = grade_file(exercise, exercise.stub_path)
    assert {c.verdict for c in stub.checks} == {"todo"} and stub.score == 0


def test_public_checks_run_first_and_hidden_are_marked(mini_pack):
    result = grade_file(_exercise(mini_pack), _exercise(mini_pack).solution_path)
    assert [(c.name, c.hidden) for c in result.checks] == [
        ("doubles the identity", False), ("doubles a random matrix", True), ("keeps the shape", True)]


def test_score_is_the_weighted_share_of_checks_passed(mini_pack, tmp_path):
    exercise = _exercise(mini_pack)
    source = "import numpy as np\ndef double(A):\n    A = np.asarray(A)\n    return 2 * A if A.shape == (2, 2) else A\n"
    result = grade_source(exercise, source, tmp_path / "double.py")
    assert [c.passed for c in result.checks] == [True, False, True]
    assert result.score == (1 + 1) / (1 + 2 + 1)


def test_wrong_answer_matching_a_variant_names_the_mistake(mini_pack, tmp_path):
    result = grade_source(_exercise(mini_pack), "def double(A):\n    return A + A + A\n", tmp_path / "double.py")
    failing = [c for c in result.checks if not c.passed]
    assert failing and all(c.diagnosis == "You multiplied by three, not two." for c in failing)
    assert failing[0].seed is not None and failing[0].actual is not None and failing[0].expected is not None


def test_the_variant_that_explained_an_earlier_failure_is_replayed_first(mini_pack, tmp_path):
    from tutor.core.modules import load_variants

    for name, body in (("square", "A * A"), ("triple", "3 * A")):  # square comes first in the list
        (mini_pack / "variants/double" / f"{name}.py").write_text(
            f'"""You computed {body}."""\n\nCALLS = []\n\n\ndef double(A):\n    CALLS.append(1)\n    return {body}\n')
    exercise = _exercise(mini_pack)
    assert [v.name for v in load_variants(exercise)] == ["square", "triple"]
    result = grade_source(exercise, "def double(A):\n    return A + A + A\n", tmp_path / "double.py")
    failing = [c for c in result.checks if not c.passed]
    assert len(failing) == 2 and all(c.diagnosis == "You computed 3 * A." for c in failing)
    calls = {v.name: len(v.namespace["CALLS"]) for v in load_variants(exercise)}
    assert calls == {"square": 1, "triple": 2}  # square ruled out once, not once per failing check


def test_wrong_answer_matching_no_variant_gets_no_diagnosis(mini_pack, tmp_path):
    result = grade_source(_exercise(mini_pack), "def double(A):\n    return A - 1\n", tmp_path / "double.py")
    assert all(c.diagnosis is None for c in result.checks)


def test_seeds_are_reproducible_and_differ_per_check():
    assert check_seed("double", "a", 0) == check_seed("double", "a", 0)
    assert len({check_seed("double", "a", 0), check_seed("double", "b", 0), check_seed("double", "a", 1)}) == 3


def test_missing_file_is_a_clear_failure(mini_pack, tmp_path):
    result = grade_file(_exercise(mini_pack), tmp_path / "nope.py")
    assert not result.passed and "does not exist" in result.error
    assert {c.verdict for c in result.checks} == {"missing"}


def test_non_utf8_file_is_a_clear_failure(mini_pack, tmp_path):
    path = tmp_path / "double.py"
    path.write_bytes(b"def double(A):\n    return '\xff'\n")
    result = grade_file(_exercise(mini_pack), path)
    assert "not UTF-8" in result.error


def test_broken_check_is_an_error_not_a_pass(mini_pack, tmp_path):
    (mini_pack / "checks" / "double_public.py").write_text(
        "from tutor.checks import check\n\n@check('broken')\ndef broken(ctx):\n    return 1 / 0\n")
    exercise = _exercise(mini_pack)
    result = grade_file(exercise, exercise.solution_path)
    assert result.checks[0].verdict == "error" and "ZeroDivisionError" in result.checks[0].message
    assert not result.passed


def test_released_pack_counts_hidden_checks_pending(mini_pack, tmp_path):
    manifest = (mini_pack / "pack.toml").read_text().replace('hidden_checks = "checks/double.py"',
                                                             "hidden_check_count = 2")
    (mini_pack / "pack.toml").write_text(manifest.replace('name = "mini"', 'name = "mini"\nreleased = true'))
    exercise = _exercise(mini_pack)
    result = grade_file(exercise, exercise.solution_path)
    assert result.hidden_pending == 2
    assert result.summary == "1 public check passed; 2 hidden checks run when graded"
    assert result.to_json()["hidden_pending"] == 2


_USES = """
  [[lessons.exercises]]
  id = "quadruple"
  title = "Quadruple, from your double"
  file = "more/quadruple.py"
  functions = ["quadruple"]
  public_checks = "checks/quadruple.py"
  uses = ["double"]
"""
_QUADRUPLE_CHECKS = """\
from tutor.checks import check
import numpy as np

@check("quadruples")
def four(ctx):
    ctx.assert_close(ctx.learner.quadruple(np.eye(2)), 4 * np.eye(2), what="quadruple(I)")
"""


def test_an_exercise_imports_the_learners_own_earlier_file(tmp_path):
    """`uses` copies the learner's earlier file beside this one; nothing else of the workspace
    is there to import."""
    from packkit import MINI_FILES, MINI_MANIFEST, write_pack

    files = {**MINI_FILES, "checks/quadruple.py": _QUADRUPLE_CHECKS,
             "exercises/more/quadruple.py": "from double import double\n",
             "solutions/more/quadruple.py":
                 "from double import double\n\ndef quadruple(A):\n    return double(double(A))\n"}
    exercise = load_pack(write_pack(tmp_path / "p", MINI_MANIFEST + _USES, files)).exercise("quadruple")
    workspace = tmp_path / "ws"
    (workspace / "more").mkdir(parents=True)
    source = "from double import double\n\ndef quadruple(A):\n    return double(double(A))\n"
    (workspace / "more" / "quadruple.py").write_text(source)
    assert not grade_file(exercise, workspace / "more" / "quadruple.py").passed  # no double.py yet
    (workspace / "double.py").write_text("def double(A):\n    return 2 * A\n")
    assert grade_file(exercise, workspace / "more" / "quadruple.py").passed
    (workspace / "double.py").write_text("def double(A):\n    return 3 * A\n")  # the learner's own, wrong
    assert not grade_file(exercise, workspace / "more" / "quadruple.py").passed
    (workspace / "more" / "helper.py").write_text("X = 1\n")  # a file the exercise does not use
    result = grade_source(exercise, "import helper\n\ndef quadruple(A):\n    return 4 * A\n",
                          workspace / "more" / "quadruple.py")
    assert result.checks[0].verdict == "exception" and "No module named 'helper'" in result.checks[0].message


def test_the_builtin_pilot_accepts_another_correct_algorithm(tmp_path):
    exercise = load_pack(Path(__file__).resolve().parents[2]).exercise("svd-truncate")
    source = (
        "import numpy as np\n"
        "def truncated_svd(A, k):\n"
        "    A = np.asarray(A, dtype=float)\n"
        "    if not 0 <= k <= min(A.shape):\n        raise ValueError('k')\n"
        "    w, V = np.linalg.eigh(A.T @ A)\n"       # via the eigenvectors of A^T A, signs arbitrary
        "    V = V[:, ::-1][:, :k]\n"
        "    return A @ V @ V.T\n"
    )
    result = grade_source(exercise, source, tmp_path / "svd_truncate.py")
    assert result.passed, [(c.name, c.message) for c in result.checks if not c.passed]


def test_diagnosis_replay_is_silent_and_can_be_turned_off(mini_pack, tmp_path, recwarn):
    (mini_pack / "variants" / "double" / "overflow.py").write_text(
        '"""You overflowed."""\nimport numpy as np\n\ndef double(A):\n    return np.exp(np.asarray(A) * 1e6)\n')
    exercise = _exercise(mini_pack)
    result = grade_source(exercise, "def double(A):\n    return A - 1\n", tmp_path / "double.py")
    assert not result.passed and len(recwarn) == 0
    checks = mini_pack / "checks" / "double.py"
    checks.write_text(checks.read_text()
                      .replace('@check("keeps the shape")', '@check("keeps the shape", diagnose=False)')
                      .replace('weight=2)', 'weight=2, diagnose=False)'))
    result = grade_source(_exercise(mini_pack), "def double(A):\n    return A + A + A\n", tmp_path / "double.py")
    assert [c.diagnosis is not None for c in result.checks] == [True, False, False]


def test_the_runs_time_limit_counts_the_learners_time_not_the_checks(tmp_path):
    """A slow check does not use up the learner's time: four checks of 1 s each (of the pack's
    own code) and a 3 s run limit still leave every learner call its time."""
    from packkit import MINI_FILES, MINI_MANIFEST, write_pack

    slow = """\
        import time
        import numpy as np
        from tutor.checks import check

        @check("one")
        def one(ctx):
            time.sleep(1)
            ctx.assert_close(ctx.learner.double(np.eye(2)), 2 * np.eye(2))

        @check("two")
        def two(ctx):
            time.sleep(1)
            ctx.assert_close(ctx.learner.double(np.eye(2)), 2 * np.eye(2))

        @check("three")
        def three(ctx):
            time.sleep(1)
            ctx.assert_close(ctx.learner.double(np.eye(2)), 2 * np.eye(2))

        @check("four")
        def four(ctx):
            time.sleep(1)
            ctx.assert_close(ctx.learner.double(np.eye(2)), 2 * np.eye(2))
        """
    files = {**MINI_FILES, "checks/double.py": slow}
    exercise = load_pack(write_pack(tmp_path / "p", MINI_MANIFEST, files)).exercise("double")
    result = grade_file(exercise, exercise.solution_path)
    assert result.passed, [(c.name, c.verdict, c.message) for c in result.checks]
