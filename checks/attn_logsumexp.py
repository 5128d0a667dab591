"""Hidden checks for attn-logsumexp.

Results are compared with the shifted formula m + log(sum(exp(x - m))); every stable method
(np.logaddexp.reduce, a two-pass shift, scipy-style) agrees far within the tolerances.
"""

import numpy as np

from tutor.checks import check


def lse(x, axis=-1):
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.exp(x - top).sum(axis=axis)) + np.squeeze(top, axis=axis)


def log_sm(x, axis=-1):
    x = np.asarray(x, dtype=float)
    return x - np.expand_dims(lse(x, axis), axis)


def ce(logits, targets):
    return float(-np.mean(log_sm(logits)[np.arange(len(targets)), targets]))


@check("logsumexp along the requested axis, that axis removed", weight=2)
def any_axis(ctx):
    cases = [((4, 5), -1), ((4, 5), 0), ((2, 3, 4), 1), ((6,), 0)]
    inputs = [3 * ctx.rng.standard_normal(shape) for shape, _ in cases]
    got = [ctx.learner.logsumexp(x, axis=axis) for x, (_, axis) in zip(inputs, cases, strict=True)]
    for x, value, (shape, axis) in zip(inputs, got, cases, strict=True):
        want = lse(x, axis)
        what = f"logsumexp(x of shape {shape}, axis={axis})"
        ctx.assert_close(value, want, what=what, rtol=1e-10, atol=1e-12,
                         message=f"must be log(sum(exp(x), axis={axis})), of shape {want.shape} (the axis removed)")


@check("logsumexp is stable for entries of magnitude 1e4", weight=2)
def large(ctx):
    cases = [np.array([1e4, 1e4]), np.array([-1e4, -1e4 - 1.0, -1e4 + 2.0]),
             np.array([[1e4, 0.0, -1e4], [5e3, 5e3 - 3.0, 5e3 + 1.0]])]
    labels = ["[1e4, 1e4]", "[-1e4, -1e4 - 1, -1e4 + 2]", "[[1e4, 0, -1e4], [5000, 4997, 5001]]"]
    got = [ctx.learner.logsumexp(x) for x in cases]
    for x, value, label in zip(cases, got, labels, strict=True):
        ctx.assert_close(value, lse(x), what=f"logsumexp({label})", rtol=1e-12, atol=1e-9,
                         message="exp(1e4) overflows: shift by the largest entry m, then add m back")


@check("logsumexp with -inf entries; an all -inf slice gives -inf", weight=2)
def minus_inf(ctx):
    x = np.array([[0.0, -np.inf, 1.0], [-np.inf, -np.inf, -np.inf], [-np.inf, 2.0, -np.inf]])
    got = ctx.assert_array(ctx.learner.logsumexp(x), what="logsumexp(x with -inf entries)", shape=(3,), finite=False)
    if np.isnan(got).any():
        ctx.fail(f"logsumexp(x with -inf entries) = {got}: the all -inf row gives NaN. Its max is -inf, and "
                 "-inf - (-inf) is NaN; the log of a sum of zeros is -inf", actual=got)
    want = lse(x)
    ctx.assert_true(np.array_equal(np.isneginf(got), np.isneginf(want)),
                    f"logsumexp(x with -inf entries) = {got}: only the row of only -inf has logsumexp -inf "
                    "(a -inf entry adds exp(-inf) = 0 to its row's sum)")
    finite = np.isfinite(want)
    ctx.assert_close(got[finite], want[finite], what="logsumexp of the rows with finite entries",
                     rtol=1e-12, atol=1e-12, message="a -inf entry adds exp(-inf) = 0 to the sum")


