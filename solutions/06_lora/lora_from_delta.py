"""Reference solution for lora-from-delta."""

import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    if not 1 <= r <= min(delta.shape):
        raise ValueError(f"r must be between 1 and min(d_out, d_in) = {min(delta.shape)}, got {r}")
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    root = np.sqrt(s[:r])  # split each singular value evenly between the two factors
    return U[:, :r] * root, root[:, None] * Vt[:r]
