"""You added the heads' circuits first and took one softmax: that is one wide head, whose scores use W_Q W_K^T, the sum of all W_QK[h]. Multi-head attention gives each head its own softmax and adds the heads' outputs afterwards."""

import numpy as np


def softmax(x, axis=-1):
    top = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(top), top, 0.0))
    return e / np.sum(e, axis=axis, keepdims=True)


def qk_circuit(W_Q, W_K, n_heads, head):
    d = W_Q.shape[1] // n_heads
    return W_Q[:, head * d : (head + 1) * d] @ W_K[:, head * d : (head + 1) * d].T


def ov_circuit(W_V, W_O, n_heads, head):
    d = W_V.shape[1] // n_heads
    return W_V[:, head * d : (head + 1) * d] @ W_O[head * d : (head + 1) * d, :]


def mha_from_circuits(X, W_Q, W_K, W_V, W_O, n_heads, causal=False):
    X, W_Q, W_K, W_V, W_O = (np.asarray(a, dtype=float) for a in (X, W_Q, W_K, W_V, W_O))
    n, width = X.shape[0], W_Q.shape[1]
    if n_heads < 1 or width % n_heads:
        raise ValueError("n_heads must divide the width")
    d_head = width // n_heads
    allowed = np.tril(np.ones((n, n), dtype=bool)) if causal else np.ones((n, n), dtype=bool)
    W_QK = sum(qk_circuit(W_Q, W_K, n_heads, h) for h in range(n_heads))
    W_OV = sum(ov_circuit(W_V, W_O, n_heads, h) for h in range(n_heads))
    scores = np.where(allowed, X @ W_QK @ X.T / np.sqrt(d_head), -np.inf)
    return softmax(scores) @ X @ W_OV
