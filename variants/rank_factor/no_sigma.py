"""Your factors multiply back to U_r V_r^T, without the singular values: the kept directions are right but every one has length 1. Fold the singular values into one factor: C = U[:, :r] * s[:r] (or put them into R)."""

import numpy as np


def rank_factorization(A, tol=None):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if A.size == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    if tol is None:
        tol = s[0] * max(m, n) * np.finfo(float).eps
    r = int(np.sum(s > tol))
    return U[:, :r], Vt[:r]
