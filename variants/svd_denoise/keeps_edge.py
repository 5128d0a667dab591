"""You kept the singular values at the edge as well as those above it (s >= edge). A value exactly at the edge is what noise alone reaches, so it is dropped: keep only s > edge."""

import numpy as np


def noise_edge(m, n, sigma):
    if sigma < 0:
        raise ValueError("sigma < 0")
    return float(sigma * (np.sqrt(m) + np.sqrt(n)))


def denoise(A, sigma):
    A = np.asarray(A, dtype=float)
    edge = noise_edge(*A.shape, sigma)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    keep = s >= edge
    return (U[:, keep] * s[keep]) @ Vt[keep]
