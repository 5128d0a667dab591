"""Reference solution for svd-denoise."""

import numpy as np


def noise_edge(m, n, sigma):
    if sigma < 0:
        raise ValueError(f"sigma must be >= 0, got {sigma}")
    return float(sigma * (np.sqrt(m) + np.sqrt(n)))


def denoise(A, sigma):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"A must be a 2-D array, got {A.ndim} dimension(s)")
    edge = noise_edge(*A.shape, sigma)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    keep = s > edge
    return (U[:, keep] * s[keep]) @ Vt[keep]
