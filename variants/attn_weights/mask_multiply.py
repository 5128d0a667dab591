"""You multiplied the scores by the mask. A masked score becomes 0, not minus infinity, and exp(0) = 1 still gives that key weight. Replace masked scores with -np.inf (np.where(mask, scores, -np.inf)) before the softmax."""

import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    scores = Q @ K.T / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = scores * mask
    weights = softmax(scores)
    return weights @ V, weights


def causal_mask(n):
    return np.tril(np.ones((n, n), dtype=bool))
