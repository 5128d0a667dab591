"""Your count did not change when a tolerance was passed in: is the `tol` argument used? Only when tol is None should the default s_max * max(m, n) * eps take its place."""

import numpy as np


def numerical_rank(A, tol=None):
    A = np.asarray(A, dtype=float)
    if A.size == 0:
        return 0
    s = np.linalg.svd(A, compute_uv=False)
    tol = s[0] * max(A.shape) * np.finfo(float).eps
    return int(np.sum(s > tol))
