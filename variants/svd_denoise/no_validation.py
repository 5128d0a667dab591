"""You accept a negative sigma. A standard deviation is never negative; raise ValueError in both functions instead of computing a negative edge (which would keep every singular value)."""

import numpy as np


def noise_edge(m, n, sigma):
    return float(sigma * (np.sqrt(m) + np.sqrt(n)))


def denoise(A, sigma):
    A = np.asarray(A, dtype=float)
    edge = noise_edge(*A.shape, sigma)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    keep = s > edge
    return (U[:, keep] * s[keep]) @ Vt[keep]
