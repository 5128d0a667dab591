"""Your default tolerance does not scale with A: it looks like max(m, n) * eps without the factor s_max. Multiplying a matrix by 1e12 or 1e-12 does not change its rank, so the default must be s_max * max(m, n) * eps, relative to the largest singular value."""

import numpy as np


def rank_factorization(A, tol=None):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if A.size == 0:
        return np.zeros((m, 0)), np.zeros((0, n))
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    if tol is None:
        tol = max(m, n) * np.finfo(float).eps
    r = int(np.sum(s > tol))
    return U[:, :r] * s[:r], Vt[:r]
