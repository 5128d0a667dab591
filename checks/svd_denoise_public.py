"""Public checks for svd-denoise."""

import numpy as np

from tutor.checks import check


@check("the noise edge of a 100 x 25 matrix")
def edge(ctx):
    ctx.assert_scalar(ctx.learner.noise_edge(100, 25, 0.1), 1.5, what="noise_edge(100, 25, 0.1)",
                      message="0.1 * (sqrt(100) + sqrt(25)) = 0.1 * (10 + 5)")


@check("a diagonal matrix keeps the values above the edge")
def diagonal(ctx):
    A = np.diag([5.0, 3.0, 1.0, 0.5])
    ctx.assert_close(ctx.learner.denoise(A, 0.5), np.diag([5.0, 3.0, 0.0, 0.0]),
                     what="denoise(diag(5, 3, 1, 0.5), 0.5)",
                     message="the edge is 0.5 * (2 + 2) = 2, so 5 and 3 stay and 1 and 0.5 go")
