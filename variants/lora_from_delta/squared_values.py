"""You put the singular values into both factors, B = U_r S_r and A = S_r V_r^T: the product then has S_r squared. Give them to one factor, or split each as sqrt(s_i) and sqrt(s_i)."""

import numpy as np


def lora_from_delta(delta, r):
    delta = np.asarray(delta, dtype=float)
    if not 1 <= r <= min(delta.shape):
        raise ValueError("r must be between 1 and min(d_out, d_in)")
    U, s, Vt = np.linalg.svd(delta, full_matrices=False)
    return U[:, :r] * s[:r], s[:r, None] * Vt[:r]
