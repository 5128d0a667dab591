"""You returned all min(m, n) singular directions: C @ R equals A, but C should have only r columns, one per singular value above the tolerance. Count r first (as in rank-numerical), then keep U[:, :r], s[:r] and Vt[:r]."""

import numpy as np


def rank_factorization(A, tol=None):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if A.size == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return U * s, Vt
