"""Hidden checks for als-biased.

Factors are judged by properties: the objective never increases with iters, iters = t + 1 is one
exact round (users, then items) after iters = t, the items' half-step is the joint ridge
solution on [1, U[i]], k = 0 converges to the baseline, and a planted structure is recovered.
"""

import numpy as np

from tutor.checks import check
from tutor.reference.factorize import baseline_fit, biased_half_step, biased_objective


def planted(rng, m, n, k, density, noise):
    truth = 3.5 + rng.normal(0, 0.5, (m, 1)) + rng.normal(0, 0.5, (1, n)) \
        + rng.standard_normal((m, k)) @ rng.standard_normal((k, n)) / np.sqrt(max(k, 1))
    mask = rng.random((m, n)) < density
    mask[np.arange(m), rng.integers(0, n, size=m)] = True
    mask[rng.integers(0, m, size=n), np.arange(n)] = True
    return truth + noise * rng.standard_normal((m, n)), mask, truth


def fit(ctx, R, mask, k, lam, iters, seed, what):
    m, n = mask.shape
    mu, b_user, b_item, U, V = ctx.assert_tuple(ctx.learner.als_biased(R, mask, k, lam=lam, iters=iters, seed=seed), 5,
                                                what=what)
    mu = ctx.assert_scalar(mu, float(np.where(mask, R, 0.0)[mask].mean()), what=f"mu from {what}", rtol=1e-9,
                           message="mu is the mean of the observed ratings only")
    arrays = [ctx.assert_array(a, what=f"{name} from {what}", shape=shape)
              for a, name, shape in zip((b_user, b_item, U, V), ("b_user", "b_item", "U", "V"),
                                        ((m,), (n,), (m, k), (n, k)), strict=True)]
    return (mu, *arrays)


def items_step(R, mask, mu, b_user, U, lam):
    b_item, V = biased_half_step(R.T, mask.T, mu, b_user, U, lam)
    return b_item, V


@check("the objective never increases as iters grows", weight=3)
def monotone(ctx):
    R, mask, _ = planted(ctx.rng, 14, 11, 2, 0.5, 0.3)
    lam = 2.0
    values = []
    for iters in range(1, 6):
        state = fit(ctx, R, mask, 2, lam, iters, 3, f"als_biased(R 14x11, k=2, lam=2, iters={iters}, seed=3)")
        values.append(biased_objective(R, mask, *state, lam))
    for t in range(1, len(values)):
        if values[t] > values[t - 1] * (1 + 1e-9) + 1e-12:
            ctx.fail(f"the objective increased from {values[t - 1]:.6g} (iters={t}) to {values[t]:.6g} "
                     f"(iters={t + 1}); each half-step minimizes it exactly, so it can never go up. Does "
                     "iters = t + 1 continue the run of iters = t from the same seed, and does each half-step use "
                     "the newest other side?")


@check("iters = t + 1 is one more round after iters = t: users, then items", weight=2)
def continues(ctx):
    R, mask, _ = planted(ctx.rng, 11, 9, 2, 0.6, 0.2)
    lam = 1.0
    mu, _, b_item2, _, V2 = fit(ctx, R, mask, 2, lam, 2, 5, "als_biased(..., iters=2, seed=5)")
    _, b_user3, b_item3, U3, V3 = fit(ctx, R, mask, 2, lam, 3, 5, "als_biased(..., iters=3, seed=5)")
    want_bu, want_U = biased_half_step(R, mask, mu, b_item2, V2, lam)
    want_bi, want_V = items_step(R, mask, mu, want_bu, want_U, lam)
    got = np.concatenate([b_user3, b_item3, (U3 @ V3.T).ravel()])
    want = np.concatenate([want_bu, want_bi, (want_U @ want_V.T).ravel()])
    if not np.allclose(got, want, rtol=1e-6, atol=1e-8):
        ctx.fail("als_biased(..., iters=3, seed=5) is not one exact round after als_biased(..., iters=2, seed=5): "
                 "a round fits every user's (b_user[i], U[i]) from the current items, then every item's "
                 "(b_item[j], V[j]) from those new users, each the exact ridge solution; and a longer run must "
                 "continue a shorter one (draw the start once, from the seed)",
                 actual=U3 @ V3.T + b_user3[:, None] + b_item3[None, :],
                 expected=want_U @ want_V.T + want_bu[:, None] + want_bi[None, :])


