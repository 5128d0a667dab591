"""Hidden checks for als-fit.

ALS factors are not unique (U A and V A^-T fit equally well), and any seeded initialization is
accepted, so the checks judge properties: the objective never increases as iters grows, the
last half-step is an exact ridge solution, the same seed gives the same fit, a planted low-rank
matrix is recovered, and unrated users and items get zero factors.
"""

import numpy as np

from tutor.checks import check
from tutor.reference import ridge_rows as ridge


def objective(R, mask, U, V, lam):
    residual = np.where(mask, R - U @ V.T, 0.0)
    return float(np.sum(residual**2) + lam * (np.sum(U**2) + np.sum(V**2)))


def planted(rng, m, n, k, density, noise):
    R = rng.standard_normal((m, k)) @ rng.standard_normal((k, n)) + 3.0
    mask = rng.random((m, n)) < density
    mask[np.arange(m), rng.integers(0, n, size=m)] = True
    mask[rng.integers(0, m, size=n), np.arange(n)] = True
    return R + noise * rng.standard_normal((m, n)), mask, R


def factors(ctx, got, m, n, k, what):
    U, V = ctx.assert_tuple(got, 2, what=what)
    return (ctx.assert_array(U, what=f"U from {what}", shape=(m, k)),
            ctx.assert_array(V, what=f"V from {what}", shape=(n, k)))


@check("rmse averages squared errors over observed entries only", weight=2)
def rmse_observed(ctx):
    R = ctx.rng.integers(1, 6, size=(7, 6)).astype(float)
    mask = ctx.rng.random((7, 6)) < 0.5
    mask[0, 0] = True
    U, V = ctx.rng.standard_normal((7, 2)) + 1, ctx.rng.standard_normal((6, 2)) + 1
    expected = np.sqrt(np.mean((R - U @ V.T)[mask] ** 2))
    ctx.assert_scalar(ctx.learner.rmse(R, mask, U, V), expected, what=f"rmse(R 7x6 with {mask.sum()} observed, U, V)",
                      rtol=1e-9, message="the RMSE is sqrt(mean of (R - U V^T)^2 over the observed entries)")
    garbage = np.where(mask, R, np.nan)
    ctx.assert_scalar(ctx.learner.rmse(garbage, mask, U, V), expected,
                      what="rmse(R holding NaN where unobserved, U, V)", rtol=1e-9,
                      message="unobserved entries must not enter the RMSE, whatever they hold")


@check("rmse raises ValueError when nothing is observed")
def rmse_empty(ctx):
    ctx.assert_raises(ValueError, ctx.learner.rmse, np.ones((2, 3)), np.zeros((2, 3), dtype=bool),
                      np.ones((2, 1)), np.ones((3, 1)))


@check("the same seed gives the same fit", weight=2)
def reproducible(ctx):
    R, mask, _ = planted(ctx.rng, 12, 10, 2, 0.6, 0.1)
    first = factors(ctx, ctx.learner.als(R, mask, 2, lam=0.1, iters=4, seed=7), 12, 10, 2, "als(..., iters=4, seed=7)")
    second = factors(ctx, ctx.learner.als(R, mask, 2, lam=0.1, iters=4, seed=7), 12, 10, 2,
                     "als(..., iters=4, seed=7) again")
    ctx.assert_close(second[0] @ second[1].T, first[0] @ first[1].T, what="U V^T of the second call",
                     message="two runs with the same seed must give the same fit: draw the initial factors from "
                             "np.random.default_rng(seed), not from unseeded randomness")


@check("the objective never increases as iters grows", weight=3)
def monotone(ctx):
    R, mask, _ = planted(ctx.rng, 14, 11, 3, 0.5, 0.3)
    lam = 0.5
    values = []
    for iters in range(1, 6):
        U, V = factors(ctx, ctx.learner.als(R, mask, 3, lam=lam, iters=iters, seed=3), 14, 11, 3,
                       f"als(..., iters={iters})")
        values.append(objective(R, mask, U, V, lam))
    for t in range(1, len(values)):
        if values[t] > values[t - 1] * (1 + 1e-9) + 1e-12:
            ctx.fail(f"the objective increased from {values[t - 1]:.6g} (iters={t}) to {values[t]:.6g} "
                     f"(iters={t + 1}); each half-step minimizes it exactly, so it can never go up. Does "
                     "iters = t + 1 continue the run of iters = t from the same seed, and does each update use "
                     "the newest other factor?")


