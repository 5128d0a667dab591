"""Reference solution for attn-logsumexp."""

import numpy as np


def logsumexp(x, axis=-1):
    x = np.asarray(x, dtype=float)
    top = np.max(x, axis=axis, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)  # an all -inf slice: shift by 0, and log(0) = -inf
    with np.errstate(divide="ignore"):
        total = np.log(np.sum(np.exp(x - top), axis=axis))
    return total + np.squeeze(top, axis=axis)


def log_softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)
    return x - np.expand_dims(logsumexp(x, axis=axis), axis)


def cross_entropy(logits, targets):
    logits = np.asarray(logits, dtype=float)
    targets = np.asarray(targets)
    n, c = logits.shape
    if targets.shape != (n,):
        raise ValueError(f"{n} rows of logits but targets of shape {targets.shape}")
    if np.any(targets < 0) or np.any(targets >= c):
        raise ValueError(f"every target must be a class in 0..{c - 1}")
    return float(-np.mean(log_softmax(logits)[np.arange(n), targets]))
