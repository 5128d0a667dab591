"""You accept any r. NumPy slicing quietly cuts U[:, :r] to the columns that exist, so r = 4 on a 4 x 3 matrix returns factors of rank 3, and r = 0 returns empty ones. A rank-r adapter needs 1 <= r <= min(d_out, d_in): raise ValueError otherwise."""

import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return U[:, :r] * s[:r], Vt[:r]
