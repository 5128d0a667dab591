"""Public checks for svd-impute."""

import numpy as np

from tutor.checks import check


@check("k = min(m, n) keeps the whole filled matrix: gaps hold their item's mean")
def filled(ctx):
    R = np.array([[5.0, 1.0, 0.0], [3.0, 0.0, 2.0], [0.0, 3.0, 4.0]])
    mask = R > 0
    expected = np.array([[5.0, 1.0, 3.0], [3.0, 2.0, 2.0], [4.0, 3.0, 4.0]])
    got = ctx.assert_array(ctx.learner.impute_svd(R, mask, 3), what="impute_svd(R 3x3, mask, k=3)", shape=(3, 3))
    ctx.assert_close(got, expected, what="impute_svd(R 3x3, mask, k=3)",
                     message="each gap gets its column's observed mean (item 0: (5 + 3) / 2 = 4); with k = 3 "
                             "nothing is truncated")


@check("k = 0 gives zeros of shape (m, n)")
def rank_zero(ctx):
    R = ctx.rng.integers(1, 6, size=(4, 6)).astype(float)
    mask = ctx.rng.random((4, 6)) < 0.6
    got = ctx.assert_array(ctx.learner.impute_svd(R, mask, 0), what="impute_svd(R 4x6, mask, k=0)", shape=(4, 6))
    ctx.assert_close(got, np.zeros((4, 6)), what="impute_svd(R 4x6, mask, k=0)", message="rank 0 is the zero matrix")
