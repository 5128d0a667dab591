"""Reference solution for rank-numerical."""

import numpy as np


def numerical_rank(A, tol=None):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2:
        raise ValueError(f"A must be a 2-D array, got {A.ndim} dimension(s)")
    if A.size == 0:
        return 0
    s = np.linalg.svd(A, compute_uv=False)
    if tol is None:
        tol = s[0] * max(A.shape) * np.finfo(np.float64).eps
    return int(np.count_nonzero(s > tol))
