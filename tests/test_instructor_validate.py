"""`pack validate`: each kind of mistake an author makes, made on purpose in a copy of the scaffold."""

from __future__ import annotations

import json
import sys
import time

import pytest
from instructor_support import EXERCISE, FILE, REPO, cli, edit, scaffold

from tutor.core.grading import check_seed
from tutor.core.validate import KINDS, validate_pack

HIDDEN = "checks/normalize_columns.py"
PUBLIC = "checks/normalize_columns_public.py"
VARIANTS = "variants/normalize_columns"


def only_problem(root, kind):
    """Validate ``root`` and return its single problem, which must be of ``kind``."""
    report = validate_pack(root)
    assert not report.ok
    found = report.problems + [p for ps in report.lessons.values() for p in ps]
    found += [p for e in report.exercises for p in e.problems]
    assert [p.kind for p in found] == [kind], [str(p) for p in found]
    assert kind in KINDS
    return found[0]


def test_the_built_in_pack_and_the_example_pack_validate():
    for root in (REPO, REPO / "tests" / "example_pack" / "latent_tutor_example"):
        report = validate_pack(root)
        assert report.ok, json.dumps(report.to_json(), indent=2)


def test_a_manifest_error_names_file_line_and_field(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "pack.toml", "  hints = [", "  hint = [")
    line = next(n for n, text in enumerate((root / "pack.toml").read_text().splitlines(), 1) if "hint = [" in text)
    problem = only_problem(root, "manifest")
    assert (problem.file, problem.line) == ("pack.toml", line)
    assert "did you mean 'hints'" in problem.message


def test_a_lesson_whose_figure_fails_or_whose_module_does_not_import(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "lessons/01_norms.py", "return NORMS[0]", "return NORMS[7]")
    problem = only_problem(root, "lesson")
    assert problem.file == "lessons/01_norms.py"
    assert "lesson norms" in problem.message and "first_norm" in problem.message and "IndexError" in problem.message
    result = cli("pack", "validate", root, tmp=tmp_path)
    assert result.returncode == 1 and "fix lesson norms" in result.stdout
    root = scaffold(tmp_path, "second")
    edit(root / "lessons/01_norms.py", "import numpy as np\n", "import numpy as np\nimport no_such_module\n")
    problem = only_problem(root, "lesson")
    assert (problem.file, problem.line) == ("lessons/01_norms.py", 14) and "ModuleNotFoundError" in problem.message


def test_a_check_module_that_fails_to_import_is_named_with_its_line(tmp_path):
    root = scaffold(tmp_path)
    edit(root / HIDDEN, "from tutor.checks import check\n",
         "from tutor.checks import check\nimport numpy.nonexistent\n")
    line = (root / HIDDEN).read_text().splitlines().index("import numpy.nonexistent") + 1
    problem = only_problem(root, "check-import")
    assert (problem.file, problem.line) == (HIDDEN, line)
    assert "ModuleNotFoundError" in problem.message


def test_a_check_module_with_a_syntax_error_and_one_without_checks(tmp_path):
    root = scaffold(tmp_path)
    edit(root / PUBLIC, "def keeps_shape(ctx):", "def keeps_shape(ctx)")
    problem = only_problem(root, "check-import")
    assert problem.file == PUBLIC and problem.line and "SyntaxError" in problem.message
    root = scaffold(tmp_path, "second")
    (root / PUBLIC).write_text('"""No checks here."""\n')
    assert "defines no checks" in only_problem(root, "check-import").message


def test_a_variant_that_fails_to_import(tmp_path):
    root = scaffold(tmp_path)
    edit(root / VARIANTS / "rows_instead.py", "import numpy as np\n", "import numpy as np\n1 / 0\n")
    problem = only_problem(root, "variant-import")
    assert problem.file == f"{VARIANTS}/rows_instead.py" and problem.line == 4
    assert "ZeroDivisionError" in problem.message


def test_a_stub_that_passes(tmp_path):
    root = scaffold(tmp_path)
    (root / "exercises" / FILE).write_text((root / "solutions" / FILE).read_text())
    problem = only_problem(root, "stub-passes")
    assert problem.file == f"exercises/{FILE}"


