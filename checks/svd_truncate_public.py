"""Public checks for svd-truncate: shipped with the student copy of the pack."""

import numpy as np

from tutor.checks import check


@check("keeps the shape of A")
def keeps_shape(ctx):
    for shape in [(5, 3), (3, 5), (4, 4)]:
        A = ctx.rng.standard_normal(shape)
        ctx.assert_array(ctx.learner.truncated_svd(A, 2), what=f"truncated_svd(A {shape[0]}x{shape[1]}, 2)",
                         shape=shape)


@check("a diagonal matrix keeps its largest entries")
def diagonal(ctx):
    A = np.diag([3.0, 1.0, 2.0])
    expected = np.diag([3.0, 0.0, 2.0])
    ctx.assert_close(ctx.learner.truncated_svd(A, 2), expected, what="truncated_svd(diag(3, 1, 2), 2)",
                     message="the rank-2 approximation of diag(3, 1, 2) keeps the 3 and the 2")
