"""Reference solution for svd-truncate."""

import numpy as np


def truncated_svd(A, k):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if not 0 <= k <= min(m, n):
        raise ValueError(f"k must be between 0 and min(m, n) = {min(m, n)}, got {k}")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, :k] * s[:k]) @ Vt[:k]
