"""You kept the r smallest singular values (the last ones of np.linalg.svd, or the first ones of an ascending eigh). The best rank-r approximation keeps the r largest: U[:, :r], s[:r], Vt[:r]."""

import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    if not 1 <= r <= min(delta.shape):
        raise ValueError("r must be between 1 and min(d_out, d_in)")
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return U[:, -r:] * s[-r:], Vt[-r:]
