"""You shifted by the largest entry m but did not add it back: log(sum(exp(x - m))) is logsumexp(x) - m. The identity is logsumexp(x) = m + log(sum(exp(x - m)))."""

import numpy as np


def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.sum(np.exp(x - top), axis=axis))


def log_softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    return x - np.expand_dims(logsumexp(x, axis=axis), axis)


def cross_entropy(logits, targets):
    logits, targets = np.asarray(logits, dtype=float), np.asarray(targets)
    n, c = logits.shape
    if targets.shape != (n,):
        raise ValueError("one target per row")
    if np.any(targets < 0) or np.any(targets >= c):
        raise ValueError("targets must be classes 0..c-1")
    return float(-np.mean(log_softmax(logits)[np.arange(n), targets]))

