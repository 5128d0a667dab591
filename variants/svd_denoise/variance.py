"""Your edge uses sigma squared, the variance. The edge is in the units of the entries (and of the singular values), so it scales with the standard deviation itself: sigma * (sqrt(m) + sqrt(n))."""

import numpy as np


def noise_edge(m, n, sigma):
    if sigma < 0:
        raise ValueError("sigma < 0")
    return float(sigma ** 2 * (np.sqrt(m) + np.sqrt(n)))


def denoise(A, sigma):
    A = np.asarray(A, dtype=float)
    edge = noise_edge(*A.shape, sigma)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    keep = s > edge
    return (U[:, keep] * s[keep]) @ Vt[keep]
