"""Public checks for svd-compress."""

import numpy as np

from tutor.checks import check


@check("a diagonal image keeps its largest entry")
def diagonal(ctx):
    image = np.diag([3.0, 2.0, 1.0])
    approx, fraction, error = ctx.assert_tuple(ctx.learner.compress(image, 1), 3,
                                               what="compress(diag(3, 2, 1), 1)")
    ctx.assert_close(approx, np.diag([3.0, 0.0, 0.0]), what="approx",
                     message="the best rank-1 approximation keeps the 3")
    ctx.assert_scalar(fraction, 7 / 9, what="stored_fraction", message="1 * (3 + 3 + 1) numbers out of 3 * 3")
    ctx.assert_scalar(error, np.sqrt(5 / 14), what="rel_error",
                      message="||image - approx|| = sqrt(2^2 + 1^2) and ||image|| = sqrt(3^2 + 2^2 + 1^2)")


@check("full rank gives the image back, and stores more numbers than the image")
def full_rank(ctx):
    image = ctx.rng.standard_normal((4, 3))
    approx, fraction, error = ctx.assert_tuple(ctx.learner.compress(image, 3), 3, what="compress(image 4x3, 3)")
    ctx.assert_close(approx, image, what="approx", message="keeping every singular value must give the image back")
    ctx.assert_scalar(fraction, 2.0, what="stored_fraction",
                      message="3 * (4 + 3 + 1) = 24 numbers for an image of 12: twice as many")
    ctx.assert_scalar(error, 0.0, what="rel_error", atol=1e-12, message="nothing is lost at full rank")
