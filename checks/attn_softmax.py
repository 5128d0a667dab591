"""Hidden checks for attn-softmax.

Results are compared with exp(x - max) / sum(exp(x - max)); any mathematically equal and stable
method (log-sum-exp, scipy-style) agrees to far better than the tolerance.
"""

import numpy as np

from tutor.checks import check


def expected(x, axis=-1):
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(top), top, 0.0))
    return e / e.sum(axis=axis, keepdims=True)


@check("matches exp(x_i) / sum_j exp(x_j) along the requested axis", weight=3)
def any_axis(ctx):
    cases = [((4, 5), -1), ((4, 5), 0), ((4, 5), 1), ((2, 3, 4), 1), ((3, 3), 0), ((6,), 0)]
    inputs = [2 * ctx.rng.standard_normal(shape) for shape, _ in cases]
    got = [ctx.learner.softmax(x, axis=axis) for x, (_, axis) in zip(inputs, cases, strict=True)]
    for x, value, (shape, axis) in zip(inputs, got, cases, strict=True):
        what = f"softmax(x of shape {shape}, axis={axis})"
        w = ctx.assert_array(value, what=what, shape=shape)
        ctx.assert_close(w.sum(axis=axis), np.ones(w.sum(axis=axis).shape),
                         what=f"the sums along axis {axis} of {what}",
                         message=f"every slice along axis {axis} must sum to 1")
        ctx.assert_close(w, expected(x, axis), what=what, rtol=1e-9, atol=1e-12,
                         message=f"differs from exp(x) / sum(exp(x)) along axis {axis}")


@check("stable for entries of magnitude 1e3 and more", weight=3)
def large(ctx):
    cases = [np.array([1000.0, 1001.0, 1002.0]), np.array([-1000.0, -1001.0, -1002.0]),
             np.array([[1000.0, 1001.0], [0.0, 1.0]]), np.array([[1e4, 0.0, -1e4], [-5e3, -5e3 + 2.0, -5e3 + 1.0]])]
    labels = ["[1000, 1001, 1002]", "[-1000, -1001, -1002]", "[[1000, 1001], [0, 1]]",
              "[[1e4, 0, -1e4], [-5000, -4998, -4999]]"]
    got = [ctx.learner.softmax(x) for x in cases]
    for x, value, label in zip(cases, got, labels, strict=True):
        what = f"softmax({label})"
        ctx.assert_close(value, expected(x), what=what, rtol=1e-9, atol=1e-12,
                         message="only differences between entries matter: subtract each slice's max before exp() "
                                 "so that nothing overflows")


@check("-inf entries get weight exactly 0", weight=2)
def minus_inf(ctx):
    x = np.array([[0.0, -np.inf, 1.0], [-np.inf, 2.0, -np.inf], [3.0, 3.0, -np.inf]])
    w = ctx.assert_array(ctx.learner.softmax(x), what="softmax(x with -inf entries)", shape=(3, 3))
    ctx.assert_true(np.all(w[np.isneginf(x)] == 0.0),
                    f"softmax(x with -inf entries): entries at -inf must get weight exactly 0, got {w[np.isneginf(x)]}")
    ctx.assert_close(w, expected(x), what="softmax(x with -inf entries)", rtol=1e-9, atol=1e-12,
                     message="the finite entries share the weight as if the -inf entries were absent")


@check("integer input; the result is float and keeps the shape")
def integers(ctx):
    x = ctx.rng.integers(-5, 6, size=(3, 4))
    w = ctx.assert_array(ctx.learner.softmax(x), what="softmax(integer x 3x4)", shape=(3, 4), kind="f")
    ctx.assert_close(w, expected(x), what="softmax(integer x 3x4)", rtol=1e-9, atol=1e-12)
