"""Public checks for als-fit."""

import numpy as np

from tutor.checks import check


@check("als returns U (m, k) and V (n, k)")
def shapes(ctx):
    R = ctx.rng.integers(1, 6, size=(6, 5)).astype(float)
    mask = ctx.rng.random((6, 5)) < 0.7
    got = ctx.assert_tuple(ctx.learner.als(R, mask, 2, lam=0.1, iters=3, seed=0), 2, what="als(R 6x5, mask, k=2)")
    ctx.assert_array(got[0], what="U", shape=(6, 2))
    ctx.assert_array(got[1], what="V", shape=(5, 2))


@check("rmse counts only observed entries")
def rmse_small(ctx):
    R = np.array([[1.0, 2.0]])
    mask = np.array([[True, False]])
    U, V = np.array([[1.0]]), np.array([[2.0], [5.0]])
    ctx.assert_scalar(ctx.learner.rmse(R, mask, U, V), 1.0,
                      what="rmse([[1, 2]], [[True, False]], U=[[1]], V=[[2], [5]])",
                      message="U V^T = [[2, 5]]; only the first entry is observed, and it is off by 1")
