"""Your edge is 2 * sigma * sqrt(max(m, n)), the square-matrix formula applied with the longer side. For a rectangular matrix the edge is sigma * (sqrt(m) + sqrt(n)), smaller: a 60 x 15 matrix has edge 11.6 sigma, not 15.5 sigma."""

import numpy as np


def noise_edge(m, n, sigma):
    if sigma < 0:
        raise ValueError("sigma < 0")
    return float(2 * sigma * np.sqrt(max(m, n)))


def denoise(A, sigma):
    A = np.asarray(A, dtype=float)
    edge = noise_edge(*A.shape, sigma)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    keep = s > edge
    return (U[:, keep] * s[keep]) @ Vt[keep]
