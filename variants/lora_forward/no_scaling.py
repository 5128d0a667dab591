"""You left out the scale alpha / r: the update is (alpha / r) B A, not B A. With alpha = 16 and r = 2, your update is eight times too small."""

import numpy as np


def _factors(W, A, B):
    W, A, B = (np.asarray(a, dtype=float) for a in (W, A, B))
    (d_out, d_in), r = W.shape, A.shape[0]
    if r < 1 or A.shape[1] != d_in or B.shape != (d_out, r):
        raise ValueError("shapes do not fit")
    return W, A, B, r


def lora_forward(X, W, A, B, alpha):
    W, A, B, _ = _factors(W, A, B)
    X = np.asarray(X, dtype=float)
    return X @ W.T + (X @ A.T) @ B.T


def lora_merge(W, A, B, alpha):
    W, A, B, _ = _factors(W, A, B)
    return W + B @ A


def lora_param_count(d_out, d_in, r):
    if r < 1 or d_out < 1 or d_in < 1:
        raise ValueError("sizes must be at least 1")
    return r * (d_in + d_out)

