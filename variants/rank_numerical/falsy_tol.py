"""You treated tol = 0.0 like a missing tolerance. A test such as `if not tol:` is true for 0.0 as well as for None; write `if tol is None:` so that an explicit tolerance of zero counts every nonzero singular value."""

import numpy as np


def numerical_rank(A, tol=None):
    A = np.asarray(A, dtype=float)
    if A.size == 0:
        return 0
    s = np.linalg.svd(A, compute_uv=False)
    if not tol:
        tol = s[0] * max(A.shape) * np.finfo(float).eps
    return int(np.sum(s > tol))
