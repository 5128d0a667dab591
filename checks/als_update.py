"""Hidden checks for als-update.

The ridge problem of each row is strictly convex for lam > 0, so its minimizer is unique and the
result is compared with it directly; a failure names the first row whose objective is above
the optimum.
"""

import numpy as np

from tutor.checks import check
from tutor.reference import ridge_rows as reference


def objective(R, mask, fixed, lam, X):
    """Each row's ridge objective."""
    residual = np.where(mask, np.nan_to_num(R) - X @ fixed.T, 0.0)
    return np.sum(residual**2, axis=1) + lam * np.sum(X**2, axis=1)


def problem(rng, m=9, n=7, k=3, density=0.6):
    mask = rng.random((m, n)) < density
    mask[np.arange(m), rng.integers(0, n, size=m)] = True  # every row observes something
    R = np.where(mask, rng.integers(1, 6, size=(m, n)).astype(float), 0.0)
    return R, mask, rng.standard_normal((n, k))


def expect_ridge(ctx, got, R, mask, fixed, lam, what):
    X = ctx.assert_array(got, what=what, shape=(R.shape[0], fixed.shape[1]))
    best = reference(R, mask, fixed, lam)
    reached, optimum = objective(R, mask, fixed, lam, X), objective(R, mask, fixed, lam, best)
    worse = np.flatnonzero(reached > optimum * (1 + 1e-7) + 1e-9)
    if worse.size:
        i = int(worse[0])
        ctx.fail(f"{what}: row {i} does not minimize its ridge objective: it reaches {reached[i]:.10g} "
                 f"where {optimum[i]:.10g} is possible ({reached[i] - optimum[i]:.2g} more; the objective is the "
                 "sum over observed j of (R[i,j] - x . fixed[j])^2 + lam ||x||^2)",
                 actual=X, expected=best)
    ctx.assert_close(X, best, what=what, rtol=1e-6, atol=1e-8, message="differs from the unique minimizer of each row")


@check("each row solves its own ridge regression over observed entries", weight=3)
def ridge_rows(ctx):
    R, mask, fixed = problem(ctx.rng)
    for lam in (0.5, 3.0):
        got = ctx.learner.update_factors(R, mask, fixed, lam)
        expect_ridge(ctx, got, R, mask, fixed, lam, f"update_factors(R 9x7 with {mask.sum()} observed, lam={lam})")


@check("values at unobserved entries do not matter", weight=2)
def unobserved_ignored(ctx):
    R, mask, fixed = problem(ctx.rng)
    garbage = np.where(mask, R, 99.0)
    got = ctx.learner.update_factors(garbage, mask, fixed, 0.3)
    expect_ridge(ctx, got, R, mask, fixed, 0.3, "update_factors(R holding 99 where unobserved, lam=0.3)")


@check("unobserved entries may hold NaN")
def unobserved_nan(ctx):
    R, mask, fixed = problem(ctx.rng, m=8)
    mask[:3] = True  # the first rows are fully observed, the others are not
    R = np.where(mask, ctx.rng.integers(1, 6, size=R.shape).astype(float), np.nan)
    got = ctx.learner.update_factors(R, mask, fixed, 0.3)
    expect_ridge(ctx, got, R, mask, fixed, 0.3, "update_factors(R holding NaN where unobserved, lam=0.3)")


@check("a row with nothing observed gets zeros, for lam > 0 and lam = 0", weight=2)
def empty_rows(ctx):
    R, mask, fixed = problem(ctx.rng, m=6, n=8, k=2, density=0.9)
    mask[2] = False
    mask[4] = False
    with_lam = ctx.learner.update_factors(R, mask, fixed, 0.2)
    without = ctx.learner.update_factors(R, mask, fixed, 0.0)
    for got, lam in ((with_lam, 0.2), (without, 0.0)):
        what = f"update_factors(R with rows 2 and 4 unobserved, lam={lam})"
        X = ctx.assert_array(got, what=what, shape=(6, 2))
        ctx.assert_close(X[[2, 4]], np.zeros((2, 2)), what=f"rows 2 and 4 of {what}",
                         message="a row with nothing observed has no data to fit: its factors must be zeros")
        expect_ridge(ctx, X, R, mask, fixed, lam, what)


@check("lam = 0 with every entry observed is ordinary least squares; integer ratings")
def least_squares(ctx):
    R = ctx.rng.integers(1, 6, size=(5, 6))
    fixed = ctx.rng.standard_normal((6, 2))
    got = ctx.learner.update_factors(R, np.ones((5, 6), dtype=bool), fixed, 0.0)
    expected = np.linalg.lstsq(fixed, R.T.astype(float), rcond=None)[0].T
    ctx.assert_close(got, expected, what="update_factors(integer R, all observed, fixed 6x2, lam=0)",
                     message="with lam = 0 and everything observed, row i is the least-squares fit of R[i] by fixed")