def test_a_stub_with_a_syntax_error_and_a_solution_missing_a_function(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "exercises" / FILE, "def normalize_columns(A):", "def normalize_columns(A)")
    problem = only_problem(root, "syntax")
    assert problem.file == f"exercises/{FILE}" and problem.line == 10
    root = scaffold(tmp_path, "second")
    edit(root / "solutions" / FILE, "def normalize_columns(A):", "def normalise_columns(A):")
    assert "normalize_columns()" in only_problem(root, "missing-function").message


def test_a_solution_that_fails_is_rejected_with_the_exercise_named(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "solutions" / FILE, "np.where(norms == 0, 1.0, norms)", "norms")
    problem = only_problem(root, "solution-fails")
    assert "a column of zeros stays zero" in problem.message
    result = cli("pack", "validate", root, tmp=tmp_path)
    assert result.returncode == 1
    assert f"fix {EXERCISE}" in result.stdout and "problem:" in result.stdout


def test_a_solution_that_passes_only_by_luck_of_the_seed(tmp_path):
    root = scaffold(tmp_path)
    unlucky = check_seed(EXERCISE, "lucky", 1)
    with (root / HIDDEN).open("a") as handle:
        handle.write(f'\n\n@check("lucky")\ndef lucky(ctx):\n    ctx.learner.normalize_columns(np.eye(2))\n'
                     f'    ctx.assert_true(ctx.seed != {unlucky}, "unlucky inputs")\n')
    problem = only_problem(root, "solution-fails")
    assert "seed 1" in problem.message and "depends on its random inputs" in problem.message


def test_a_known_wrong_variant_that_passes_or_explains_nothing(tmp_path):
    root = scaffold(tmp_path)
    solution = (root / "solutions" / FILE).read_text()
    (root / VARIANTS / "not_wrong.py").write_text('"""Not actually wrong."""\n' + solution)
    problem = only_problem(root, "variant-passes")
    assert problem.file == f"{VARIANTS}/not_wrong.py"
    root = scaffold(tmp_path, "second")
    path = root / VARIANTS / "rows_instead.py"
    path.write_text(path.read_text().split('"""', 2)[2])
    assert only_problem(root, "variant-undocumented").file == f"{VARIANTS}/rows_instead.py"


def test_slow_checks(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "pack.toml", "limits = { timeout = 5 }", "limits = { timeout = 1 }")
    edit(root / HIDDEN, "def zero_column(ctx):\n", "def zero_column(ctx):\n    import time\n    time.sleep(0.6)\n")
    problem = only_problem(root, "slow")
    assert "'a column of zeros stays zero'" in problem.message and "limits.timeout" in problem.message


def add_check(root, source, module=HIDDEN):
    """Append a check (source text) to a check module of the scaffold; return its first line."""
    text = (root / module).read_text()
    (root / module).write_text(text + "\n\n" + source)
    return len(text.splitlines()) + 3


def quick_checks(root, seconds=0.5):
    """A short time limit for the pack's own code (check modules and each check)."""
    edit(root / "pack.toml", "limits = { timeout = 5 }", f"limits = {{ timeout = 5, check_timeout = {seconds} }}")


def test_a_check_that_never_calls_the_learner_is_named(tmp_path):
    root = scaffold(tmp_path)
    line = add_check(root, '@check("freebie", weight=5)\ndef freebie(ctx):\n    pass\n')
    problem = only_problem(root, "check-no-calls")
    assert (problem.file, problem.line) == (HIDDEN, line)  # where @check(...) is
    assert "'freebie' never calls the learner's code" in problem.message


def test_a_check_that_passes_the_untouched_stub_is_named_with_its_weight(tmp_path):
    root = scaffold(tmp_path)
    add_check(root, '@check("lenient", weight=5)\ndef lenient(ctx):\n    try:\n'
                    '        ctx.learner.normalize_columns(np.eye(2))\n    except Exception:\n        pass\n')
    problem = only_problem(root, "check-passes-stub")
    assert problem.file == HIDDEN and "'lenient' passes the untouched stub" in problem.message
    assert "(5 of 11)" in problem.message  # 1 + 1 public, 2 + 1 + 1 hidden, 5 more


