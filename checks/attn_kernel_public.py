"""Public checks for attn-kernel."""

import numpy as np

from tutor.checks import check


def predict(x_train, y_train, x_query, h):
    scores = -((x_query[:, None] - x_train[None, :]) ** 2) / (2 * h**2)
    w = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (w / w.sum(axis=1, keepdims=True)) @ y_train


@check("three training points, two queries, h = 1")
def small(ctx):
    x, y, q = np.array([0.0, 1.0, 3.0]), np.array([1.0, 2.0, -1.0]), np.array([0.5, 2.0])
    ctx.assert_close(ctx.learner.kernel_regression(x, y, q, 1.0), predict(x, y, q, 1.0),
                     what="kernel_regression([0, 1, 3], [1, 2, -1], [0.5, 2], 1.0)",
                     message="weights softmax(-(q - x_i)^2 / (2 h^2)) over the training points, times y")


@check("a very wide kernel predicts the mean")
def wide(ctx):
    x, y = ctx.rng.uniform(0, 1, 6), ctx.rng.standard_normal(6)
    got = ctx.learner.kernel_regression(x, y, np.array([0.2, 0.9]), 1e6)
    ctx.assert_close(got, np.full(2, y.mean()), what="kernel_regression(..., bandwidth=1e6)", rtol=1e-9,
                     message="with a huge bandwidth every training point gets the same weight")
