"""You counted singular values greater than or equal to tol. The numerical rank counts those strictly greater than tol: with tol = 2, a singular value of exactly 2 does not count (use s > tol, not s >= tol)."""

import numpy as np


def numerical_rank(A, tol=None):
    A = np.asarray(A, dtype=float)
    if A.size == 0:
        return 0
    s = np.linalg.svd(A, compute_uv=False)
    if tol is None:
        tol = s[0] * max(A.shape) * np.finfo(float).eps
    return int(np.sum(s >= tol))
