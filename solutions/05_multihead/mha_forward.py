"""Reference solution for mha-forward: every head computed at once on a (heads, n, d_head) stack."""

import numpy as np


def softmax(x, axis=-1):
    top = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(top), top, 0.0))
    return e / np.sum(e, axis=axis, keepdims=True)


def multi_head_attention(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
    X, W_Q, W_K, W_V, W_O = (np.asarray(a, dtype=float) for a in (X, W_Q, W_K, W_V, W_O))
    n = X.shape[0]
    width = W_Q.shape[1]
    if n_heads < 1 or width % n_heads:
        raise ValueError(f"n_heads = {n_heads} must be >= 1 and divide the {width} columns of W_Q")
    d_head = width // n_heads

    def heads(W):  # columns h*d_head:(h+1)*d_head belong to head h
        return (X @ W).reshape(n, n_heads, d_head).transpose(1, 0, 2)

    Q, K, V = heads(W_Q), heads(W_K), heads(W_V)
    scores = Q @ K.transpose(0, 2, 1) / np.sqrt(d_head)
    if causal:
        scores = np.where(np.tril(np.ones((n, n), dtype=bool)), scores, -np.inf)
    out = softmax(scores) @ V  # (n_heads, n, d_head)
    return out.transpose(1, 0, 2).reshape(n, width) @ W_O
