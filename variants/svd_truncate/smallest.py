"""You kept the k smallest singular values. np.linalg.svd sorts them from largest to smallest, and Eckart-Young keeps the largest: take the first k, not the last k."""

import numpy as np


def truncated_svd(A, k):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    r = len(s)
    return (U[:, r - k:] * s[r - k:]) @ Vt[r - k:] if k else np.zeros_like(A)
