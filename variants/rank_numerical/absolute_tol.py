"""Your default tolerance does not scale with A: it looks like max(m, n) * eps without the factor s_max. Multiplying a matrix by 1e12 or 1e-12 does not change its rank, so the tolerance must grow and shrink with the largest singular value: s_max * max(m, n) * eps."""

import numpy as np


def numerical_rank(A, tol=None):
    A = np.asarray(A, dtype=float)
    if A.size == 0:
        return 0
    s = np.linalg.svd(A, compute_uv=False)
    if tol is None:
        tol = max(A.shape) * np.finfo(float).eps
    return int(np.sum(s > tol))
