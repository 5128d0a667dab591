"""Your factors are the singular vectors alone, B = U_r and A = V_r^T: their product has every singular value equal to 1. The singular values must go into the product: B = U_r S_r and A = V_r^T, or S_r split between them."""

import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    if not 1 <= r <= min(delta.shape):
        raise ValueError("r must be between 1 and min(d_out, d_in)")
    U, _, Vt = np.linalg.svd(delta, full_matrices=False)
    return U[:, :r], Vt[:r]
