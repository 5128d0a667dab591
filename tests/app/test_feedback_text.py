"""Check and learner text on screen, at 80x24: no message can end the app or show wrongly.

The three ways the app used to crash (MarkupError) on ordinary feedback, each driven as a
learner would: mha-circuits with np.linalg.svd(A @ B); a correct QR approach without the
r > min(m, n) ValueError; a learner exception whose text holds "[0, inf)". Then a pack made
here whose checks, diagnosis and learner output hold every awkward string at once.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from textual.widgets import Collapsible, Static

from tutor.core.results import (
    CheckResult,
    ExerciseResult,
    Isolation,
    IsolationLevel,
    Verdict,
)
from tutor.core.text import clean as strip_controls
from tutor.screens.exercise import ExerciseScreen

from .test_app import SIZE, open_exercise, save_text, settle, text_of

REPO = Path(__file__).resolve().parents[2]
AWKWARD = "[/] [b]not bold[/b] \\ [$text-muted]x[/] [ R[i, mask[i]] \x1b[2J tab\tend"


def _shown(screen) -> str:
    """Every text the Results tab holds, collapsed findings included."""
    results = screen.query_one("#check-results")
    texts = [text_of(w) for w in results.query(Static)]
    texts += [str(c.title) for c in results.query(Collapsible)]
    return "\n".join(texts)


def _mha_learner(factored_svd: str) -> str:
    solution = (REPO / "solutions" / "05_multihead" / "mha_circuits.py").read_text()
    return solution.split("def factored_svd")[0] + textwrap.dedent(factored_svd)


async def _results_at_80x24(make_app, exercise: str, text: str):
    app = make_app(builtin=True, packs=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot, exercise)
        await save_text(app, pilot, screen, text)
        await pilot.press("f4")
        await settle(app, pilot)
        for collapsible in screen.query(Collapsible):  # draw every finding, not only the first
            collapsible.collapsed = False
        await settle(app, pilot)
        app.save_screenshot(str(Path(app.course.workspace.root) / "shot.svg"))  # renders every visible widget
        assert screen.last_result is not None and not screen.last_result.passed
        return screen.last_result, _shown(screen)


async def test_forming_the_product_in_mha_circuits_is_shown_not_a_crash(make_app):
    result, shown = await _results_at_80x24(make_app, "mha-circuits", _mha_learner("""
        def factored_svd(A, B):
            U, S, Vh = np.linalg.svd(A @ B, full_matrices=False)
            r = A.shape[1]
            return U[:, :r], S[:r], Vh[:r]
        """))
    assert result.error is None and len(result.failed) < len(result.checks)  # it ran: the other checks pass
    assert all(check.message in shown for check in result.failed) and "NOT YET" in shown


async def test_a_qr_approach_without_the_shape_check_is_shown_not_a_crash(make_app):
    solution = (REPO / "solutions" / "05_multihead" / "mha_circuits.py").read_text()
    guard = 'raise ValueError(f"the inner dimension r = {r} must be at most min(m, n) = {min(m, n)}")'
    assert guard in solution
    learner = solution.replace(guard, "pass")
    result, shown = await _results_at_80x24(make_app, "mha-circuits", learner)
    failed = result.failed
    assert result.error is None and failed and all(check.message in shown for check in failed)
    assert "should raise ValueError" in failed[0].message


async def test_a_learner_exception_with_brackets_is_shown_not_a_crash(make_app):
    _, shown = await _results_at_80x24(make_app, "rank-numerical", textwrap.dedent("""
        def numerical_rank(A, tol=None):
            raise ValueError("tol must be in [0, inf)")
        """))
    assert "ValueError: tol must be in [0, inf)" in shown


PACK = '''
format = 1
name = "awkward"
title = "Awkward [text] \\\\ pack"

[[lessons]]
id = "echo"
title = "Echo [/]"
text = "lessons/echo.md"

  [[lessons.exercises]]
  id = "echo"
  title = "Echo [b]this[/b] \\\\ ["
  file = "echo.py"
  functions = ["echo"]
  hidden_checks = "checks/echo.py"
  variants = "variants/echo"
  hints = ["Return x [/] unchanged \\\\ ["]
'''

CHECKS = f'''
import numpy as np
from tutor.checks import check

AWKWARD = {AWKWARD!r}


@check("returns [its] input \\\\ [/]")
def same(ctx):
    x = ctx.rng.standard_normal((3, 3))
    ctx.assert_close(ctx.learner.echo(x), x, what="echo(x)", message=AWKWARD)


@check("a second check [$text-error] with the same mistake")
def again(ctx):
    x = ctx.rng.standard_normal((2, 2))
    ctx.assert_close(ctx.learner.echo(x), x, what="echo(x)")


@check("raises [ for None")
def raises(ctx):
    ctx.assert_raises(ValueError, ctx.learner.echo, [[1.0, 2.0, 3.0]] * 20)
'''

VARIANT = f'''"""Likely {AWKWARD} — you doubled x."""

def echo(x):
    return 2 * x
'''

LEARNER = f'''
import numpy as np


def echo(x):
    print({AWKWARD!r})
    return 2 * np.asarray(x)
'''


def _awkward_pack(root: Path) -> Path:
    for relative, text in {"pack.toml": PACK, "lessons/echo.md": "# Echo\n\n[Not a link] \\[/]\n",
                           "exercises/echo.py": "def echo(x):\n    raise NotImplementedError\n",
                           "solutions/echo.py": "def echo(x):\n    return x\n", "checks/echo.py": CHECKS,
                           "variants/echo/doubled.py": VARIANT}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.lstrip(), encoding="utf-8")
    return root


async def test_awkward_text_everywhere_is_shown_exactly(make_app, tmp_path):
    pack = _awkward_pack(tmp_path / "awkward")
    app = make_app(packs=[pack])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lesson_list = app.screen.query_one("#lessons")
        prompts = "\n".join(str(lesson_list.get_option_at_index(i).prompt) for i in range(lesson_list.option_count))
        assert "Echo [/]" in prompts and "Echo [b]this[/b] \\ [" in prompts
        await pilot.press("ctrl+p")  # the palette lists and highlights pack titles as they are
        await pilot.pause()
        await pilot.press(*"Open exercise: echo")
        await pilot.pause(0.3)
        app.export_screenshot()
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ExerciseScreen) and screen.exercise.id == "echo"
        await save_text(app, pilot, screen, LEARNER)
        await pilot.press("ctrl+t", "f4")
        await settle(app, pilot)
        for collapsible in screen.query(Collapsible):
            collapsible.collapsed = False
        await settle(app, pilot)
        shown = _shown(screen)
        clean = strip_controls(AWKWARD)  # the engine drops whole escape sequences from check text
        # The diagnosis (a variant's docstring, its whitespace folded) as written: no stray backslash.
        assert "Likely mistake: Likely " + clean.replace("\t", " ") + " — you doubled x." in shown
        assert "mask\\[i]" not in shown
        assert "echo(x): " + clean in shown
        assert "returns [its] input \\ [/]" in shown
        assert "This mistake also explains: a second check [$text-error] with the same mistake" in shown
        assert "echo(<list of 20 items>) should raise ValueError" in shown
        assert clean in text_of(screen.query_one("#check-results").query(".detail").last())  # the learner's print
        assert "Return x [/] unchanged \\ [" in text_of(screen.query_one("#hints"))
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("l")  # the lesson: its Markdown is Markdown, its title text
        await settle(app, pilot)
        app.save_screenshot(str(tmp_path / "shot.svg"))


async def test_an_isolation_warning_shows_in_the_results_and_the_status_line(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_exercise(app, pilot)
        warning = Isolation(IsolationLevel.PARTIAL, ("seccomp filter [x]",)).warning
        result = ExerciseResult("fake-double", [CheckResult("a", True, False, "ok", Verdict.PASS)], 3.0, "x.py",
                                isolation=Isolation(IsolationLevel.PARTIAL, ("seccomp filter [x]",)))
        screen.post_message(screen.CheckFinished(result, "", record=False))
        await settle(app, pilot)
        assert warning is not None
        assert f"⚠ {warning}" in _shown(screen)
        assert f"⚠ {warning}" in screen.query_one("#exercise-status").render().plain
        full = ExerciseResult("fake-double", [CheckResult("a", True, False, "ok", Verdict.PASS)], 3.0, "x.py",
                              isolation=Isolation(IsolationLevel.FULL))
        screen.post_message(screen.CheckFinished(full, "", record=False))
        await settle(app, pilot)
        assert "⚠" not in _shown(screen) and "⚠" not in screen.query_one("#exercise-status").render().plain

