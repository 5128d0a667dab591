"""Your edge is sigma * sqrt(m + n). The largest singular value of noise grows like sigma * (sqrt(m) + sqrt(n)), the sum of the two square roots, which is larger: for a 100 x 25 matrix that is 15 sigma, not 11.2 sigma."""

import numpy as np


def noise_edge(m, n, sigma):
    if sigma < 0:
        raise ValueError("sigma < 0")
    return float(sigma * np.sqrt(m + n))


def denoise(A, sigma):
    A = np.asarray(A, dtype=float)
    edge = noise_edge(*A.shape, sigma)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    keep = s > edge
    return (U[:, keep] * s[keep]) @ Vt[keep]