def test_a_check_that_raises_is_the_checks_fault_with_file_line_and_traceback(tmp_path):
    root = scaffold(tmp_path)
    line = add_check(root, '@check("lookup")\ndef lookup(ctx):\n    got = ctx.learner.normalize_columns(np.eye(2))\n'
                           '    return {"shape": got.shape}["size"]\n')
    problem = only_problem(root, "check-error")  # not "solution-fails": the solution is right
    assert (problem.file, problem.line) == (HIDDEN, line + 3)
    assert "check 'lookup' is broken: KeyError: 'size'" in problem.message
    assert "(checking the solution, variant rows_instead, variant zero_column_nan)" in problem.message
    assert "the check's fault, not the solution's" in problem.message
    assert f'File "{HIDDEN}", line {line + 3}, in lookup' in problem.detail and "KeyError" in problem.detail
    assert str(tmp_path) not in problem.message + problem.detail
    result = cli("pack", "validate", root, tmp=tmp_path)
    assert result.returncode == 1 and "| KeyError: 'size'" in result.stdout


def test_a_check_that_breaks_only_on_a_wrong_answer_is_still_a_problem(tmp_path):
    # A learner who returns None would make it break, and a broken check is never counted:
    # a free pass. Validation catches it through a variant.
    root = scaffold(tmp_path)
    (root / VARIANTS / "returns_none.py").write_text('"""You forgot to return."""\n'
                                                     'def normalize_columns(A):\n    pass\n')
    add_check(root, '@check("careless")\ndef careless(ctx):\n'
                    '    ctx.learner.normalize_columns(np.ones((2, 2))).shape\n')
    problem = only_problem(root, "check-error")
    assert "'careless' is broken: AttributeError" in problem.message
    assert "(checking variant returns_none)" in problem.message and "not variant returns_none's" in problem.message


def test_a_check_that_loops_is_stopped_and_named(tmp_path):
    root = scaffold(tmp_path)
    quick_checks(root)
    line = add_check(root, '@check("forever")\ndef forever(ctx):\n    ctx.learner.normalize_columns(np.eye(2))\n'
                           '    while True:\n        pass\n')
    started = time.monotonic()
    problem = only_problem(root, "check-timeout")
    assert time.monotonic() - started < 30  # stub, solution twice, two variants: half a second each
    assert "check 'forever' is broken: its own code ran longer than its 0.5 s time limit" in problem.message
    assert (problem.file, problem.line) == (HIDDEN, line + 3)


def test_a_check_that_catches_every_interrupt_stops_validate_and_is_named(tmp_path):
    root = scaffold(tmp_path)
    quick_checks(root)
    add_check(root, '@check("stubborn")\ndef stubborn(ctx):\n    ctx.learner.normalize_columns(np.eye(2))\n'
                    '    while True:\n        try:\n            while True:\n                pass\n'
                    '        except BaseException:\n            pass\n')
    started = time.monotonic()
    result = cli("pack", "validate", root, tmp=tmp_path, timeout=60)
    assert time.monotonic() - started < 30
    assert result.returncode == 3, result.stderr
    assert ("check 'stubborn' of normalize-columns (checks/normalize_columns.py) ran past its 0.5 s time limit "
            "and caught every interrupt") in result.stderr


def test_time_in_the_learners_calls_does_not_count_against_the_check(tmp_path):
    root = scaffold(tmp_path)
    quick_checks(root, 0.3)
    edit(root / "solutions" / FILE, "import numpy as np\n", "import time\n\nimport numpy as np\n")
    edit(root / "solutions" / FILE, "    norms = ", "    time.sleep(0.1)\n    norms = ")
    add_check(root, '@check("patient")\ndef patient(ctx):\n    for _ in range(5):\n'
                    '        ctx.assert_array(ctx.learner.normalize_columns(np.eye(2)), what="it")\n')
    report = validate_pack(root)
    assert report.ok, [str(p) for e in report.exercises for p in e.problems]


