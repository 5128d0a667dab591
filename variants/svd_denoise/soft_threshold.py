"""You shrank the kept singular values by the edge (s - edge) instead of keeping them whole. That is soft thresholding, the svd-shrink exercise; denoising by hard thresholding keeps every singular value above the edge unchanged and drops the others."""

import numpy as np


def noise_edge(m, n, sigma):
    if sigma < 0:
        raise ValueError("sigma < 0")
    return float(sigma * (np.sqrt(m) + np.sqrt(n)))


def denoise(A, sigma):
    A = np.asarray(A, dtype=float)
    edge = noise_edge(*A.shape, sigma)
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U * np.maximum(s - edge, 0.0)) @ Vt
