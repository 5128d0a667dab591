"""Hidden checks for svd-impute.

Random ratings have distinct singular values, so the best rank-k approximation of the filled
matrix is unique and is compared directly with `tutor.reference.factorize.impute_svd_fit`.
"""

import numpy as np

from tutor.checks import check
from tutor.reference.factorize import impute_svd_fit, item_mean_fill


def ratings(rng, m, n, density=0.5):
    R = rng.integers(1, 6, size=(m, n)).astype(float) + rng.normal(0, 0.1, (m, n))
    mask = rng.random((m, n)) < density
    mask[rng.integers(0, m, size=n), np.arange(n)] = True  # every item has a rating
    return R, mask


def expect(ctx, R, mask, k, what, message="differs from the best rank-k approximation of the item-mean-filled matrix"):
    got = ctx.assert_array(ctx.learner.impute_svd(R, mask, k), what=what, shape=mask.shape)
    ctx.assert_close(got, impute_svd_fit(R, mask, k), what=what, rtol=1e-6, atol=1e-8, message=message)


@check("the best rank-k approximation of the item-mean-filled matrix", weight=3)
def truncates(ctx):
    R, mask = ratings(ctx.rng, 9, 7)
    for k in (1, 3):
        expect(ctx, R, mask, k, f"impute_svd(R 9x7 with {mask.sum()} observed, k={k})",
               message="fill each gap with its item's (column's) observed mean, then keep the k largest singular "
                       "triplets of the filled matrix; the observed entries are not put back")


@check("a wide matrix, integer ratings")
def wide(ctx):
    R, mask = ratings(ctx.rng, 4, 10, density=0.6)
    expect(ctx, np.rint(R).astype(int), mask, 2, "impute_svd(integer R 4x10, k=2)")


@check("unobserved entries may hold anything, even NaN", weight=2)
def unobserved(ctx):
    R, mask = ratings(ctx.rng, 8, 6)
    expect(ctx, np.where(mask, R, np.nan), mask, 2, "impute_svd(R holding NaN where unobserved, k=2)",
           message="unobserved entries must not enter the means or the fit: select with np.where(mask, R, 0.0), "
                   "never R * mask (NaN * 0 is NaN)")


@check("an item with no ratings is filled with the mean of all observed ratings", weight=2)
def empty_item(ctx):
    R, mask = ratings(ctx.rng, 6, 5, density=0.7)
    mask[:, 3] = False
    filled = item_mean_fill(R, mask)
    got = ctx.assert_array(ctx.learner.impute_svd(R, mask, 5), what="impute_svd(R with item 3 unrated, k=5)",
                           shape=(6, 5))
    ctx.assert_close(got[:, 3], filled[:, 3], what="column 3 of impute_svd(R with item 3 unrated, k=5)",
                     message=f"item 3 has no rating: every entry gets the global observed mean {R[mask].mean():.4g}")
    expect(ctx, R, mask, 2, "impute_svd(R with item 3 unrated, k=2)")


@check("nothing observed: the filled matrix is zeros")
def nothing(ctx):
    R = ctx.rng.integers(1, 6, size=(3, 4)).astype(float)
    got = ctx.assert_array(ctx.learner.impute_svd(R, np.zeros((3, 4), dtype=bool), 2),
                           what="impute_svd(R, nothing observed, k=2)", shape=(3, 4))
    ctx.assert_close(got, np.zeros((3, 4)), what="impute_svd(R, nothing observed, k=2)",
                     message="with nothing observed every entry is filled with 0, and so is its approximation")


@check("raises ValueError unless 0 <= k <= min(m, n)")
def bad_k(ctx):
    R, mask = ratings(ctx.rng, 4, 6)
    ctx.assert_raises(ValueError, ctx.learner.impute_svd, R, mask, 5)
    ctx.assert_raises(ValueError, ctx.learner.impute_svd, R, mask, -1)
