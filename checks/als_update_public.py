"""Public checks for als-update."""

import numpy as np

from tutor.checks import check


@check("one row of k numbers per row of R")
def shape(ctx):
    R = ctx.rng.integers(1, 6, size=(5, 4)).astype(float)
    mask = np.ones((5, 4), dtype=bool)
    fixed = ctx.rng.standard_normal((4, 2))
    ctx.assert_array(ctx.learner.update_factors(R, mask, fixed, 0.1),
                     what="update_factors(R 5x4, mask, fixed 4x2, 0.1)", shape=(5, 2))


@check("identity factors: x is the row itself, shrunk by 1 + lam")
def identity(ctx):
    R = np.array([[1.0, 2.0], [3.0, 4.0]])
    mask = np.ones((2, 2), dtype=bool)
    got0 = ctx.learner.update_factors(R, mask, np.eye(2), 0.0)
    got1 = ctx.learner.update_factors(R, mask, np.eye(2), 1.0)
    ctx.assert_close(got0, R, what="update_factors([[1, 2], [3, 4]], all observed, I, lam=0)",
                     message="with fixed = I and lam = 0 each row solves I x = r, so x = r")
    ctx.assert_close(got1, R / 2, what="update_factors([[1, 2], [3, 4]], all observed, I, lam=1)",
                     message="with fixed = I and lam = 1 each row solves 2 x = r")
