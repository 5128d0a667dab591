"""You multiplied U_k by V_k^T without the singular values in between. Each kept direction must be scaled by its singular value: U[:, :k] * s[:k] @ Vt[:k]."""

import numpy as np


def truncated_svd(A, k):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if not 0 <= k <= min(m, n):
        raise ValueError("bad k")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return U[:, :k] @ Vt[:k]
