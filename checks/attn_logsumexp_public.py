"""Public checks for attn-logsumexp."""

import numpy as np

from tutor.checks import check


@check("logsumexp([1, 2, 3]) = log(e + e^2 + e^3)")
def small(ctx):
    x = np.array([1.0, 2.0, 3.0])
    ctx.assert_scalar(ctx.learner.logsumexp(x), float(np.log(np.exp(x).sum())), what="logsumexp([1, 2, 3])",
                      message="the log of the sum of the exponentials")


@check("each row of log_softmax exponentiates to probabilities")
def rows(ctx):
    x = ctx.rng.standard_normal((3, 4))
    got = ctx.assert_array(ctx.learner.log_softmax(x), what="log_softmax(x 3x4)", shape=(3, 4))
    ctx.assert_close(np.exp(got).sum(axis=1), np.ones(3), what="the row sums of exp(log_softmax(x 3x4))",
                     message="exp(log_softmax(x)) is the softmax, so every row must sum to 1")


@check("cross_entropy of uniform logits is log(c)")
def uniform(ctx):
    logits = np.zeros((4, 5))
    got = ctx.learner.cross_entropy(logits, np.array([0, 1, 2, 4]))
    ctx.assert_scalar(got, float(np.log(5)), what="cross_entropy(zeros 4x5, [0, 1, 2, 4])",
                      message="equal scores give every class probability 1/5, a loss of log 5 per example")
