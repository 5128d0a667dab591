"""You accept a rank of 0 (A with no rows): alpha / 0 fails with ZeroDivisionError, or gives inf and NaN. A LoRA update has rank r >= 1; raise ValueError when A.shape[0] is 0."""

import numpy as np


def _factors(W, A, B):
    W, A, B = (np.asarray(a, dtype=float) for a in (W, A, B))
    (d_out, d_in), r = W.shape, A.shape[0]
    if A.shape[1] != d_in or B.shape != (d_out, r):
        raise ValueError("shapes do not fit")
    return W, A, B, r


def lora_forward(X, W, A, B, alpha):
    W, A, B, r = _factors(W, A, B)
    return np.asarray(X, dtype=float) @ W.T + (alpha / r) * (np.asarray(X, dtype=float) @ A.T) @ B.T


def lora_merge(W, A, B, alpha):
    W, A, B, r = _factors(W, A, B)
    return W + (alpha / r) * (B @ A)


def lora_param_count(d_out, d_in, r):
    return r * (d_in + d_out)