@check("log_softmax along the requested axis, same shape", weight=2)
def log_softmax_axes(ctx):
    cases = [((3, 5), -1), ((3, 5), 0), ((2, 3, 4), 1)]
    inputs = [2 * ctx.rng.standard_normal(shape) for shape, _ in cases]
    got = [ctx.learner.log_softmax(x, axis=axis) for x, (_, axis) in zip(inputs, cases, strict=True)]
    for x, value, (shape, axis) in zip(inputs, got, cases, strict=True):
        what = f"log_softmax(x of shape {shape}, axis={axis})"
        ctx.assert_close(value, log_sm(x, axis), what=what, rtol=1e-10, atol=1e-12,
                         message=f"entry i is x_i - logsumexp of its slice along axis {axis}")


@check("log_softmax keeps tiny probabilities: no log of 0", weight=2)
def log_softmax_tiny(ctx):
    cases = [np.array([0.0, -800.0]), np.array([[1e4, 0.0, -1e4], [0.0, -np.inf, 3.0]])]
    labels = ["[0, -800]", "[[1e4, 0, -1e4], [0, -inf, 3]]"]
    got = [ctx.learner.log_softmax(x) for x in cases]
    for x, value, label in zip(cases, got, labels, strict=True):
        want = log_sm(x)
        what = f"log_softmax({label})"
        value = ctx.assert_array(value, what=what, shape=x.shape, finite=False)
        if np.any(np.isneginf(value) & np.isfinite(want)) or np.isnan(value).any():
            ctx.fail(f"{what} = {value}: a finite score must give a finite log-probability. np.log(softmax(x)) "
                     "loses every weight that underflows to 0; compute x - logsumexp(x) instead",
                     actual=value, expected=want)
        ctx.assert_true(np.array_equal(np.isneginf(value), np.isneginf(want)),
                        f"{what} = {value}: exactly the -inf scores have log-probability -inf")
        finite = np.isfinite(want)
        ctx.assert_close(value[finite], want[finite], what=f"the finite entries of {what}", rtol=1e-12, atol=1e-9,
                         message="entry i is x_i - logsumexp(x), which stays finite for finite x_i")


@check("cross_entropy is the mean of -log_softmax at the targets", weight=2)
def loss_value(ctx):
    logits = 2 * ctx.rng.standard_normal((6, 4))
    targets = ctx.rng.integers(0, 4, size=6)
    ctx.assert_scalar(ctx.learner.cross_entropy(logits, targets), ce(logits, targets),
                      what="cross_entropy(logits 6x4, targets)", rtol=1e-10,
                      message="the mean over the examples of -log_softmax(logits[i])[targets[i]]")
    as_list = [int(t) for t in targets[:3]]
    ctx.assert_scalar(ctx.learner.cross_entropy(logits[:3], as_list), ce(logits[:3], as_list),
                      what=f"cross_entropy(logits 3x4, {as_list})", rtol=1e-10,
                      message="targets may come as a list of ints")


@check("cross_entropy is stable for logits of 1e4")
def loss_large(ctx):
    logits = np.array([[1e4, 0.0, -1e4], [1e4, 0.0, -1e4], [0.0, 0.0, 0.0]])
    targets = np.array([0, 1, 2])
    ctx.assert_scalar(ctx.learner.cross_entropy(logits, targets), ce(logits, targets),
                      what="cross_entropy([[1e4, 0, -1e4], [1e4, 0, -1e4], [0, 0, 0]], [0, 1, 2])", rtol=1e-10,
                      message="the losses are 0, 1e4 and log 3: use log_softmax, never np.log of a softmax")


@check("cross_entropy rejects a negative target")
def negative_target(ctx):
    logits = ctx.rng.standard_normal((3, 4))
    ctx.assert_raises(ValueError, ctx.learner.cross_entropy, logits, np.array([0, -1, 2]))


@check("cross_entropy rejects a target equal to the number of classes")
def target_too_large(ctx):
    logits = ctx.rng.standard_normal((3, 4))
    ctx.assert_raises(ValueError, ctx.learner.cross_entropy, logits, np.array([0, 4, 2]))


@check("cross_entropy rejects a number of targets that differs from the rows")
def mismatched(ctx):
    logits = ctx.rng.standard_normal((4, 3))
    ctx.assert_raises(ValueError, ctx.learner.cross_entropy, logits, np.array([0, 1, 2]))
