"""With causal=True your output still lets a position see later ones: the flag is not applied. Set each head's scores where j > i to -inf before its softmax."""

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
    width = W_Q.shape[1]
    if n_heads < 1 or width % n_heads:
        raise ValueError("n_heads must divide the width")
    d_head = width // n_heads
    total = 0.0
    for h in range(n_heads):
        scores = X @ qk_circuit(W_Q, W_K, n_heads, h) @ X.T / np.sqrt(d_head)
        total = total + softmax(scores) @ X @ ov_circuit(W_V, W_O, n_heads, h)
    return total
