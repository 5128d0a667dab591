"""Hidden checks for als-baseline.

With lam > 0 the objective is strictly convex in (b_user, b_item), so its minimizer is unique:
answers are compared with the exact one from `tutor.reference.factorize.baseline_fit`, and a failure
says how far the gradient is from zero.
"""

import numpy as np

from tutor.checks import check
from tutor.reference.factorize import baseline_fit


def ratings(rng, m, n, density=0.4):
    bias_u, bias_i = rng.normal(0, 0.7, m), rng.normal(0, 0.7, n)
    R = np.clip(np.rint(3.5 + bias_u[:, None] + bias_i[None, :] + rng.normal(0, 0.8, (m, n))), 1, 5)
    mask = rng.random((m, n)) < density
    mask[np.arange(m), rng.integers(0, n, size=m)] = True
    mask[rng.integers(0, m, size=n), np.arange(n)] = True
    return R, mask


def gradient(R, mask, mu, b_user, b_item, lam):
    """Half the gradient of the objective, for users and for items."""
    residual = np.where(mask, R - mu - b_user[:, None] - b_item[None, :], 0.0)
    return lam * b_user - residual.sum(axis=1), lam * b_item - residual.sum(axis=0)


def answer(ctx, got, m, n, what):
    mu, b_user, b_item = ctx.assert_tuple(got, 3, what=what)
    return mu, ctx.assert_array(b_user, what=f"b_user from {what}", shape=(m,)), \
        ctx.assert_array(b_item, what=f"b_item from {what}", shape=(n,))


def expect_minimizer(ctx, R, mask, lam, what):
    m, n = mask.shape
    mu, b_user, b_item = answer(ctx, ctx.learner.baseline(R, mask, lam=lam), m, n, what)
    best_mu, best_u, best_i = baseline_fit(R, mask, lam)
    ctx.assert_scalar(mu, best_mu, what=f"mu from {what}", rtol=1e-9,
                      message="mu is the mean of the observed ratings only")
    g_u, g_i = gradient(np.where(mask, R, 0.0), mask, best_mu, b_user, b_item, lam)
    scale = max(1.0, float(np.abs(np.where(mask, R, 0.0)).sum()) / mask.sum())
    worst = max(float(np.abs(g_u).max(initial=0)), float(np.abs(g_i).max(initial=0)))
    if worst > 1e-5 * scale * (1 + mask.sum(axis=0).max() + mask.sum(axis=1).max()):
        side, index = (("user", int(np.argmax(np.abs(g_u)))) if np.abs(g_u).max(initial=0) >= np.abs(g_i).max(initial=0)
                       else ("item", int(np.argmax(np.abs(g_i)))))
        ctx.fail(f"{what} is not the minimizer: the objective's gradient is {worst:.3g} for {side} {index}, not 0. "
                 "At the minimum every user's bias balances lam * b_user[i] against the sum of its residuals "
                 "R[i, j] - mu - b_user[i] - b_item[j], and every item's the same, all at once: a single pass "
                 "or a few rounds of alternating updates do not get there",
                 actual=np.concatenate([b_user, b_item]), expected=np.concatenate([best_u, best_i]))
    ctx.assert_close(b_user, best_u, what=f"b_user from {what}", rtol=1e-5, atol=1e-6,
                     message="differs from the unique minimizer")
    ctx.assert_close(b_item, best_i, what=f"b_item from {what}", rtol=1e-5, atol=1e-6,
                     message="differs from the unique minimizer")


@check("the biases are the exact ridge minimizer", weight=3)
def exact(ctx):
    R, mask = ratings(ctx.rng, 12, 9)
    for lam in (10.0, 0.5):
        expect_minimizer(ctx, R, mask, lam, f"baseline(R 12x9 with {mask.sum()} observed, lam={lam})")


@check("a wide matrix as well as a tall one", weight=2)
def wide(ctx):
    R, mask = ratings(ctx.rng, 5, 14, density=0.5)
    expect_minimizer(ctx, R, mask, 2.0, f"baseline(R 5x14 with {mask.sum()} observed, lam=2)")


@check("the default lam is 10")
def default_lam(ctx):
    R, mask = ratings(ctx.rng, 8, 7)
    m, n = mask.shape
    _, b_user, b_item = answer(ctx, ctx.learner.baseline(R, mask), m, n, "baseline(R, mask)")
    _, best_u, best_i = baseline_fit(R, mask, 10.0)
    ctx.assert_close(np.concatenate([b_user, b_item]), np.concatenate([best_u, best_i]),
                     what="the biases of baseline(R, mask)", rtol=1e-5, atol=1e-6,
                     message="with no lam given, lam = 10")


@check("unobserved entries may hold anything, even NaN", weight=2)
def unobserved(ctx):
    R, mask = ratings(ctx.rng, 9, 8)
    expect_minimizer(ctx, np.where(mask, R, np.nan), mask, 3.0, "baseline(R holding NaN where unobserved, lam=3)")
    expect_minimizer(ctx, np.where(mask, R, 0.0), mask, 3.0, "baseline(R holding 0 where unobserved, lam=3)")


@check("a user or item with nothing observed gets a bias of 0", weight=2)
def empty(ctx):
    R, mask = ratings(ctx.rng, 8, 7, density=0.6)
    mask[2] = False
    mask[:, 4] = False
    what = "baseline(R with user 2 and item 4 unrated, lam=5)"
    _, b_user, b_item = answer(ctx, ctx.learner.baseline(R, mask, lam=5.0), 8, 7, what)
    ctx.assert_close(np.array([b_user[2], b_item[4]]), np.zeros(2), what="b_user[2] and b_item[4]",
                     message="with no ratings there is nothing to fit; the penalty alone is smallest at 0")
    expect_minimizer(ctx, R, mask, 5.0, what)


@check("integer ratings, and a single observed rating")
def small_cases(ctx):
    R, mask = ratings(ctx.rng, 6, 5)
    expect_minimizer(ctx, R.astype(int), mask, 1.0, "baseline(integer R, lam=1)")
    one = np.zeros((3, 4), dtype=bool)
    one[1, 2] = True
    expect_minimizer(ctx, np.full((3, 4), 4.0), one, 1.0, "baseline(one rating of 4 at (1, 2), lam=1)")


@check("raises ValueError when nothing is observed or lam <= 0")
def errors(ctx):
    R, mask = ratings(ctx.rng, 4, 5)
    ctx.assert_raises(ValueError, ctx.learner.baseline, R, np.zeros((4, 5), dtype=bool), 10.0)
    ctx.assert_raises(ValueError, ctx.learner.baseline, R, mask, 0.0)
    ctx.assert_raises(ValueError, ctx.learner.baseline, R, mask, -1.0)