@check("iters = t + 1 continues the run of iters = t", weight=2)
def continues(ctx):
    R, mask, _ = planted(ctx.rng, 11, 9, 2, 0.6, 0.2)
    lam = 0.2
    U2, V2 = factors(ctx, ctx.learner.als(R, mask, 2, lam=lam, iters=2, seed=5), 11, 9, 2, "als(..., iters=2, seed=5)")
    U3, V3 = factors(ctx, ctx.learner.als(R, mask, 2, lam=lam, iters=3, seed=5), 11, 9, 2, "als(..., iters=3, seed=5)")
    u_first = ridge(R, mask, V2, lam)
    v_first = ridge(R.T, mask.T, U2, lam)
    rounds = [(u_first, ridge(R.T, mask.T, u_first, lam)), (ridge(R, mask, v_first, lam), v_first)]
    if not any(np.allclose(U3 @ V3.T, U @ V.T, rtol=1e-6, atol=1e-8) for U, V in rounds):
        ctx.fail("als(..., iters=3, seed=5) is not one exact ALS round after als(..., iters=2, seed=5): "
                 "either a longer run does not continue a shorter one (draw the initial factors once, from the seed), "
                 "or a half-step is not the ridge solution over the observed entries",
                 actual=U3 @ V3.T, expected=rounds[0][0] @ rounds[0][1].T)


@check("the last half-step is an exact ridge solution", weight=2)
def exact_half_step(ctx):
    R, mask, _ = planted(ctx.rng, 10, 9, 2, 0.6, 0.2)
    lam = 0.3
    U, V = factors(ctx, ctx.learner.als(R, mask, 2, lam=lam, iters=3, seed=1), 10, 9, 2,
                   "als(R 10x9, k=2, lam=0.3, iters=3)")
    best_V, best_U = ridge(R.T, mask.T, U, lam), ridge(R, mask, V, lam)
    if not (np.allclose(V, best_V, rtol=1e-6, atol=1e-8) or np.allclose(U, best_U, rtol=1e-6, atol=1e-8)):
        ctx.fail("after the last round, V should be the ridge solution given U (or U given V, if you update V first), "
                 "minimizing sum over observed entries of (R[i, j] - U[i] . V[j])^2 + lam ||V[j]||^2; neither is",
                 actual=V, expected=best_V)


@check("recovers a planted low-rank matrix", weight=2)
def recovers(ctx):
    R, mask, truth = planted(ctx.rng, 30, 24, 2, 0.6, 0.01)
    U, V = factors(ctx, ctx.learner.als(R, mask, 3, lam=1e-3, iters=30, seed=0), 30, 24, 3,
                   "als(R 30x24 of rank 3 plus noise 0.01, k=3, lam=1e-3, iters=30)")
    train = float(np.sqrt(np.mean((R - U @ V.T)[mask] ** 2)))
    held_out = float(np.sqrt(np.mean((truth - U @ V.T)[~mask] ** 2)))
    ctx.assert_true(train < 0.05 and held_out < 0.1,
                    f"on a matrix of rank 3 (rank 2 plus a constant 3) with noise 0.01, 30 rounds of k=3 should fit: "
                    f"the RMSE on observed entries is {train:.3g} (expected below 0.05) and on unobserved ones "
                    f"{held_out:.3g} (expected below 0.1)")


@check("users and items with no ratings get zero factors, not NaN", weight=2)
def unrated(ctx):
    R, mask, _ = planted(ctx.rng, 8, 7, 2, 0.7, 0.1)
    mask[3, :] = False
    mask[:, 5] = False
    U, V = factors(ctx, ctx.learner.als(R, mask, 2, lam=0.2, iters=3, seed=0), 8, 7, 2,
                   "als(R with user 3 and item 5 unrated)")
    ctx.assert_close(U[3], np.zeros(2), what="U[3], a user with no ratings",
                     message="nothing to fit: the factors must be 0")
    ctx.assert_close(V[5], np.zeros(2), what="V[5], an item with no ratings",
                     message="nothing to fit: the factors must be 0")


@check("integer ratings and NaN at unobserved entries")
def inputs(ctx):
    R, mask, _ = planted(ctx.rng, 9, 8, 2, 0.6, 0.0)
    ints = np.clip(np.rint(R), 1, 5).astype(int)
    U, V = factors(ctx, ctx.learner.als(ints, mask, 2, lam=0.1, iters=5, seed=2), 9, 8, 2, "als(integer R)")
    U1, V1 = factors(ctx, ctx.learner.als(ints, mask, 2, lam=0.1, iters=5, seed=2), 9, 8, 2, "als(integer R) again")
    ctx.assert_close(U1 @ V1.T, U @ V.T, what="U V^T of a second call with the same seed",
                     message="the same inputs and seed must give the same fit: draw the initial factors from "
                             "np.random.default_rng(seed)")
    with_nan = np.where(mask, ints.astype(float), np.nan)
    U2, V2 = factors(ctx, ctx.learner.als(with_nan, mask, 2, lam=0.1, iters=5, seed=2), 9, 8, 2,
                     "als(R holding NaN where unobserved)")
    ctx.assert_close(U2 @ V2.T, U @ V.T, what="U V^T with NaN at unobserved entries",
                     message="the values at unobserved entries must not change the fit")
