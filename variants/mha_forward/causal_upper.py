"""Your causal mask keeps the upper triangle, so position i sees the future (j >= i). Keep j <= i: np.tril, not np.triu."""

import numpy as np


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def multi_head_attention(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
    X, W_Q, W_K, W_V, W_O = (np.asarray(a, dtype=float) for a in (X, W_Q, W_K, W_V, W_O))
    n, width = X.shape[0], W_Q.shape[1]
    if n_heads < 1 or width % n_heads:
        raise ValueError("bad n_heads")
    d_head = width // n_heads
    outputs = []
    for h in range(n_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        scores = (X @ W_Q[:, cols]) @ (X @ W_K[:, cols]).T / np.sqrt(d_head)
        if causal:
            scores = np.where(np.triu(np.ones((n, n), dtype=bool)), scores, -np.inf)
        outputs.append(softmax(scores) @ (X @ W_V[:, cols]))
    return np.concatenate(outputs, axis=1) @ W_O