@check("each item's bias and factors are the joint ridge solution on [1, U[i]]", weight=3)
def exact_items(ctx):
    R, mask, _ = planted(ctx.rng, 10, 9, 2, 0.6, 0.2)
    for lam in (3.0, 0.5):
        mu, b_user, b_item, U, V = fit(ctx, R, mask, 2, lam, 2, 1, f"als_biased(R 10x9, k=2, lam={lam}, iters=2)")
        want_bi, want_V = items_step(R, mask, mu, b_user, U, lam)
        ctx.assert_close(np.hstack([b_item[:, None], V]), np.hstack([want_bi[:, None], want_V]),
                         what=f"[b_item, V] after the last half-step (lam={lam})", rtol=1e-6, atol=1e-8,
                         message="given the users, item j's (b_item[j], V[j]) minimizes the sum over its ratings of "
                                 "(R[i, j] - mu - b_user[i] - b_item[j] - U[i] . V[j])^2 + lam (b_item[j]^2 + "
                                 "||V[j]||^2): one ridge regression on the features [1, U[i]], penalizing the bias too")


@check("with k = 0 it converges to the baseline predictors", weight=2)
def biases_only(ctx):
    R, mask, _ = planted(ctx.rng, 9, 8, 1, 0.5, 0.5)
    _, b_user, b_item, _, _ = fit(ctx, R, mask, 0, 10.0, 60, 0, "als_biased(R 9x8, k=0, lam=10, iters=60)")
    _, best_u, best_i = baseline_fit(R, mask, 10.0)
    ctx.assert_close(np.concatenate([b_user, b_item]), np.concatenate([best_u, best_i]), what="the biases with k = 0",
                     rtol=1e-5, atol=1e-6,
                     message="with no factors, alternating exact bias updates converges to the unique minimizer of "
                             "the baseline objective (the als-baseline exercise)")


@check("the same seed gives the same fit")
def reproducible(ctx):
    R, mask, _ = planted(ctx.rng, 8, 7, 2, 0.6, 0.1)
    first = fit(ctx, R, mask, 2, 1.0, 3, 7, "als_biased(..., iters=3, seed=7)")
    second = fit(ctx, R, mask, 2, 1.0, 3, 7, "als_biased(..., iters=3, seed=7) again")
    ctx.assert_close(second[3] @ second[4].T + second[1][:, None] + second[2],
                     first[3] @ first[4].T + first[1][:, None] + first[2],
                     what="the predictions of the second call",
                     message="two runs with the same seed must give the same fit: draw the start from "
                             "np.random.default_rng(seed)")


@check("fits a planted matrix with biases", weight=2)
def recovers(ctx):
    # One factor more than planted: ALS then avoids the poor stationary points it can stop at
    # from an unlucky start with exactly k = 2, whatever the learner's initialization.
    R, mask, truth = planted(ctx.rng, 30, 24, 2, 0.7, 0.01)
    mu, b_user, b_item, U, V = fit(ctx, R, mask, 3, 0.1, 40, 0, "als_biased(R 30x24, k=3, lam=0.1, iters=40)")
    predicted = mu + b_user[:, None] + b_item[None, :] + U @ V.T
    train = float(np.sqrt(np.mean((R - predicted)[mask] ** 2)))
    held_out = float(np.sqrt(np.mean((truth - predicted)[~mask] ** 2)))
    ctx.assert_true(train < 0.05 and held_out < 0.5,
                    f"on ratings made of a mean, biases and a rank-2 part, with noise 0.01, 40 rounds of k = 3 should "
                    f"fit: the RMSE on observed entries is {train:.3g} (expected below 0.05) and on unobserved ones "
                    f"{held_out:.3g} (expected below 0.5)")


@check("users and items with no ratings end at zero, never NaN; NaN where unobserved", weight=2)
def unrated(ctx):
    R, mask, _ = planted(ctx.rng, 8, 7, 2, 0.7, 0.1)
    mask[3, :] = False
    mask[:, 5] = False
    state = fit(ctx, np.where(mask, R, np.nan), mask, 2, 1.0, 3, 0,
                "als_biased(R with user 3 and item 5 unrated, NaN where unobserved)")
    _, b_user, b_item, U, V = state
    ctx.assert_close(np.concatenate([[b_user[3]], U[3], [b_item[5]], V[5]]), np.zeros(6),
                     what="b_user[3], U[3], b_item[5] and V[5]",
                     message="with nothing observed the penalty alone is smallest at 0")
    again = fit(ctx, np.where(mask, R, 0.0), mask, 2, 1.0, 3, 0, "als_biased(the same R holding 0 where unobserved)")
    ctx.assert_close(again[3] @ again[4].T + again[1][:, None] + again[2], U @ V.T + b_user[:, None] + b_item,
                     what="the predictions with 0 instead of NaN at unobserved entries",
                     message="the values at unobserved entries must not change the fit")


@check("raises ValueError when nothing is observed or lam <= 0")
def errors(ctx):
    R, mask, _ = planted(ctx.rng, 4, 5, 1, 0.6, 0.1)
    ctx.assert_raises(ValueError, ctx.learner.als_biased, R, np.zeros((4, 5), dtype=bool), 1)
    ctx.assert_raises(ValueError, ctx.learner.als_biased, R, mask, 1, 0.0)
    ctx.assert_raises(ValueError, ctx.learner.als_biased, R, mask, 1, -2.0)
