"""You kept k + 1 singular values instead of k (a slice like s[:k+1] or a loop that runs once too often). A rank-k approximation keeps exactly k."""

import numpy as np


def truncated_svd(A, k):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return (U[:, : k + 1] * s[: k + 1]) @ Vt[: k + 1]
