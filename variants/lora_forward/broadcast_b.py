"""You did not check B's shape. A B of shape (1, r) gives X A^T B^T of shape (n, 1), which NumPy broadcasts over all d_out columns (and B A of shape (1, d_in), broadcast over W's rows): a wrong layer without any error. Raise ValueError unless B.shape == (d_out, r)."""

import numpy as np


def _factors(W, A, B):
    W, A, B = (np.asarray(a, dtype=float) for a in (W, A, B))
    r = A.shape[0]
    if r < 1 or A.shape[1] != W.shape[1]:
        raise ValueError("shapes do not fit")
    return W, A, B, r


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

