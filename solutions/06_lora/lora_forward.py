"""Reference solution for lora-forward."""

import numpy as np


def _factors(W, A, B):
    W, A, B = (np.asarray(a, dtype=float) for a in (W, A, B))
    if W.ndim != 2 or A.ndim != 2 or B.ndim != 2:
        raise ValueError("W, A and B must be 2-D")
    (d_out, d_in), r = W.shape, A.shape[0]
    if r < 1:
        raise ValueError("the rank r = A.shape[0] must be at least 1")
    if A.shape[1] != d_in:
        raise ValueError(f"A has {A.shape[1]} columns, W has d_in = {d_in}")
    if B.shape != (d_out, r):  # a (1, r) B would broadcast silently
        raise ValueError(f"B must have shape {(d_out, r)}, got {B.shape}")
    return W, A, B, r


def lora_forward(X, W, A, B, alpha):
    W, A, B, r = _factors(W, A, B)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != W.shape[1]:
        raise ValueError(f"X must be (n, {W.shape[1]}), got {X.shape}")
    return X @ W.T + (alpha / r) * ((X @ A.T) @ B.T)  # (n, r) first: never the d_out x d_in product


def lora_merge(W, A, B, alpha):
    W, A, B, r = _factors(W, A, B)
    return W + (alpha / r) * (B @ A)


def lora_param_count(d_out, d_in, r):
    if r < 1 or d_out < 1 or d_in < 1:
        raise ValueError("d_out, d_in and r must be at least 1")
    return int(r * (d_in + d_out))