def test_a_check_module_that_loops_at_its_top_level_is_stopped(tmp_path):
    root = scaffold(tmp_path)
    quick_checks(root)
    edit(root / HIDDEN, "from tutor.checks import check\n", "from tutor.checks import check\n\nwhile True:\n    pass\n")
    line = (root / HIDDEN).read_text().splitlines().index("while True:") + 1
    problem = only_problem(root, "check-import")
    assert (problem.file, problem.line) == (HIDDEN, line)
    assert "longer than 0.5 s" in problem.message and "endless loop" in problem.message


def test_check_modules_share_a_helper_module_beside_them(tmp_path):
    root = scaffold(tmp_path)
    (root / "checks/_common.py").write_text("import numpy as np\n\n\ndef spread(ctx, shape):\n"
                                            "    return ctx.rng.standard_normal(shape) * 10\n")
    edit(root / HIDDEN, "from tutor.checks import check\n",
         "from tutor.checks import check\n\nfrom _common import spread\n")
    edit(root / PUBLIC, "from tutor.checks import check\n",
         "from tutor.checks import check\n\nfrom _common import spread\n")
    add_check(root, '@check("spread")\ndef spread_out(ctx):\n    A = spread(ctx, (5, 3))\n'
                    '    ctx.assert_close(ctx.learner.normalize_columns(A), '
                    'A / np.linalg.norm(A, axis=0), what="it")\n')
    report = validate_pack(root)
    assert report.ok, [str(p) for e in report.exercises for p in e.problems]
    assert "_common" not in sys.modules  # imported for the check modules only, never shared


def test_a_broken_helper_is_named_in_the_check_module_that_imports_it(tmp_path):
    root = scaffold(tmp_path)
    (root / "checks/_common.py").write_text("import numpy as np\n\nSCALE = 1 / 0\n")
    edit(root / HIDDEN, "from tutor.checks import check\n",
         "from tutor.checks import check\nfrom _common import SCALE\n")
    problem = only_problem(root, "check-import")
    assert problem.file == HIDDEN and "ZeroDivisionError" in problem.message and "_common.py, line 3" in problem.message


def test_a_typo_in_a_lesson_is_blamed_on_the_markdown_line(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "lessons/01-norms.md", "has norm {{ first_norm }}", "has norm {{ first_nrom }}")
    line = next(n for n, text in enumerate((root / "lessons/01-norms.md").read_text().splitlines(), 1)
                if "first_nrom" in text)
    problem = only_problem(root, "lesson")
    assert (problem.file, problem.line) == ("lessons/01-norms.md", line)
    assert "no @value named 'first_nrom'" in problem.message


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_validate_a_folder_that_does_not_exist_is_a_usage_error(tmp_path, json_flag):
    result = cli("pack", "validate", tmp_path / "nowhere", *json_flag, tmp=tmp_path)
    assert result.returncode == 2 and "is not a folder" in result.stderr


def test_json_report_for_scripts(tmp_path):
    root = scaffold(tmp_path)
    edit(root / "solutions" / FILE, "return A /", "return 2 * A /")
    (root / VARIANTS / "rows_instead.py").unlink()
    (root / VARIANTS / "zero_column_nan.py").unlink()
    result = cli("pack", "validate", root, "--json", tmp=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["failing"] == [EXERCISE]
    exercise = report["exercises"][0]
    assert [p["kind"] for p in exercise["problems"]] == ["solution-fails"]
    assert exercise["problems"][0]["file"] == f"solutions/{FILE}"
    assert [w["kind"] for w in exercise["warnings"]] == ["no-variants"]


@pytest.mark.parametrize("breakage", ["missing", "toml"])
def test_json_report_for_a_manifest_that_does_not_load(tmp_path, breakage):
    root = scaffold(tmp_path)
    if breakage == "missing":
        (root / "pack.toml").unlink()
    else:
        edit(root / "pack.toml", 'id = "norms"', 'id = "norms')
    result = cli("pack", "validate", root, "--json", tmp=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["exercises"] == []
    assert report["problems"][0]["kind"] == "manifest" and report["problems"][0]["file"] == "pack.toml"
