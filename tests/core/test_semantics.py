"""What the check helpers and the diagnosis mean, pinned down at their edges: relative against
absolute tolerance, NaN as its own verdict, and how closely a known mistake must match."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tutor.core.checkapi import CheckContext, CheckFailure
from tutor.core.grading import same_value


def _ctx() -> CheckContext:
    return CheckContext(seed=0, caller=lambda name, args, kwargs: None)


def test_rtol_scales_with_the_expected_value_and_atol_does_not():
    ctx = _ctx()
    ctx.assert_close(np.array([1000.5]), np.array([1000.0]), rtol=1e-3, atol=0.0)  # 0.5 <= 1e-3 * 1000
    with pytest.raises(CheckFailure):
        ctx.assert_close(np.array([1000.5]), np.array([1000.0]), rtol=0.0, atol=1e-3)
    ctx.assert_close(np.array([1e-10]), np.array([0.0]), rtol=0.0, atol=1e-9)  # relative to 0 nothing is close
    with pytest.raises(CheckFailure):
        ctx.assert_close(np.array([1e-10]), np.array([0.0]), rtol=1e-3, atol=0.0)


def test_scalar_tolerances_mean_the_same():
    ctx = _ctx()
    ctx.assert_scalar(1000.5, 1000.0, rtol=1e-3, atol=0.0)
    with pytest.raises(CheckFailure):
        ctx.assert_scalar(1000.5, 1000.0, rtol=0.0, atol=1e-3)


@pytest.mark.parametrize("value", [math.nan, np.float64("nan"), np.array(math.nan)])
def test_a_nan_scalar_has_its_own_verdict(value):
    with pytest.raises(CheckFailure) as info:
        _ctx().assert_scalar(value, 1.0, what="error(s, 1)")
    assert info.value.verdict == "nan" and "NaN" in info.value.message


def test_a_nan_array_has_its_own_verdict_and_says_where():
    with pytest.raises(CheckFailure) as info:
        _ctx().assert_close(np.array([[1.0, np.nan]]), np.ones((1, 2)))
    assert info.value.verdict == "nan" and "(0, 1)" in info.value.message


def test_a_known_mistake_matches_only_when_it_reproduces_the_result():
    """The replay's tolerance is tight: a near miss is not the mistake."""
    result = np.linspace(1.0, 2.0, 5)
    assert same_value(result, result * (1 + 1e-8))
    assert not same_value(result, result * (1 + 1e-4))
    assert not same_value(result, result + 1e-3)
    assert same_value((result, 3), (result.copy(), 3)) and not same_value((result, 3), (result, 4))
    assert same_value(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]))
    assert not same_value(np.ones(3), np.ones(4))
    assert same_value(np.array([1 + 2j]), np.array([1 + 2j])) and not same_value(np.array([1 + 2j]), np.array([1 - 2j]))
    assert not same_value(10 ** 400, 1.0)  # cannot be compared: not the mistake, and no crash
