"""Hidden checks for rank-span."""

import numpy as np

from tutor.checks import check


def _redundant(rng, m, rank, n):
    """An (m, n) matrix whose n columns span only `rank` directions."""
    return rng.standard_normal((m, rank)) @ rng.standard_normal((rank, n))


@check("rank-deficient X: its span contains X @ w and misses a generic y", weight=3)
def redundant_columns(ctx):
    X = _redundant(ctx.rng, 10, 3, 5)
    inside = X @ ctx.rng.standard_normal(5)
    outside = ctx.rng.standard_normal(10)
    got_in, got_out = ctx.learner.in_column_space(X, inside), ctx.learner.in_column_space(X, outside)
    ctx.assert_bool(got_in, True, what="in_column_space(X with 5 columns of rank 3, X @ w)",
                    message="any X @ w lies in the span of X, even when columns are redundant")
    ctx.assert_bool(got_out, False, what="in_column_space(X with 5 columns of rank 3, random y)",
                    message="3 directions cannot reach a random vector in 10 dimensions")


@check("more columns than rows", weight=1)
def wide(ctx):
    X = _redundant(ctx.rng, 4, 2, 7)
    inside = X[:, 0] * 2.0 - X[:, 5]
    outside = ctx.rng.standard_normal(4)
    got_in, got_out = ctx.learner.in_column_space(X, inside), ctx.learner.in_column_space(X, outside)
    ctx.assert_bool(got_in, True, what="in_column_space(X 4x7 of rank 2, 2 * X[:, 0] - X[:, 5])")
    ctx.assert_bool(got_out, False, what="in_column_space(X 4x7 of rank 2, random y)",
                    message="7 columns spanning only 2 directions cannot reach a random y in 4 dimensions")


@check("the bound tol * max(1, ||y||) is absolute for a small y and grows with a large one", weight=2)
def relative(ctx):
    """A y near 1e8 gets room for its rounding error; a y of norm below 1 keeps the bound tol."""
    X = ctx.rng.standard_normal((12, 4))
    Q, _ = np.linalg.qr(X, mode="complete")
    big = X @ (1e7 * ctx.rng.standard_normal(4))
    big_off = big + 1e-2 * Q[:, 7]  # 1e-2 off the span, tiny next to ||y|| near 1e8
    small = X @ (1e-9 * ctx.rng.standard_normal(4)) + 1e-9 * ctx.rng.standard_normal(12)
    unit = X @ ctx.rng.standard_normal(4)
    unit = unit / np.linalg.norm(unit) + 1e-10 * Q[:, 9]  # ||y|| = 1, residual 1e-10
    got = [ctx.learner.in_column_space(X, y) for y in (big, big_off, small, unit)]
    ctx.assert_bool(got[0], True, what="in_column_space(X, X @ w) with entries of y near 1e7",
                    message="y = X @ w is in the span; rounding leaves a residual far below tol * max(1, ||y||)")
    ctx.assert_bool(got[1], True,
                    what=f"in_column_space(X, y) with ||y|| = {np.linalg.norm(big_off):.2g} and residual 1e-2",
                    message="the test is residual <= tol * max(1, ||y||), and 1e-2 is below 1e-8 * ||y|| here")
    ctx.assert_bool(got[2], True, what="in_column_space(X, y) with ||y|| near 1e-8 and residual near 3e-9",
                    message="for ||y|| < 1 the bound is tol * 1 = 1e-8, so this residual counts as inside")
    ctx.assert_bool(got[3], True, what="in_column_space(X, y) with ||y|| = 1 and residual 1e-10",
                    message="a residual of 1e-10 is within tol * max(1, ||y||) = 1e-8")


@check("uses the tolerance it is given", weight=2)
def given_tol(ctx):
    X = ctx.rng.standard_normal((8, 3))
    Q, _ = np.linalg.qr(X, mode="complete")
    y = X @ ctx.rng.standard_normal(3)
    y = y / np.linalg.norm(y) + 1e-5 * Q[:, 5]  # ||y|| about 1, residual 1e-5 off the span
    strict, loose = ctx.learner.in_column_space(X, y), ctx.learner.in_column_space(X, y, tol=1e-3)
    ctx.assert_bool(strict, False, what="in_column_space(X, y) with residual 1e-5 and the default tol=1e-8")
    ctx.assert_bool(loose, True, what="in_column_space(X, y, tol=1e-3) with residual 1e-5",
                    message="a residual of 1e-5 is below tol * max(1, ||y||) = 1e-3")


@check("full-rank square X reaches every y; no columns reach only zero")
def extremes(ctx):
    X = ctx.rng.standard_normal((5, 5))
    ctx.assert_bool(ctx.learner.in_column_space(X, ctx.rng.standard_normal(5)), True,
                    what="in_column_space(invertible 5x5 X, random y)", message="5 independent columns span all of R^5")
    ctx.assert_bool(ctx.learner.in_column_space(np.zeros((3, 0)), np.zeros(3)), True,
                    what="in_column_space(X with no columns, zeros(3))",
                    message="the empty span contains the zero vector")
    ctx.assert_bool(ctx.learner.in_column_space(np.zeros((3, 0)), np.ones(3)), False,
                    what="in_column_space(X with no columns, ones(3))")


@check("integer inputs")
def integer_inputs(ctx):
    X = np.array([[1, 2], [2, 4], [3, 6]])
    ctx.assert_bool(ctx.learner.in_column_space(X, np.array([2, 4, 6])), True,
                    what="in_column_space([[1,2],[2,4],[3,6]], [2,4,6])")
    ctx.assert_bool(ctx.learner.in_column_space(X, np.array([1, 0, 0])), False,
                    what="in_column_space([[1,2],[2,4],[3,6]], [1,0,0])",
                    message="both columns are multiples of [1, 2, 3]")


@check("k * (m + n) numbers for every valid k", weight=2)
def counts(ctx):
    cases = [(4096, 4096, 4), (610, 9724, 10), (7, 3, 3), (5, 8, 0), (1, 1, 1), (512, 64, 64)]
    got = [ctx.learner.lowrank_param_count(m, n, k) for m, n, k in cases]
    for (m, n, k), value in zip(cases, got, strict=True):
        ctx.assert_int(value, k * (m + n), what=f"lowrank_param_count({m}, {n}, {k})",
                       message=f"an ({m}, {k}) factor and a ({k}, {n}) factor hold {k} * ({m} + {n}) numbers")


@check("raises ValueError unless 0 <= k <= min(m, n)")
def bad_k(ctx):
    for m, n, k in [(5, 3, 4), (3, 5, 4), (4, 4, -1)]:
        ctx.assert_raises(ValueError, ctx.learner.lowrank_param_count, m, n, k)
