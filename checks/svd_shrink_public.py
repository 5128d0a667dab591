"""Public checks for svd-shrink."""

import numpy as np

from tutor.checks import check


@check("a diagonal matrix: every singular value moves down by lam, never below 0")
def diagonal(ctx):
    A = np.diag([5.0, 3.0, 1.0])
    ctx.assert_close(ctx.learner.shrink_singular_values(A, 2.0), np.diag([3.0, 1.0, 0.0]),
                     what="shrink_singular_values(diag(5, 3, 1), 2)",
                     message="5 - 2 = 3, 3 - 2 = 1, and 1 - 2 stops at 0")


@check("lam = 0 gives A back")
def zero_lam(ctx):
    A = ctx.rng.standard_normal((4, 3))
    ctx.assert_close(ctx.learner.shrink_singular_values(A, 0.0), A, what="shrink_singular_values(A, 0)",
                     message="no shrinkage leaves A as it is")
