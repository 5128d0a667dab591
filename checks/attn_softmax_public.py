"""Public checks for attn-softmax."""

import numpy as np

from tutor.checks import check


@check("softmax([1, 2, 3])")
def small(ctx):
    x = np.array([1.0, 2.0, 3.0])
    ctx.assert_close(ctx.learner.softmax(x), np.exp(x) / np.exp(x).sum(), what="softmax([1, 2, 3])",
                     message="softmax(x)_i = exp(x_i) / sum_j exp(x_j)")


@check("each row of a matrix sums to 1")
def rows(ctx):
    x = ctx.rng.standard_normal((3, 4))
    w = ctx.assert_array(ctx.learner.softmax(x), what="softmax(x 3x4)", shape=(3, 4))
    ctx.assert_close(w.sum(axis=1), np.ones(3), what="the row sums of softmax(x 3x4)",
                     message="with axis=-1 every row must sum to 1")
