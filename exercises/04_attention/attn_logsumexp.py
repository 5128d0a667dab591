"""Exercise attn-logsumexp: log-sum-exp, log-probabilities and the
cross-entropy loss, without overflow.

log(sum_j exp(x_j)) overflows for x_j = 1e4, although the answer is
only a little above 1e4. With m the largest x_j,
    log sum_j exp(x_j) = m + log sum_j exp(x_j - m),
and the sum on the right lies between 1 and n. The log of a softmax
is x_i minus that log-sum-exp; taking np.log of a softmax instead
turns every weight that underflowed to 0 into -inf.
"""

import numpy as np


def logsumexp(x, axis=-1):
    """Return log(sum(exp(x))) along `axis`, with that axis removed.

    x: an array of any shape with at least one dimension; entries
       are finite (as large as 1e4 in magnitude) or -inf.
    axis: the axis to reduce (default: the last one).

    The result has x's shape without `axis` (a 1-D x gives a
    scalar). It must not overflow: logsumexp([1e4, 1e4]) is
    1e4 + log(2). A slice that is entirely -inf has logsumexp -inf
    (the log of a sum of zeros), never NaN.
    """
    raise NotImplementedError


def log_softmax(x, axis=-1):
    """Return log(softmax(x)) along `axis`, of the same shape as x.

    Entry i of a slice is x_i - logsumexp(slice). Stable for entries
    of magnitude 1e4: log_softmax([0, -800]) is [0, -800], where
    np.log(softmax(...)) gives [0, -inf]. A -inf entry gives -inf.
    Every slice has at least one finite entry.
    """
    raise NotImplementedError


def cross_entropy(logits, targets):
    """Return the mean cross-entropy loss, a float.

    logits: (n, c), one row of class scores per example.
    targets: n integers (an array or a list), the correct class of
        each example, each in 0..c-1.

    The loss is the mean over i of
        -log_softmax(logits[i])[targets[i]].
    Raise ValueError if a target is outside 0..c-1 (NumPy would read
    -1 as the last class) or if there are not exactly n targets.
    """
    raise NotImplementedError
