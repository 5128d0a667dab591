"""Your logsumexp keeps the reduced axis (keepdims=True): for a 4 x 5 array and axis=-1 it returns shape (4, 1) instead of (4,). Keep the axis while you compute (it lines up for broadcasting), then drop it from the result, e.g. with np.squeeze(..., axis=axis)."""

import numpy as np


def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return np.log(np.sum(np.exp(x - top), axis=axis, keepdims=True)) + top


def log_softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    return x - logsumexp(x, axis=axis)


def cross_entropy(logits, targets):
    logits, targets = np.asarray(logits, dtype=float), np.asarray(targets)
    n, c = logits.shape
    if targets.shape != (n,):
        raise ValueError("one target per row")
    if np.any(targets < 0) or np.any(targets >= c):
        raise ValueError("targets must be classes 0..c-1")
    return float(-np.mean(log_softmax(logits)[np.arange(n), targets]))

