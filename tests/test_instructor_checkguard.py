"""The pack author's code in the grader: time limits that pause for the learner's calls, broken
checks that are never held against the learner, and helper modules shared by check modules."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from instructor_support import FILE, cli, scaffold
from packkit import MINI_FILES, MINI_MANIFEST, write_pack

from tutor.core.checkguard import CheckClock, CheckTimeout
from tutor.core.grading import grade_source
from tutor.core.manifest import PackError, load_pack
from tutor.core.modules import import_path, load_checks
from tutor.core.validate import validate_pack

FAST = "limits = { timeout = 3, call_timeout = 1.5, memory_mb = 1024, check_timeout = 0.3 }"
SOLUTION = "import numpy as np\n\ndef double(A):\n    return 2 * np.asarray(A, dtype=float)\n"


def mini(tmp_path: Path, hidden: str, name: str = "mini", extra: dict[str, str] | None = None) -> Path:
    """The mini pack with ``hidden`` as its hidden check module and a 0.3 s check time limit."""
    files = {**MINI_FILES, "checks/double.py": hidden, **(extra or {})}
    manifest = MINI_MANIFEST.replace("limits = { timeout = 3, call_timeout = 1.5, memory_mb = 1024 }", FAST)
    return write_pack(tmp_path / name, manifest.replace('name = "mini"', f'name = "{name}"'), files)


def grade(root: Path, source: str = SOLUTION):
    exercise = load_pack(root).exercise("double")
    return grade_source(exercise, source, root / "learner.py")


def test_the_clock_stops_a_loop_and_a_sleep():
    for body in (lambda: [None for _ in iter(int, 1)], lambda: time.sleep(5)):
        started = time.monotonic()
        with pytest.raises(CheckTimeout), CheckClock(0.2):
            body()
        assert time.monotonic() - started < 1.5


def test_the_clock_does_not_count_paused_time():
    clock = CheckClock(0.2)
    with clock:
        for _ in range(4):
            clock.paused(time.sleep)(0.1)  # 0.4 s in "learner calls"
    assert not clock.expired and clock.used < 0.1


def test_code_that_swallows_the_interrupt_still_times_out():
    def stubborn():
        deadline = time.monotonic() + 0.6
        while time.monotonic() < deadline:
            try:
                time.sleep(1)
            except BaseException:
                pass

    with pytest.raises(CheckTimeout), CheckClock(0.2):
        stubborn()


def test_off_the_main_thread_the_limit_is_judged_when_the_code_ends():
    outcome: list[str] = []

    def run() -> None:
        try:
            with CheckClock(0.1):
                time.sleep(0.3)
        except CheckTimeout:
            outcome.append("timeout")

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert outcome == ["timeout"]


def test_a_broken_check_is_not_counted_and_names_itself(tmp_path):
    root = mini(tmp_path, """\
        from tutor.checks import check

        @check("doubles", weight=3)
        def doubles(ctx):
            A = ctx.rng.standard_normal((3, 4))
            ctx.assert_close(ctx.learner.double(A), 2 * A, what="double(A)")

        @check("broken", weight=5)
        def broken(ctx):
            ctx.learner.double([[1.0]])
            {}["missing"]

        @check("slow", weight=5)
        def slow(ctx):
            ctx.learner.double([[1.0]])
            while True:
                pass
        """)
    result = grade(root)
    verdicts = {c.name: c.verdict for c in result.checks}
    assert verdicts == {"doubles the identity": "pass", "doubles": "pass", "broken": "error", "slow": "error"}
    assert result.run_score == 1.0 and result.score == 1.0  # 8 of 13 points broke: none held against the learner
    assert not result.passed  # but a broken check is no pass
    broken = {c.name: c for c in result.broken_checks}
    assert "check 'broken' is broken: KeyError: 'missing' at checks/double.py:11" in broken["broken"].message
    assert "not in the code it judges" in broken["broken"].message
    assert "0.3 s time limit" in broken["slow"].message and "checks/double.py:16" in broken["slow"].message
    assert str(tmp_path) not in broken["broken"].detail
    wrong = grade(root, "def double(A):\n    return A\n")
    assert wrong.run_score == 0.0  # the failures that are the learner's still count


def test_time_in_learner_calls_is_the_learners_not_the_checks(tmp_path):
    root = mini(tmp_path, """\
        from tutor.checks import check

        @check("many calls")
        def many(ctx):
            for _ in range(4):
                ctx.assert_array(ctx.learner.double([[1.0]]), what="double")
        """)
    slow_learner = ("import time\n\ndef double(A):\n    time.sleep(0.15)\n"
                    "    return [[2.0 * a for a in row] for row in A]\n")
    result = grade(root, slow_learner)  # 0.6 s in learner calls, far more than the check's 0.3 s
    assert [c.verdict for c in result.checks] == ["pass", "pass"]


def test_helper_modules_are_per_pack_and_reread_when_they_change(tmp_path):
    hidden = """\
        from tutor.checks import check
        from _common import FACTOR

        @check("scaled")
        def scaled(ctx):
            ctx.assert_close(ctx.learner.double([[1.0]]), [[FACTOR]], what="double([[1]])")
        """
    one = mini(tmp_path, hidden, "one", {"checks/_common.py": "FACTOR = 2.0\n"})
    two = mini(tmp_path, hidden, "two", {"checks/_common.py": "FACTOR = 3.0\n"})
    assert grade(one).checks[1].passed and not grade(two).checks[1].passed
    helper = one / "checks/_common.py"
    helper.write_text("FACTOR = 4.0  # changed\n")
    assert not grade(one).checks[1].passed  # the check module is imported again with the new helper


def test_an_import_stopped_by_ctrl_c_is_not_reported_as_a_broken_module(tmp_path):
    module = tmp_path / "interrupts.py"
    module.write_text("raise KeyboardInterrupt\n")
    with pytest.raises(KeyboardInterrupt):
        import_path(module)
    module.write_text("raise SystemExit(3)\n")
    with pytest.raises(PackError, match="SystemExit"):
        import_path(module)


def test_a_check_module_import_is_limited_by_check_timeout(tmp_path):
    root = mini(tmp_path, "import time\ntime.sleep(30)\n")
    started = time.monotonic()
    with pytest.raises(PackError, match=r"longer than 0\.3 s"):
        load_checks(load_pack(root).exercise("double"))
    assert time.monotonic() - started < 5


def guide_blocks() -> dict[str, str]:
    """The authoring guide's worked example of shared helpers: file name -> code."""
    text = (Path(__file__).resolve().parent.parent / "docs/authoring.md").read_text()
    blocks = re.findall(r"```python\n# (checks/\S+\.py)[^\n]*\n(.*?)```", text, re.S)
    return dict(blocks)


