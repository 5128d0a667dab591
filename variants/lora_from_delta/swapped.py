"""You returned (A, B) instead of (B, A). The adapter is delta ~ B @ A with B of shape (d_out, r) on the left and A of shape (r, d_in) on the right; return them in that order."""

import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    if not 1 <= r <= min(delta.shape):
        raise ValueError("r must be between 1 and min(d_out, d_in)")
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return Vt[:r], U[:, :r] * s[:r]
