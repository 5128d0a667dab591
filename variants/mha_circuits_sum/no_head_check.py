"""Your function accepts a head count that does not divide the width of W_Q (or is 0) and quietly computes something. Raise ValueError unless n_heads >= 1 divides the number of columns of W_Q: then every head has d_head = width / n_heads whole columns."""

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
    n = X.shape[0]
    d_head = max(W_Q.shape[1] // max(n_heads, 1), 1)
    allowed = np.tril(np.ones((n, n), dtype=bool)) if causal else np.ones((n, n), dtype=bool)
    total = np.zeros((n, W_O.shape[1]))
    for h in range(n_heads):
        scores = np.where(allowed, X @ qk_circuit(W_Q, W_K, n_heads, h) @ X.T / np.sqrt(d_head), -np.inf)
        total = total + softmax(scores) @ X @ ov_circuit(W_V, W_O, n_heads, h)
    return total
