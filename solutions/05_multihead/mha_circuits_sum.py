"""Reference solution for mha-circuits-sum (self-contained: it carries its own softmax and circuits)."""

import numpy as np


def softmax(x, axis=-1):
    top = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(top), top, 0.0))
    return e / np.sum(e, axis=axis, keepdims=True)


def _head_columns(width, n_heads, head):
    if n_heads < 1 or width % n_heads:
        raise ValueError(f"n_heads = {n_heads} must be >= 1 and divide the width {width}")
    d_head = width // n_heads
    return slice(head * d_head, (head + 1) * d_head)


def mha_from_circuits(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
    X, W_Q, W_K, W_V, W_O = (np.asarray(a, dtype=float) for a in (X, W_Q, W_K, W_V, W_O))
    width, n = W_Q.shape[1], X.shape[0]
    if n_heads < 1 or width % n_heads:
        raise ValueError(f"n_heads = {n_heads} must be an int >= 1 dividing the {width} columns of W_Q")
    d_head = width // n_heads
    allowed = np.tril(np.ones((n, n), dtype=bool)) if causal else np.ones((n, n), dtype=bool)
    total = np.zeros((n, W_O.shape[1]))
    for h in range(n_heads):
        cols = _head_columns(width, n_heads, h)
        W_QK = W_Q[:, cols] @ W_K[:, cols].T  # d_model x d_model, rank <= d_head
        W_OV = W_V[:, cols] @ W_O[cols, :]
        scores = np.where(allowed, X @ W_QK @ X.T / np.sqrt(d_head), -np.inf)
        total += softmax(scores, axis=-1) @ X @ W_OV
    return total
