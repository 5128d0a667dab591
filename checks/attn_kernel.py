"""Hidden checks for attn-kernel.

Predictions are compared with the shifted softmax of -|q - x_i|^2 / (2 h^2); any stable way of
computing the same weights (a log-sum-exp, the expansion |q|^2 + |x|^2 - 2 q.x at moderate
bandwidths) agrees within the tolerances. At tiny bandwidths the checks use points whose
nearest neighbour is clear or an exact tie.
"""

import numpy as np

from tutor.checks import check


def reference(x_train, y_train, x_query, h):
    x_train, x_query = np.asarray(x_train, dtype=float), np.asarray(x_query, dtype=float)
    if x_train.ndim == 1:
        x_train, x_query = x_train[:, None], x_query[:, None]
    scores = -((x_query[:, None, :] - x_train[None, :, :]) ** 2).sum(axis=-1) / (2 * h**2)
    w = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (w / w.sum(axis=1, keepdims=True)) @ np.asarray(y_train, dtype=float)


def compare(ctx, got, want, what, message="weights softmax(-|x_q - x_i|^2 / (2 h^2)) over the training points"):
    got = ctx.assert_array(got, what=what, shape=want.shape)
    ctx.assert_close(got, want, what=what, rtol=1e-8, atol=1e-10, message=message)


@check("1-D inputs and targets match the Gaussian-kernel formula", weight=3)
def one_dimensional(ctx):
    x, y = ctx.rng.uniform(-2, 2, 9), ctx.rng.standard_normal(9)
    q = ctx.rng.uniform(-2.5, 2.5, 5)
    for h in (0.3, 1.0):
        compare(ctx, ctx.learner.kernel_regression(x, y, q, h), reference(x, y, q, h),
                f"kernel_regression(x (9,), y (9,), queries (5,), {h})",
                message=f"with h = {h}, the weights are softmax(-(q - x_i)^2 / (2 * {h}^2))")


@check("points in 3-D with 2 targets each give (q, 2)", weight=2)
def multi_dimensional(ctx):
    x, y = ctx.rng.standard_normal((8, 3)), ctx.rng.standard_normal((8, 2))
    q = ctx.rng.standard_normal((4, 3))
    compare(ctx, ctx.learner.kernel_regression(x, y, q, 0.8), reference(x, y, q, 0.8),
            "kernel_regression(x (8, 3), y (8, 2), queries (4, 3), 0.8)",
            message="the distance is the squared Euclidean distance summed over the 3 coordinates")


@check("output shapes: (q,) for 1-D targets, (q, p) for 2-D ones")
def shapes(ctx):
    x1, y2 = ctx.rng.uniform(0, 1, 5), ctx.rng.standard_normal((5, 3))
    q1 = ctx.rng.uniform(0, 1, 2)
    compare(ctx, ctx.learner.kernel_regression(x1, y2, q1, 0.5), reference(x1, y2, q1, 0.5),
            "kernel_regression(x (5,), y (5, 3), queries (2,), 0.5)")
    x2, y1 = ctx.rng.standard_normal((5, 2)), ctx.rng.standard_normal(5)
    q2 = ctx.rng.standard_normal((3, 2))
    compare(ctx, ctx.learner.kernel_regression(x2, y1, q2, 0.5), reference(x2, y1, q2, 0.5),
            "kernel_regression(x (5, 2), y (5,), queries (3, 2), 0.5)")


@check("predictions are weighted averages: inside the range of the targets")
def convex(ctx):
    x, y = ctx.rng.uniform(0, 5, 10), ctx.rng.uniform(-1, 3, 10)
    q = np.linspace(-1, 6, 8)
    got = ctx.assert_array(ctx.learner.kernel_regression(x, y, q, 0.7), what="kernel_regression(..., 0.7)", shape=(8,))
    ctx.assert_true(np.all(got >= y.min() - 1e-12) and np.all(got <= y.max() + 1e-12),
                    f"kernel_regression(..., 0.7) = {np.round(got, 4)} leaves the range of the targets "
                    f"[{y.min():.4f}, {y.max():.4f}]: the weights of each query must be >= 0 and sum to 1")
    compare(ctx, got, reference(x, y, q, 0.7), "kernel_regression(x (10,), y (10,), queries (8,), 0.7)")


@check("a tiny bandwidth (1e-12) is nearest-neighbour regression, never NaN", weight=2)
def tiny(ctx):
    x = np.array([0.0, 1.0, 2.5, 4.0])
    y = np.array([3.0, -1.0, 2.0, 5.0])
    q = np.array([0.1, 0.9, 2.0, 3.9, 10.0])
    compare(ctx, ctx.learner.kernel_regression(x, y, q, 1e-12), np.array([3.0, -1.0, 2.0, 5.0, 5.0]),
            "kernel_regression(x [0, 1, 2.5, 4], y [3, -1, 2, 5], queries [0.1, 0.9, 2, 3.9, 10], 1e-12)",
            message="with h = 1e-12 every query takes the target of its nearest training point; exp() of every score "
                    "underflows to 0 unless the scores are shifted by their max first")
    points = ctx.rng.standard_normal((6, 2))
    targets = ctx.rng.standard_normal((6, 2))
    queries = points[[4, 1]] + 1e-3
    compare(ctx, ctx.learner.kernel_regression(points, targets, queries, 1e-12), targets[[4, 1]],
            "kernel_regression(x (6, 2), y (6, 2), queries next to points 4 and 1, 1e-12)",
            message="each query takes the targets of its nearest training point")


@check("exact ties for the nearest point share the weight")
def ties(ctx):
    x = np.array([0.0, 1.0, 3.0])
    y = np.array([2.0, 4.0, 100.0])
    compare(ctx, ctx.learner.kernel_regression(x, y, np.array([0.5, 2.0]), 1e-12), np.array([3.0, 52.0]),
            "kernel_regression([0, 1, 3], [2, 4, 100], [0.5, 2], 1e-12)",
            message="0.5 is exactly as far from 0 as from 1, and 2 as far from 1 as from 3: tied points share the "
                    "weight equally")


@check("a very wide kernel predicts the mean of the targets")
def very_wide(ctx):
    x, y = ctx.rng.standard_normal((7, 2)), ctx.rng.standard_normal((7, 2))
    q = ctx.rng.standard_normal((3, 2))
    compare(ctx, ctx.learner.kernel_regression(x, y, q, 1e8), np.tile(y.mean(axis=0), (3, 1)),
            "kernel_regression(x (7, 2), y (7, 2), queries (3, 2), 1e8)",
            message="with a huge bandwidth every training point gets weight 1/7")


@check("raises ValueError unless bandwidth > 0")
def bad_bandwidth(ctx):
    x, y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 0.0, 1.0])
    ctx.assert_raises(ValueError, ctx.learner.kernel_regression, x, y, np.array([0.5]), -0.5)
    ctx.assert_raises(ValueError, ctx.learner.kernel_regression, x, y, np.array([0.5]), 0.0)
