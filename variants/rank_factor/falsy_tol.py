"""You treated tol = 0.0 like a missing tolerance. A test such as `if not tol:` is true for 0.0 as well as for None; write `if tol is None:` so that an explicit tolerance of zero keeps every nonzero singular value."""

import numpy as np


def rank_factorization(A, tol=None):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if A.size == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    if not tol:
        tol = s[0] * max(m, n) * np.finfo(float).eps
    r = int(np.sum(s > tol))
    return U[:, :r] * s[:r], Vt[:r]
