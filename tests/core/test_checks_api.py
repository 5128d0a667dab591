"""The check-author API, exercised directly with a fake learner (no process needed)."""

import io

import numpy as np
import pytest

from tutor.checks import CheckContext, CheckFailure, check
from tutor.core.results import LearnerProblem


def ctx_returning(**functions) -> CheckContext:
    def caller(name, args, kwargs):
        value = functions[name]
        if isinstance(value, LearnerProblem):
            raise value
        return value(*args, **kwargs) if callable(value) else value

    return CheckContext(seed=7, caller=caller)


def test_rng_is_seeded():
    a, b = CheckContext(seed=3, caller=None), CheckContext(seed=3, caller=None)
    assert np.array_equal(a.rng.standard_normal(4), b.rng.standard_normal(4))


def test_check_decorator_records_name_weight_and_doc():
    @check("named", weight=2)
    def func(ctx):
        """What it checks."""

    assert (func.__latent_check__.name, func.__latent_check__.weight, func.__latent_check__.description) == (
        "named", 2.0, "What it checks.")
    with pytest.raises(ValueError):
        check(weight=0)
    with pytest.raises(TypeError):
        check(func)


def test_assert_close_carries_arrays_and_names_the_worst_entry():
    ctx = ctx_returning()
    expected = np.arange(6.0).reshape(2, 3)
    actual = expected.copy()
    actual[1, 2] += 0.5
    with pytest.raises(CheckFailure) as info:
        ctx.assert_close(actual, expected, what="f(A)", message="rows must sum to 1")
    failure = info.value
    assert failure.message == "f(A): rows must sum to 1; max |difference| 0.5 at (1, 2)"
    assert np.array_equal(failure.actual, actual) and np.array_equal(failure.expected, expected)
    assert failure.verdict == "wrong"


def test_assert_close_shape_nan_and_types():
    ctx = ctx_returning()
    with pytest.raises(CheckFailure, match=r"has shape \(3,\); expected \(2,\)"):
        ctx.assert_close(np.zeros(3), np.zeros(2))
    with pytest.raises(CheckFailure) as info:
        ctx.assert_close(np.array([1.0, np.nan]), np.zeros(2), what="g()")
    assert info.value.verdict == "nan"
    assert "contains NaN" in info.value.message and "first at (1,)" in info.value.message
    with pytest.raises(CheckFailure) as info:
        ctx.assert_close(None, np.zeros(2), what="h(x)")
    assert info.value.verdict == "bad-type" and "returned None" in info.value.message
    with pytest.raises(CheckFailure) as info:
        ctx.assert_close([[1, 2], [3]], np.zeros(2))
    assert info.value.verdict == "bad-type"
    np.testing.assert_array_equal(ctx.assert_close([1, 2], np.array([1.0, 2.0])), [1, 2])


def test_assert_scalar_int_bool():
    ctx = ctx_returning()
    assert ctx.assert_scalar(np.float64(2.0) + 1e-12, 2.0) == pytest.approx(2.0)
    with pytest.raises(CheckFailure, match="exceeds"):
        ctx.assert_scalar(5.8, 4.9, what="error", message="exceeds the Eckart-Young optimum")
    assert ctx.assert_int(3, 3) == 3
    for bad in (3.0, True, None):
        with pytest.raises(CheckFailure) as info:
            ctx.assert_int(bad, 3)
        assert info.value.verdict == "bad-type"
    with pytest.raises(CheckFailure, match="= 2"):
        ctx.assert_int(2, 3)
    assert ctx.assert_bool(np.array(True), True) is True
    with pytest.raises(CheckFailure):
        ctx.assert_bool(1, True)


def test_assert_raises_matches_subclasses_by_name():
    err = LearnerProblem("exception", "LinAlgError: singular", types=("LinAlgError", "ValueError", "Exception"))
    ctx = ctx_returning(f=err, g=lambda: 1, h=LearnerProblem("exception", "TypeError: x", types=("TypeError",)))
    ctx.assert_raises(ValueError, ctx.learner.f)
    with pytest.raises(CheckFailure, match="should raise ValueError, but returned 1"):
        ctx.assert_raises(ValueError, ctx.learner.g)
    with pytest.raises(CheckFailure, match="but raised TypeError"):
        ctx.assert_raises(ValueError, ctx.learner.h)


def test_arguments_in_messages_are_summarised_whole_never_cut_open():
    ctx = ctx_returning(f=lambda *args: (np.eye(2), np.ones(2), np.zeros(2)))
    nested = [[float(i), float(i + 1)] for i in range(10)]
    with pytest.raises(CheckFailure) as info:
        ctx.assert_raises(ValueError, ctx.learner.f, nested, "a long string argument, far past the limit", 3)
    message = info.value.message
    assert message == ("f(<list of 10 items>, 'a long string argument, …', 3) should raise ValueError, "
                       "but returned <tuple of 3 items>")
    for opening, closing in ("[]", "()", "{}"):
        assert message.count(opening) == message.count(closing)
    assert message.count("'") % 2 == 0


def test_positions_are_written_like_the_heatmaps_write_them():
    from rich.console import Console

    from tutor.render import DiffTriple

    ctx = ctx_returning()
    expected = np.zeros(4)
    actual = expected.copy()
    actual[2] = 1.0
    with pytest.raises(CheckFailure) as info:
        ctx.assert_close(actual, expected, what="v")
    assert info.value.message.endswith("at (2,)")
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(DiffTriple(actual, expected))
    assert "at (2,)" in console.export_text()


def test_sign_flips_are_accepted_only_as_sign_flips():
    ctx = ctx_returning()
    rng = np.random.default_rng(0)
    U = np.linalg.qr(rng.standard_normal((5, 3)))[0]
    ctx.assert_close_up_to_sign(U * np.array([1, -1, -1]), U)
    with pytest.raises(CheckFailure):
        ctx.assert_close_up_to_sign(U[:, [1, 0, 2]], U)


def test_same_subspace_accepts_any_basis():
    ctx = ctx_returning()
    rng = np.random.default_rng(1)
    B = rng.standard_normal((6, 2))
    ctx.assert_same_subspace(B @ rng.standard_normal((2, 2)), B)
    with pytest.raises(CheckFailure, match="different subspace"):
        ctx.assert_same_subspace(rng.standard_normal((6, 2)), B)


def test_learner_calls_are_recorded_for_diagnosis():
    ctx = ctx_returning(f=lambda x: x + 1, g=LearnerProblem("exception", "ValueError", types=("ValueError",)))
    assert ctx.learner.f(1) == 2
    with pytest.raises(LearnerProblem):
        ctx.learner.g(5)
    assert [(c.name, c.args, c.outcome, c.value) for c in ctx.calls] == [
        ("f", (1,), "ok", 2), ("g", (5,), "raised", ("ValueError",))]
