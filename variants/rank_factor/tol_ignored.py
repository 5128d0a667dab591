"""Your factors did not change when a tolerance was passed in: is the `tol` argument used? Only when tol is None should the default s_max * max(m, n) * eps take its place."""

import numpy as np


def rank_factorization(A, tol=None):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if A.size == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    tol = s[0] * max(m, n) * np.finfo(float).eps
    r = int(np.sum(s > tol))
    return U[:, :r] * s[:r], Vt[:r]