def test_the_guides_worked_example_of_shared_helpers_validates_and_grades(tmp_path):
    blocks = guide_blocks()
    assert set(blocks) == {"checks/_common.py", "checks/normalize_columns.py", "checks/cosine_matrix.py"}
    root = scaffold(tmp_path)
    (root / "checks/_common.py").write_text(blocks["checks/_common.py"])
    with (root / "checks/normalize_columns.py").open("a") as handle:
        handle.write("\n\n" + blocks["checks/normalize_columns.py"])
    (root / "checks/cosine_matrix.py").write_text(blocks["checks/cosine_matrix.py"])
    with (root / "pack.toml").open("a") as handle:
        handle.write('\n  [[lessons.exercises]]\n  id = "cosine-matrix"\n  title = "Cosines"\n'
                     '  file = "01_norms/cosine_matrix.py"\n  functions = ["cosine_matrix"]\n'
                     '  hidden_checks = "checks/cosine_matrix.py"\n  hints = ["Normalize, then U.T @ U."]\n')
    (root / "exercises/01_norms/cosine_matrix.py").write_text("def cosine_matrix(A):\n    raise NotImplementedError\n")
    solution = ("import numpy as np\n\n\ndef cosine_matrix(A):\n    U = np.asarray(A, dtype=float)\n"
                "    U = U / np.linalg.norm(U, axis=0)\n    return U.T @ U\n")
    (root / "solutions/01_norms/cosine_matrix.py").write_text(solution)
    report = validate_pack(root)
    assert report.ok, [str(p) for e in report.exercises for p in e.problems]
    subs = tmp_path / "subs"
    for relative in (FILE, "01_norms/cosine_matrix.py"):
        (subs / "ada" / "pack" / relative).parent.mkdir(parents=True, exist_ok=True)
        (subs / "ada" / "pack" / relative).write_text((root / "solutions" / relative).read_text())
    result = cli("grade", subs, "--pack", root, "--out", tmp_path / "g.csv", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "g.csv").read_text().splitlines()[1].startswith("ada,1.0000,1.0000,1.0000")
